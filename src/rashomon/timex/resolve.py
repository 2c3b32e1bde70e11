"""Calendar arithmetic: turn a parsed temporal expression into a TimeML TIMEX3 value.

Conventions (see docs/claims-events-time.md): a bare weekday points to the most recent such
day on or before the document date, unless the clause is about the future ("will", "is
expected to", "next"), then to the first such day on or after it; "last"/"next" skip the
document's own day. Without a document date, relative expressions stay unresolved (None).
"""

from __future__ import annotations

import datetime as dt

PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
UNIT_CODES = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "month": "M",
    "year": "Y", "decade": "0Y", "century": "00Y", "fortnight": "2W",
}  # fmt: skip


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


def duration(amount: float | None, unit: str) -> str:
    """'P3M', 'PT2H', 'PXY' (amount unknown) in ISO 8601 duration form."""
    unit = unit.lower().rstrip("s")
    code = UNIT_CODES.get(unit, "D")
    number = "X" if amount is None else f"{amount:g}"
    if code.startswith("0"):  # decades and centuries count in years
        number = "X" if amount is None else f"{amount * (10 if code == '0Y' else 100):g}"
        code = "Y"
    prefix = "PT" if unit in ("second", "minute", "hour") else "P"
    return f"{prefix}{number}{code}"


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when the parts do not make one."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


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
        if direction <= 0 and gap > 31 or direction > 0 and gap < -31:
            continue
        if best is None or abs(gap) < abs((best - anchor).days):
            best = cand
    return best.year if best else None


def resolve(text: str, anchor: str | None) -> str | None:
    """Resolve a temporal expression against an ISO date (a convenience for tests and scripts)."""
    from rashomon.timex.extract import find_timexes

    found = find_timexes(text, anchor)
    return found[0].value if found else None
