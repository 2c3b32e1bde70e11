"""Temporal expressions: find them in text and resolve them to TimeML TIMEX3 values."""

from rashomon.timex.extract import Timex, find_timexes
from rashomon.timex.resolve import resolve

__all__ = ["Timex", "find_timexes", "resolve"]
