"""Values of relative, vague and unanchored expressions: weeks, 'ago', references, durations, sets."""

from __future__ import annotations

import datetime as dt
import re

from rashomon.timex import calendar as cal
from rashomon.timex.extract import Context, Handler, Timex
from rashomon.timex.words import MONTHS, PARTS_OF_DAY, REFERENCES, VAGUE, WEEKDAYS, word_number

REL_OFFSET = {
    "last": -1, "previous": -1, "past": -1, "this": 0, "current": 0, "that": 0, "the same": 0,
    "the": 0,
    "next": 1, "coming": 1, "following": 1,
}  # fmt: skip
SETS: dict[str, str] = REFERENCES["sets"]
_EDGES: tuple[tuple[str, str], ...] = (
    ("end", "END"), ("late", "END"), ("beginning", "START"), ("start", "START"),
    ("early", "START"), ("middle", "MID"), ("mid", "MID"),
)  # fmt: skip


def clock(m: re.Match[str]) -> str | None:
    """'10:30 a.m.' -> 'T10:30', 'half past ten' -> 'T10:30', 'noon' -> 'T12:00'."""
    if m["noon"]:
        return "T24:00" if m["noon"].lower() == "midnight" else "T12:00"
    if m["half"]:
        hour = word_number(m["half"])
        if hour is None or not 0 < hour <= 12:
            return None
        hour = int(hour) + (12 if (m["hp"] or "").lower() in ("afternoon", "evening") else 0)
        return f"T{hour:02d}:30"
    hour_s, minute = (m["h"], m["m"]) if m["h"] else (m["h2"], "00")
    if hour_s is None:
        return None
    hour, ampm = int(hour_s), (m["ampm"] or m["ampm2"] or "").lower()
    if m["h"] and "." in m.group(0)[: len(hour_s) + 1] and not ampm:
        return None  # '10.30' without am/pm is more likely a number than a time
    if ampm.startswith("p") and hour < 12:
        hour += 12
    if ampm.startswith("a") and hour == 12:
        hour = 0
    return f"T{hour:02d}:{minute}" if hour <= 24 else None


def day_value(day: dt.date, m: re.Match[str], anchor: dt.date | None) -> Timex:
    """A DATE (or TIME, with a clock or part of day) for a resolved day."""
    groups = m.groupdict()
    found = clock(m) if groups.get("clock") or groups.get("h") or groups.get("h2") else None
    anchor_iso = None if anchor is None else anchor.isoformat()
    if found:
        return Timex(0, 0, "TIME", day.isoformat() + found, "minute", anchor_iso)
    if part := groups.get("part"):
        code = PARTS_OF_DAY[part.lower()]
        return Timex(0, 0, "TIME", f"{day.isoformat()}T{code}", "partofday", anchor_iso)
    return Timex(0, 0, "DATE", day.isoformat(), "day", anchor_iso)


def _edge(text: str | None) -> str | None:
    low = (text or "").lower()
    return next((mod for word, mod in _EDGES if word in low), None)


def relative_decade(m: re.Match[str], ctx: Context) -> Timex | None:
    """'the last decade' -> '199' (the decade before the document's), 'this century' -> '20'."""
    if ctx.anchor is None:
        return Timex(0, 0, "DATE", None, "decade", None)
    offset = REL_OFFSET.get(m["rel"].lower(), 0)
    if m["dunit"].lower() == "century" and m["rel"].lower() == "this":
        return Timex(0, 0, "DURATION", "P100Y", None, None)  # TimeML news: 'this century'
    if m["dunit"].lower() == "century":
        return Timex(
            0, 0, "DATE", f"{ctx.anchor.year // 100 + offset:02d}", "century", ctx.anchor_iso
        )
    return Timex(0, 0, "DATE", f"{ctx.anchor.year // 10 + offset}", "decade", ctx.anchor_iso)


def _this_part(m: re.Match[str], ctx: Context) -> Timex | None:
    if ctx.anchor is None:
        return Timex(0, 0, "TIME", None, "partofday", None)
    rel = m["rel"].lower().split()[-1]
    offset = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[rel]
    day = ctx.anchor + dt.timedelta(days=offset)
    code = PARTS_OF_DAY[m["part"].lower()]
    return Timex(0, 0, "TIME", f"{day.isoformat()}T{code}", "partofday", ctx.anchor_iso)


def _relunit(m: re.Match[str], ctx: Context) -> Timex | None:
    unit = (m["unit"] or m["unit2"]).lower()
    mod = _edge(m["edge"]) or _edge(m["early2"])
    base = ctx.anchor
    if m["that"]:  # 'that year', 'the same week': the one of the day mentioned last
        base, offset = ctx.last or ctx.anchor, 0
        if m["that"].lower() == "the" and unit != "year":
            return None  # 'the week' is more often a stretch than a date
        if m["that"].lower() == "the" and _ending(m):
            return Timex(0, 0, "DURATION", "P1Y", None, None)  # 'for the year': a stretch
        if m["whole"] or m["that"].lower() == "the":
            # 'the year', 'the full year', 'the fiscal year': the document's year ('that year'
            # is the year of the date mentioned last)
            base = ctx.anchor
        elif unit == "year" and ctx.year is not None:
            return Timex(0, 0, "DATE", str(ctx.year), "year", ctx.anchor_iso)
    else:
        rel = m["rel"].lower().removeprefix("the ")
        offset = REL_OFFSET[rel]
        if rel == "following" and unit == "year" and ctx.year is not None:
            return Timex(0, 0, "DATE", str(ctx.year + 1), "year", ctx.anchor_iso)
        if rel in ("following", "previous") and m.group(0).lower().startswith("the"):
            # 'the following month': the one after the month or day mentioned last
            base = (ctx.month if unit == "month" else None) or ctx.last or ctx.anchor
        # 'the past month' is a stretch of a month (TimeML: P1M); 'the past year' in news is
        # the calendar year before (TBAQ: 2 of 2; 'the next year or so' likewise the next).
        if (
            rel in ("past", "last", "next", "coming")
            and m.group(0).lower().startswith("the")
            and unit not in ("weekend", "year")
        ):
            return Timex(0, 0, "DURATION", cal.duration(1, unit), None, None)
    if base is None:
        return Timex(0, 0, "DATE", None, unit, None, mod)
    value, gran = cal.shift_unit(base, unit, offset)
    return Timex(0, 0, "DATE", value, gran, base.isoformat(), mod)


def _yearend(m: re.Match[str], ctx: Context) -> Timex | None:
    if ctx.anchor is None:
        return Timex(0, 0, "DATE", None, "day", None)
    year = ctx.anchor.year - (1 if m["prep"].lower() in ("since", "after") else 0)
    return Timex(0, 0, "DATE", f"{year}-12-31", "day", ctx.anchor_iso)


def _ending(m: re.Match[str]) -> bool:
    """'the year ended March 31': a stretch of a year, not a calendar year.

    A bare 'for the year' is the calendar year in TimeML news ('a high for the year').
    """
    return m.string[m.end() : m.end() + 8].lower().startswith((" ended", " ending"))


def _weekend(m: re.Match[str], ctx: Context) -> Timex | None:
    if ctx.anchor is None:
        return Timex(0, 0, "DATE", None, "week", None)
    return Timex(0, 0, "DATE", cal.weekend(ctx.anchor, ctx.direction), "week", ctx.anchor_iso)


def amount(word: str | None) -> float | None:
    """The number of a count word ('three', '2 1/2', 'a couple of'); None when vague."""
    if not word:
        return None
    low = word.lower()
    if low in VAGUE:
        return VAGUE[low]
    if low.endswith(" 1/2"):
        whole = word_number(low[:-4])
        return None if whole is None else whole + 0.5
    return 0.5 if low == "a half" else word_number(low)


def _ago(m: re.Match[str], ctx: Context) -> Timex | None:
    if m["bare"]:
        return Timex(0, 0, "DATE", "PAST_REF", None, None)
    if m["year_ago"]:
        return _year_back(ctx, 1)
    word = m["dir"].lower()
    count, unit = amount(m["num"]), m["unit"].lower().removesuffix("s")
    if word in ("later", "after", "before") or (m["approx"] and word == "ago"):
        # TimeML marks 'three days' of 'three days later' (and 'about two years ago') as a
        # stretch of time, the word that places it being the signal, not the expression.
        end = m.end("unit") if word != "ago" else 0
        return Timex(0, end, "DURATION", cal.duration(count, unit), None, None)
    direction = -1 if word in ("ago", "earlier", "before") else 1
    base = (
        ctx.anchor if m["dir"].lower() in ("ago", "hence", "from now") else (ctx.last or ctx.anchor)
    )
    if base is None or count is None or count != int(count):
        return Timex(0, 0, "DATE", "PAST_REF" if direction < 0 else "FUTURE_REF", None, None)
    if unit == "year" and count == 1 and ctx.quarter:  # in a story about a quarter
        return _year_back(ctx, int(count))
    value, gran = cal.shift_by(base, unit, int(count) * direction)
    if value is None:
        return Timex(0, 0, "DATE", "PAST_REF" if direction < 0 else "FUTURE_REF", None, None)
    return Timex(0, 0, "DATE", value, gran, base.isoformat())


def _year_back(ctx: Context, years: int) -> Timex:
    """'a year earlier' in a story about a quarter: that quarter, a year before."""
    if ctx.quarter:
        year, quarter = ctx.quarter
        return Timex(0, 0, "DATE", f"{year - years}-Q{quarter}", "quarter", ctx.anchor_iso)
    base = ctx.last or ctx.anchor
    value = None if base is None else str(base.year - years)
    return Timex(0, 0, "DATE", value, "year", ctx.anchor_iso)


def _ref(value: str) -> Handler:
    def handler(m: re.Match[str], ctx: Context) -> Timex | None:
        return Timex(0, 0, "DATE", value, None, None)

    return handler


def _clock_only(m: re.Match[str], ctx: Context) -> Timex | None:
    found = clock(m)
    if found is None:
        return None
    value = f"{ctx.last.isoformat()}{found}" if ctx.last else found
    return Timex(0, 0, "TIME", value, "minute", None if ctx.last is None else ctx.last.isoformat())


def _partofday(m: re.Match[str], ctx: Context) -> Timex | None:
    code = PARTS_OF_DAY[m["part"].lower()]
    value = f"{ctx.last.isoformat()}T{code}" if ctx.last else f"T{code}"
    return Timex(
        0, 0, "TIME", value, "partofday", None if ctx.last is None else ctx.last.isoformat()
    )


def _set(m: re.Match[str], ctx: Context) -> Timex | None:
    if m["adv"]:
        return Timex(0, 0, "SET", SETS[m["adv"].lower()], None, None)
    unit = (m["unit"] or m["unit2"]).lower()
    if code := {"morning": "TMO", "night": "TNI", "evening": "TEV"}.get(unit):
        return Timex(0, 0, "SET", code, None, None)
    if unit in WEEKDAYS and m["unit"][0].isupper():
        return Timex(0, 0, "SET", f"XXXX-WXX-{WEEKDAYS[unit] + 1}", None, None)
    if unit in MONTHS and m["unit"][0].isupper():  # 'each may choose' is no month
        return Timex(0, 0, "SET", f"XXXX-{MONTHS[unit]:02d}", None, None)
    if unit not in cal.UNIT_CODES:
        return None
    count = 2 if (m["count"] or "").lower() == "other" else amount(m["count"]) or 1
    return Timex(0, 0, "SET", cal.duration(count, unit), None, None)


def _duration(m: re.Match[str], ctx: Context) -> Timex | None:
    unit = m["unit"].lower()
    count = amount(m["num"])
    if count == 1 and unit in ("second", "quarter") and m["num"].lower() in ("a", "an"):
        return None  # 'a second attack', 'a quarter of the vote'
    if unit.startswith("quarter") and "-" in m.group(0):
        return None  # 'three-quarters' of something
    if m["num"].lower() in ("a", "an") and not (m["span"] or m["approx"]) and _after_amount(m):
        return Timex(0, 0, "SET", cal.duration(1, unit), None, None)  # '$3 million a year'
    if (
        m["low"]
        or (m["span"] and "few" in m["span"].lower())
        or (m["span"] or "").lower().endswith("several")
    ):
        count = None
    if "and a half" in m.group(0).lower() and count is not None:
        count += 0.5
    return Timex(0, 0, "DURATION", cal.duration(count, unit), None, None)


_NOT_RATE = frozenset(REFERENCES["not_rate"])


def _after_amount(m: re.Match[str]) -> bool:
    """'a year' right after an amount or a plural noun: a rate ('50,000 copies a year')."""
    before = m.string[max(0, m.start() - 30) : m.start()].split()
    if not before:
        return False
    word = before[-1].strip(",.;:").lower()
    return word not in _NOT_RATE and (
        word[:1].isdigit() or word.endswith("s") or word in ("million", "billion")
    )


def _bare_duration(m: re.Match[str], ctx: Context) -> Timex | None:
    unit = m["unit"] or m["unit2"] or m["unit3"]
    return Timex(0, 0, "DURATION", cal.duration(None, unit), None, None)


HANDLERS: dict[str, Handler] = {
    "this_part": _this_part, "relunit": _relunit, "weekend": _weekend, "yearend": _yearend, "ago": _ago,
    "present": _ref("PRESENT_REF"), "past": _ref("PAST_REF"), "future": _ref("FUTURE_REF"),
    "clock": _clock_only, "partofday": _partofday, "set": _set, "duration": _duration,
    "bare_duration": _bare_duration,
}  # fmt: skip
