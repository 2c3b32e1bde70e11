"""Resolve one temporal expression in a line of text (a convenience for tests and scripts)."""

from __future__ import annotations

from rashomon.timex.calendar import duration
from rashomon.timex.extract import find_timexes

__all__ = ["duration", "resolve"]


def resolve(text: str, anchor: str | None) -> str | None:
    """The TIMEX3 value of the first temporal expression in ``text``, against an ISO date."""
    found = find_timexes(text, anchor)
    return found[0].value if found else None
