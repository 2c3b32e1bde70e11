"""Find temporal expressions with precompiled rules and resolve each to a TIMEX3 value."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from rashomon.timex import resolve as cal
from rashomon.timex.words import MONTHS, NUMBER_WORD, WEEKDAYS, word_number

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


_MON = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUM = rf"(?P<num>\d+(?:\.\d+)?|{NUMBER_WORD}|an?|several|a few|few|some)"
_UNIT = r"(?P<unit>seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?|centur(?:y|ies))"
_POS = r"(?:['’]s)?"
_PART = r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_DAYNUM = r"(?:the\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?"
_CLOCK = (
    r"(?:(?P<h>[0-2]?\d)[:.](?P<m>[0-5]\d)(?:[ \t]*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b))?"
    r"|(?P<h2>1[0-2]|0?[1-9])\s*(?P<ampm2>a\.m\.|p\.m\.)|half past (?P<half>\w+)(?: in the (?P<hp>morning|afternoon|evening))?"
    r"|(?P<noon>noon|midday|midnight))"
)
_TIME_TAIL = rf"(?:,?[ \t]*(?:-[ \t]*)?(?P<clock>{_CLOCK}))?"
_WD_ABBR = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?"

RULES: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"\b(?P<y>\d{{4}})-(?P<mo>\d\d)-(?P<d>\d\d)\b{_TIME_TAIL}", re.I)),
    (
        "dmy",
        re.compile(
            rf"(?:\b{_WD_ABBR},?\s+)?\b(?P<d>\d{{1,2}})/(?P<mo>\d{{1,2}})/(?P<y>\d{{4}})\b{_TIME_TAIL}",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            rf"\b(?:(?P<mod>last|next|this|coming|past|previous)\s+)?{_WD}{_POS}"
            rf"(?:,?\s+{_DAYNUM}\s+{_MON}(?:,?\s+{_YEAR})?)?{_PART}{_TIME_TAIL}\b",
            re.I,
        ),
    ),
    ("daymonth", re.compile(rf"\b{_DAYNUM}\s+{_MON}(?:,?\s+{_YEAR})?\b{_TIME_TAIL}", re.I)),
    (
        "monthday",
        re.compile(rf"\b{_MON}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR})?", re.I),
    ),
    ("monthyear", re.compile(rf"\b(?:(?P<early>early|late|mid-?)\s*)?{_MON}\s+{_YEAR}\b", re.I)),
    (
        "year",
        re.compile(
            rf"\b(?:in|since|until|till|by|during|from|before|after|between|and|of|to)\s+(?P<core>{_YEAR})\b(?!\s*(?:%|percent|people|[a-z]+s\b))",
            re.I,
        ),
    ),
    ("deictic", re.compile(rf"\b(?P<word>today|tonight|yesterday|tomorrow){_POS}{_PART}\b", re.I)),
    (
        "this_part",
        re.compile(
            r"\b(?P<rel>this|last|tomorrow|yesterday)\s+(?P<part>morning|afternoon|evening|night)\b",
            re.I,
        ),
    ),
    (
        "relunit",
        re.compile(
            r"\b(?:(?P<edge>(?:the\s+)?(?:end|beginning|start|middle) of|earlier|later)\s+)?"
            r"(?P<rel>last|next|this|the previous|the coming|the following|the past)\s+"
            rf"(?P<unit>week|month|year|weekend){_POS}\b",
            re.I,
        ),
    ),
    ("weekend", re.compile(r"\b(?:at|during|over)\s+(?P<core>the weekend)\b", re.I)),
    (
        "ago",
        re.compile(
            rf"\b{_NUM}\s+{_UNIT}\s+ago\b|\b(?P<bare>years|months|weeks|days)\s+ago\b", re.I
        ),
    ),
    (
        "present",
        re.compile(
            r"\b(?P<word>now|currently|nowadays|at present|at the moment)\b(?!\s+that)", re.I
        ),
    ),
    ("past", re.compile(r"\b(?P<word>recently|in the past|formerly)\b", re.I)),
    ("clock", re.compile(rf"\b{_CLOCK}", re.I)),
    (
        "partofday",
        re.compile(
            r"\b(?:in|until|till|by|during|through|since)\s+"
            r"(?P<core>the (?P<part>morning|afternoon|evening|night))\b",
            re.I,
        ),
    ),
    (
        "set",
        re.compile(
            r"\b(?:every|each)\s+(?P<unit>day|week|month|year|morning|night|evening)\b|\b(?P<adv>daily|weekly|monthly|annually|yearly|nightly)\b",
            re.I,
        ),
    ),
    (
        "duration",
        re.compile(rf"\b{_NUM}[\s-]+{_UNIT}(?:[\s-]long)?\b(?![\s-]+old)(?!\s+ago)", re.I),
    ),
    (
        "bare_duration",
        re.compile(
            r"\b(?P<unit>days|weeks|months|years)(?=\s+(?:of|after|before|later|earlier)\s)"
            r"|\b(?:for|in|within|over) (?P<core>(?P<unit2>days|weeks|months|years))\b(?!\s+ago)",
            re.I,
        ),
    ),
]
SETS = {
    "daily": "P1D",
    "weekly": "P1W",
    "monthly": "P1M",
    "annually": "P1Y",
    "yearly": "P1Y",
    "nightly": "P1D",
}
FUZZY = {"an": 1, "a": 1, "several": None, "a few": None, "few": None, "some": None}


def find_timexes(text: str, date: str | None, tense: Tense | None = None) -> list[Timex]:
    """Every temporal expression in ``text``, resolved against the document ``date`` when known."""
    anchor = cal.parse_anchor(date)
    matches: list[tuple[int, int, str, re.Match[str]]] = []
    for name, pattern in RULES:
        for m in pattern.finditer(text):
            core = "core" in pattern.groupindex and m.group("core") is not None
            start, end = m.span("core") if core else m.span()
            if text.endswith(("'s", "’s"), start, end) and name in (
                "weekday",
                "deictic",
                "relunit",
            ):
                end -= 2
            if end > start:
                matches.append((start, end, name, m))
    matches.sort(key=lambda x: (x[0], -(x[1] - x[0])))
    found: list[Timex] = []
    last = anchor
    for start, end, name, m in matches:
        if found and start < found[-1].end:
            continue
        direction = tense(start, end) if tense else 0
        timex = HANDLERS[name](m, anchor, direction, last)
        if timex is None:
            continue
        timex.start, timex.end = start, end
        if timex.value and re.match(r"\d{4}-\d\d-\d\d", timex.value):  # a day, or a time on one
            last = dt.date.fromisoformat(timex.value[:10])
        found.append(timex)
    return found


def _clock(m: re.Match[str]) -> str | None:
    """'10:30 a.m.' -> 'T10:30', 'half past ten' -> 'T10:30', 'noon' -> 'T12:00'."""
    if m.group("noon"):
        return "T24:00" if m.group("noon").lower() == "midnight" else "T12:00"
    if m.group("half"):
        hour = word_number(m.group("half"))
        if hour is None or not 0 < hour <= 12:
            return None
        hour = int(hour) + (12 if (m.group("hp") or "").lower() in ("afternoon", "evening") else 0)
        return f"T{hour:02d}:30"
    hour_s, minute = (m.group("h"), m.group("m")) if m.group("h") else (m.group("h2"), "00")
    if hour_s is None:
        return None
    hour, ampm = int(hour_s), (m.group("ampm") or m.group("ampm2") or "").lower()
    if m.group("h") and "." in m.group(0)[: len(hour_s) + 1] and not ampm:
        return None  # '10.30' without am/pm is more likely a number than a time
    if ampm.startswith("p") and hour < 12:
        hour += 12
    if ampm.startswith("a") and hour == 12:
        hour = 0
    return f"T{hour:02d}:{minute}" if hour <= 24 else None


def _day_value(day: dt.date | None, m: re.Match[str], anchor: dt.date | None) -> Timex | None:
    """A DATE (or TIME, with a clock or part of day) for a resolved day."""
    iso = None if day is None else day.isoformat()
    groups = m.groupdict()
    clock = _clock(m) if groups.get("clock") or groups.get("h") or groups.get("h2") else None
    if iso and clock:
        return Timex(0, 0, "TIME", iso + clock, "minute", _iso(anchor))
    part = groups.get("part")
    if iso and part:
        return Timex(
            0, 0, "TIME", f"{iso}T{cal.PARTS_OF_DAY[part.lower()]}", "partofday", _iso(anchor)
        )
    return Timex(0, 0, "DATE", iso, "day", _iso(anchor))


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _absolute(
    m: re.Match[str], anchor: dt.date | None, direction: int, last: dt.date | None
) -> Timex | None:
    g = m.groupdict()
    y, mo, d = int(g["y"]), int(g["mo"]), int(g["d"])
    if m.re is RULES[1][1] and mo > 12 >= d:  # 04/13/2019 written month first
        mo, d = d, mo
    day = cal.safe_date(y, mo, d)
    if day is None:
        return None
    t = _day_value(day, m, None)
    if t is not None:
        t.anchor = None
    return t


def _weekday(
    m: re.Match[str], anchor: dt.date | None, direction: int, last: dt.date | None
) -> Timex | None:
    g = m.groupdict()
    if g.get("month"):
        return _daymonth(m, anchor, direction, last)
    if anchor is None:
        return Timex(0, 0, "DATE", None, "day", None)
    mod = (g.get("mod") or "").lower()
    if mod == "next":
        direction = 1
    day = cal.weekday(anchor, WEEKDAYS[g["wd"].lower()], direction, mod)
    return _day_value(day, m, anchor)


def _daymonth(
    m: re.Match[str], anchor: dt.date | None, direction: int, last: dt.date | None
) -> Timex | None:
    g = m.groupdict()
    month, day = MONTHS[g["month"].lower().rstrip(".")], int(g["day"])
    if g.get("year"):
        year: int | None = int(g["year"])
        used = None
    else:
        year, used = cal.infer_year(anchor, month, day, direction), anchor
    if year is None:
        return Timex(0, 0, "DATE", f"XXXX-{month:02d}-{day:02d}", "day", None)
    date = cal.safe_date(year, month, day)
    if date is None:
        return None
    t = _day_value(date, m, used)
    return t


def _monthyear(
    m: re.Match[str], anchor: dt.date | None, direction: int, last: dt.date | None
) -> Timex | None:
    month = MONTHS[m.group("month").lower().rstrip(".")]
    early = (m.group("early") or "").lower()
    mod = {"early": "START", "late": "END"}.get(early, "MID" if early else None)
    return Timex(0, 0, "DATE", f"{m.group('year')}-{month:02d}", "month", None, mod)


def _year(
    m: re.Match[str], anchor: dt.date | None, direction: int, last: dt.date | None
) -> Timex | None:
    return Timex(0, 0, "DATE", m.group("year"), "year", None)


DEICTIC = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def _deictic(
    m: re.Match[str], anchor: dt.date | None, direction: int, last: dt.date | None
) -> Timex | None:
    word = m.group("word").lower()
    if anchor is None:
        return Timex(0, 0, "DATE", None, "day", None)
    day = anchor + dt.timedelta(days=DEICTIC[word])
    t = _day_value(day, m, anchor)
    if t is not None and word == "tonight" and t.type == "DATE":
        t.type, t.value, t.granularity = "TIME", f"{day.isoformat()}TNI", "partofday"
    return t


def _this_part(
    m: re.Match[str], anchor: dt.date | None, direction: int, last: dt.date | None
) -> Timex | None:
    if anchor is None:
        return Timex(0, 0, "TIME", None, "partofday", None)
    rel = m.group("rel").lower()
    offset = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[rel]
    if rel == "last" and m.group("part").lower() != "night":
        offset = -1
    day = anchor + dt.timedelta(days=offset)
    code = cal.PARTS_OF_DAY[m.group("part").lower()]
    return Timex(0, 0, "TIME", f"{day.isoformat()}T{code}", "partofday", anchor.isoformat())


REL_OFFSET = {
    "last": -1,
    "the previous": -1,
    "the past": -1,
    "this": 0,
    "next": 1,
    "the coming": 1,
    "the following": 1,
}


def _relunit(
    m: re.Match[str], anchor: dt.date | None, direction: int, last: dt.date | None
) -> Timex | None:
    unit = m.group("unit").lower()
    edge = (m.group("edge") or "").lower()
    mod = (
        "END"
        if "end" in edge
        else "START"
        if ("beginning" in edge or "start" in edge)
        else "MID"
        if "middle" in edge
        else None
    )
    if anchor is None:
        return Timex(0, 0, "DATE", None, unit, None, mod)
    value, gran = cal.shift_unit(anchor, unit, REL_OFFSET[m.group("rel").lower()])
    return Timex(0, 0, "DATE", value, gran, anchor.isoformat(), mod)


def _weekend(
    m: re.Match[str], anchor: dt.date | None, direction: int, last: dt.date | None
) -> Timex | None:
    if anchor is None:
        return Timex(0, 0, "DATE", None, "week", None)
    return Timex(0, 0, "DATE", cal.weekend(anchor, direction), "week", anchor.isoformat())


def _ago(
    m: re.Match[str], anchor: dt.date | None, direction: int, last: dt.date | None
) -> Timex | None:
    if m.group("bare") or anchor is None:
        return Timex(0, 0, "DATE", "PAST_REF", None, None)
    amount = _amount(m.group("num"))
    unit = m.group("unit").lower().rstrip("s")
    if amount is None or unit not in ("day", "week", "month", "year"):
        return Timex(0, 0, "DATE", "PAST_REF", None, None)
    n = int(amount)
    if unit == "day":
        return _day_value(anchor - dt.timedelta(days=n), m, anchor)
    if unit == "week":
        return Timex(
            0, 0, "DATE", cal.iso_week(anchor - dt.timedelta(weeks=n)), "week", anchor.isoformat()
        )
    value, gran = cal.shift_unit(anchor, unit, -n)
    return Timex(0, 0, "DATE", value, gran, anchor.isoformat())


def _present(
    m: re.Match[str], anchor: dt.date | None, direction: int, last: dt.date | None
) -> Timex | None:
    return Timex(0, 0, "DATE", "PRESENT_REF", None, None)


def _past(
    m: re.Match[str], anchor: dt.date | None, direction: int, last: dt.date | None
) -> Timex | None:
    return Timex(0, 0, "DATE", "PAST_REF", None, None)


def _clock_only(
    m: re.Match[str], anchor: dt.date | None, direction: int, last: dt.date | None
) -> Timex | None:
    clock = _clock(m)
    if clock is None:
        return None
    value = f"{last.isoformat()}{clock}" if last else f"X{clock}" if False else clock
    return Timex(0, 0, "TIME", value, "minute", _iso(last))


def _partofday(
    m: re.Match[str], anchor: dt.date | None, direction: int, last: dt.date | None
) -> Timex | None:
    code = cal.PARTS_OF_DAY[m.group("part").lower()]
    return Timex(
        0, 0, "TIME", f"{last.isoformat()}T{code}" if last else f"T{code}", "partofday", _iso(last)
    )


def _set(
    m: re.Match[str], anchor: dt.date | None, direction: int, last: dt.date | None
) -> Timex | None:
    if m.group("adv"):
        return Timex(0, 0, "SET", SETS[m.group("adv").lower()], None, None)
    unit = m.group("unit").lower()
    value = {"morning": "TMO", "night": "TNI", "evening": "TEV"}.get(unit)
    return Timex(0, 0, "SET", value or cal.duration(1, unit), None, None)


def _amount(word: str) -> float | None:
    low = word.lower()
    if low in FUZZY:
        return FUZZY[low]
    return word_number(low)


def _duration(
    m: re.Match[str], anchor: dt.date | None, direction: int, last: dt.date | None
) -> Timex | None:
    return Timex(
        0, 0, "DURATION", cal.duration(_amount(m.group("num")), m.group("unit")), None, None
    )


def _bare_duration(
    m: re.Match[str], anchor: dt.date | None, direction: int, last: dt.date | None
) -> Timex | None:
    unit = m.group("unit") or m.group("unit2")
    return Timex(0, 0, "DURATION", cal.duration(None, unit), None, None)


HANDLERS = {
    "iso": _absolute, "dmy": _absolute, "weekday": _weekday, "daymonth": _daymonth,
    "monthday": _daymonth, "monthyear": _monthyear, "year": _year, "deictic": _deictic,
    "this_part": _this_part, "relunit": _relunit, "weekend": _weekend, "ago": _ago,
    "present": _present, "past": _past, "clock": _clock_only, "partofday": _partofday,
    "set": _set, "duration": _duration, "bare_duration": _bare_duration,
}  # fmt: skip
