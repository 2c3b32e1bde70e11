"""Find temporal expressions with precompiled rules and resolve each to a TIMEX3 value.

The scan is linear in the text: every rule is one pass of a regular expression, the candidate
spans are sorted once, and the leftmost-longest ones that do not overlap are kept. Values are
then resolved in text order, so "a year earlier" or "the quarter" can use the date or quarter
mentioned last (TimeML anchors narrative expressions that way).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from rashomon.timex import calendar as cal
from rashomon.timex.needs import absent, folded, needs
from rashomon.timex.rules import RULES
from rashomon.timex.words import REFERENCES, alternation

Tense = Callable[[int, int], int]  # (start, end) -> -1 past, 0 unknown, +1 future


@dataclass
class Timex:
    """One temporal expression: span, TIMEX3 type and value, and what it was resolved from."""

    start: int
    end: int
    type: str  # DATE, TIME, DURATION, SET
    value: str | None
    granularity: str | None = None
    anchor: str | None = None
    mod: str | None = None


@dataclass
class Context:
    """What a value is resolved against: the document date, the clause's tense, what came before."""

    anchor: dt.date | None
    direction: int = 0
    last: dt.date | None = None
    quarter: tuple[int, int] | None = None  # (year, quarter) mentioned last
    year: int | None = None  # the year of the date mentioned last ('that year')
    month: dt.date | None = None  # the first day of the month mentioned last ('the next month')

    @property
    def anchor_iso(self) -> str | None:
        """The document date as ISO text (None without one)."""
        return None if self.anchor is None else self.anchor.isoformat()


Handler = Callable[[re.Match[str], Context], Timex | None]
_FUTURE_CUE = re.compile(rf"\b(?:{alternation(REFERENCES['future_cues'])})\s+$", re.I)
_PAST_CUE = re.compile(rf"\b(?:{alternation(REFERENCES['past_cues'])})\s+$", re.I)
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
# Each rule with the words every match of it needs (timex/needs.py).
_RULES = [(name, pattern, needs(pattern)) for name, pattern in RULES]


def find_timexes(text: str, date: str | None, tense: Tense | None = None) -> list[Timex]:
    """Every temporal expression in ``text``, resolved against the document ``date`` when known."""
    from rashomon.timex.handlers import HANDLERS

    ctx = Context(cal.parse_anchor(date))
    ctx.last = ctx.anchor
    found: list[Timex] = []
    for start, end, name, m in _select(text):
        ctx.direction = tense(start, end) if tense else 0
        if _FUTURE_CUE.search(text, max(0, start - 24), start):
            ctx.direction = 1  # 'as soon as Tuesday': whatever the verb's tense
        elif _PAST_CUE.search(text, max(0, start - 24), start):
            ctx.direction = -1  # 'since March'
        timex = HANDLERS[name](m, ctx)
        if timex is None:
            continue
        timex.start, timex.end = start, timex.end or end  # a handler may end the span sooner
        _remember(ctx, timex)
        found.append(timex)
    return found


def _select(text: str) -> list[tuple[int, int, str, re.Match[str]]]:
    """The leftmost-longest candidate spans that do not overlap, in text order."""
    matches: list[tuple[int, int, int, str, re.Match[str]]] = []
    low = folded(text)
    for rank, (name, pattern, needed) in enumerate(_RULES):
        if absent(needed, low):  # a word every match holds is missing: no match
            continue
        for m in pattern.finditer(text):
            start, end = _extent(text, m)
            if end > start:
                matches.append((start, -(end - start), rank, name, m))
    matches.sort(key=lambda x: x[:3])
    kept: list[tuple[int, int, str, re.Match[str]]] = []
    for start, negative, _, name, m in matches:
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, start - negative, name, m))
    return kept


def _extent(text: str, m: re.Match[str]) -> tuple[int, int]:
    """The span TimeML would mark: the ``core`` group when a rule has one, no possessive 's."""
    groups = m.re.groupindex
    for core in ("core", "core2"):
        if core in groups and m.group(core) is not None:
            start, end = m.span(core)
            break
    else:
        start, end = m.span()
    while end > start and text[end - 1] in " ,":
        end -= 1
    if text.endswith(("'s", "’s"), start, end):
        end -= 2
    return start, end


def _remember(ctx: Context, timex: Timex) -> None:
    """Keep the last day and quarter mentioned, for the expressions anchored on them."""
    value = timex.value or ""
    if timex.type == "DATE" and re.match(r"\d{4}\b", value):
        ctx.year = int(value[:4])
    if month := re.match(r"(\d{4})-(\d\d)\b", value):
        ctx.month = dt.date(int(month.group(1)), int(month.group(2)), 1)
    if re.match(r"\d{4}-\d\d-\d\d", value):  # a day, or a time on one
        ctx.last = dt.date.fromisoformat(value[:10])
    elif match := _QUARTER.match(value):
        year, number = int(match.group(1)), int(match.group(2))
        ahead = ctx.anchor is not None and (year, number) > (
            ctx.anchor.year,
            (ctx.anchor.month - 1) // 3 + 1,
        )
        if ctx.quarter is None and not ahead:
            # A story is about the first quarter it reports (its lead); the quarters after it
            # are comparisons ('the year-ago quarter'), asides ('after a flat second
            # quarter') or forecasts (chosen by TBAQ fold mean over 'the latest one wins').
            ctx.quarter = (year, number)
