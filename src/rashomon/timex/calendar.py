"""Calendar arithmetic: turn a parsed temporal expression into a TimeML TIMEX3 value.

Conventions (see docs/claims-events-time.md): a bare weekday points to the most recent such
day on or before the document date, unless the clause is about the future ("will", "is
expected to", "next"), then to the first such day on or after it; "last"/"next" skip the
document's own day. Without a document date, relative expressions stay unresolved (None).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rashomon.timex.words import FLOATING, HOLIDAYS, TIME_UNITS
from rashomon.timex.words import PARTS_OF_DAY as WORD_PARTS

PARTS_OF_DAY: dict[str, str] = WORD_PARTS
PART_CODES = PARTS_OF_DAY
UNIT_CODES: dict[str, dict[str, Any]] = TIME_UNITS


def parse_anchor(date: str | None) -> dt.date | None:
    """The document date as a ``date`` (None when missing or unreadable)."""
    if not date:
        return None
    try:
        return dt.date.fromisoformat(date[:10])
    except ValueError:
        return None


def weekday(anchor: dt.date, target: int, direction: int, modifier: str = "") -> dt.date:
    """The weekday ``target`` (0 = Monday) relative to ``anchor`` in ``direction`` (-1 past, +1 future)."""
    diff = target - anchor.weekday()
    if modifier in ("last", "past", "previous"):
        return anchor + dt.timedelta(days=diff - 7 if diff >= 0 else diff)
    if modifier in ("next", "coming", "following"):
        return anchor + dt.timedelta(days=diff + 7 if diff <= 0 else diff)
    if modifier == "this":
        return anchor + dt.timedelta(days=diff)
    if direction > 0:
        return anchor + dt.timedelta(days=diff % 7)
    return anchor - dt.timedelta(days=(-diff) % 7)


def iso_week(day: dt.date) -> str:
    """'2019-W15' for a day of that ISO week."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def shift_unit(anchor: dt.date, unit: str, offset: int) -> tuple[str, str]:
    """Value and granularity of 'last/this/next week|month|year|weekend' (offset -1, 0, +1)."""
    if unit == "year":
        return str(anchor.year + offset), "year"
    if unit == "month":
        month = anchor.month - 1 + offset
        return f"{anchor.year + month // 12}-{month % 12 + 1:02d}", "month"
    day = anchor + dt.timedelta(weeks=offset)
    if unit == "weekend":
        return iso_week(day) + "-WE", "week"
    return iso_week(day), "week"


def weekend(anchor: dt.date, direction: int) -> str:
    """The weekend meant by 'at the weekend': the last one in past clauses, else the coming one."""
    if anchor.weekday() >= 5:
        return iso_week(anchor) + "-WE"
    offset = -1 if direction <= 0 else 0
    return iso_week(anchor + dt.timedelta(weeks=offset)) + "-WE"


# Half a unit written in the next smaller one: '2 1/2 years' -> P2Y6M (TimeML's form).
_HALVES = {"Y": "6M", "M": "15D", "W": "3D", "D": "T12H", "H": "30M", "Q": "1M15D"}


def duration(amount: float | None, unit: str) -> str:
    """'P3M', 'PT2H', 'P10Y' (a decade), 'PXY' (amount unknown) in ISO 8601 duration form."""
    low = unit.lower()
    low = "century" if low == "centuries" else low.removesuffix("s")
    entry = UNIT_CODES.get(low, {"code": "D"})
    prefix = "PT" if entry.get("clock") else "P"
    if amount is None:
        return f"{prefix}X{entry['code']}"
    total = amount * entry.get("times", 1)
    code = entry["code"]
    if total != int(total) and total * 2 == int(total * 2):
        half = "30S" if low == "minute" else _HALVES.get(code, "")
        whole = f"{int(total)}{code}" if int(total) else ""
        return f"{prefix}{whole}{half}" if half else f"{prefix}{total:g}{code}"
    return f"{prefix}{total:g}{code}"


def shift_by(anchor: dt.date, unit: str, offset: int) -> tuple[str | None, str | None]:
    """The day, week, month, quarter or year ``offset`` units from ``anchor`` ('3 weeks ago')."""
    if unit in ("day", "night"):
        return (anchor + dt.timedelta(days=offset)).isoformat(), "day"
    if unit in ("week", "fortnight"):
        weeks = offset * (2 if unit == "fortnight" else 1)
        return iso_week(anchor + dt.timedelta(weeks=weeks)), "week"
    if unit in ("month", "year"):
        return shift_unit(anchor, unit, offset)
    if unit in ("decade", "century"):
        years = offset * (10 if unit == "decade" else 100)
        return str(anchor.year + years), "year"
    if unit == "quarter":
        index = anchor.year * 4 + (anchor.month - 1) // 3 + offset
        return f"{index // 4}-Q{index % 4 + 1}", "quarter"
    return None, None


def month_year(anchor: dt.date, month: int, rel: str, direction: int) -> int:
    """The year of a month named without one: 'last April' the latest before the document's."""
    word = rel.split()[0] if rel else ""
    if word == "last" and rel.endswith("year"):
        return anchor.year - 1
    if word == "next" and rel.endswith("year"):
        return anchor.year + 1
    if word == "this":
        return anchor.year
    if word == "last":
        return anchor.year if month < anchor.month else anchor.year - 1
    if word == "next":
        return anchor.year if month > anchor.month else anchor.year + 1
    if direction > 0:
        return anchor.year + (1 if month < anchor.month else 0)
    if direction < 0:
        return anchor.year - (1 if month > anchor.month + 1 else 0)  # "until mid-November"
    gap = month - anchor.month  # unknown tense: the nearest such month, the past on a tie
    return anchor.year + (1 if gap < -6 else -1 if gap >= 6 else 0)


def quarter(
    anchor: dt.date | None,
    last: tuple[int, int] | None,
    code: str,
    number: int | None,
    rel: str,
    year: str | None,
    direction: int,
) -> str | None:
    """A quarter or half ('1989-Q3', '1989-H2'): written, the one mentioned last, or the latest."""
    if year and number:
        return f"{year}-{code}{number}"
    if year and last and code == "Q":  # 'the 1988 quarter': the quarter in question, in 1988
        return f"{year}-Q{last[1]}"
    if anchor is None:
        return f"XXXX-{code}{number}" if number else None
    per_year = 4 if code == "Q" else 2
    current = (anchor.month - 1) // (12 // per_year) + 1
    if number and rel in ("year-ago", "year-earlier"):
        base = int(year) if year else (last[0] if last else anchor.year)
        return f"{base - 1}-{code}{number}"
    if number:  # the latest such quarter (news reports quarters past), unless "next"
        if rel in ("next", "coming"):
            return f"{anchor.year + (1 if number < current else 0)}-{code}{number}"
        return f"{anchor.year - (1 if number > current else 0)}-{code}{number}"
    if code == "Q" and last and rel in ("", "same", "fiscal"):
        return f"{last[0]}-Q{last[1]}"
    if code == "Q" and last and rel in ("year-ago", "year-earlier"):
        return f"{last[0] - 1}-Q{last[1]}"
    offset = {"current": 0, "this": 0, "next": 1, "coming": 1, "year-ago": -per_year - 1}
    offset["year-earlier"] = offset["year-ago"]
    index = anchor.year * per_year + current - 1 + offset.get(rel, -1)
    return f"{index // per_year}-{code}{index % per_year + 1}"


def season_year(anchor: dt.date, code: str, det: str, direction: int) -> int:
    """The year of a season named without one ('last fall', 'this summer', 'the spring')."""
    starts = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
    started = anchor.month >= starts[code] or (code == "WI" and anchor.month <= 2)
    winter_shift = 1 if code == "WI" and anchor.month <= 2 else 0
    if det.startswith("last") or det == "this past":
        return (
            anchor.year
            - winter_shift
            - (0 if started and not winter_shift and anchor.month >= starts[code] + 3 else 1)
        )
    if det.startswith("next") or det == "this coming":
        return anchor.year + (1 if started else 0)
    return anchor.year - winter_shift


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when the parts do not make one."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# How far a day may fall on the other side of the document date than its clause's tense says
# (news dates its past events ahead and its schedules behind; tuned on tbaq folds 2-5).
INFER_SLACK_DAYS = 62


def infer_year(anchor: dt.date | None, month: int, day: int, direction: int) -> int | None:
    """The year of a 'day month' without year: the one that puts it nearest the anchor."""
    if anchor is None:
        return None
    best = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        cand = safe_date(year, month, day)
        if cand is None:
            continue
        gap = (cand - anchor).days
        if direction < 0 and gap > INFER_SLACK_DAYS or direction > 0 and gap < -INFER_SLACK_DAYS:
            continue
        if best is None or abs(gap) < abs((best - anchor).days):
            best = cand
    return best.year if best else None


def holiday(name: str, year: int) -> dt.date | None:
    """The day of a holiday in ``year``: a fixed day, or the nth weekday of its month."""
    if name in HOLIDAYS:
        return safe_date(year, *HOLIDAYS[name])
    month, target, nth = FLOATING[name]
    if nth < 0:  # the last such weekday: count back from the first day of the next month
        end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        return end - dt.timedelta(days=(end.weekday() - target) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(target - first.weekday()) % 7 + 7 * (nth - 1))


def holiday_near(name: str, anchor: dt.date, rel: str, direction: int) -> dt.date | None:
    """A holiday named without a year: 'last' the latest before, 'next' the first after, else
    the one of the year :func:`infer_year` picks."""
    this_year = holiday(name, anchor.year)
    if this_year is None:
        return None
    if rel == "last" and this_year >= anchor:
        return holiday(name, anchor.year - 1)
    if rel == "next" and this_year <= anchor:
        return holiday(name, anchor.year + 1)
    if rel:
        return this_year
    year = infer_year(anchor, this_year.month, this_year.day, direction)
    return None if year is None else holiday(name, year)
