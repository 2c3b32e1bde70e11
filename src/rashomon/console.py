"""Shared Rich consoles: results on stdout, progress and problems on stderr."""

from __future__ import annotations

from rich.console import Console

console = Console()
err_console = Console(stderr=True)
