"""rashomon: lay out who claims what across conflicting news accounts, with evidence."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
