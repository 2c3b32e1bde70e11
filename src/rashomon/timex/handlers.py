"""Values of calendar expressions: days, months, quarters, seasons, years, decades, centuries."""

from __future__ import annotations

import datetime as dt
import re

from rashomon.timex import calendar as cal
from rashomon.timex import vague
from rashomon.timex.extract import Context, Handler, Timex
from rashomon.timex.words import (
    HOLIDAYS,
    MONTHS,
    ORDINALS,
    REFERENCES,
    SEASONS,
    WEEKDAYS,
    word_number,
)

# 'Friday night' is the day Friday in TimeML news annotation more often than Friday's night
# (TBAQ folds 2-5: 14 to 5); the extent still covers the part of day.
WEEKDAY_PART_AS_DAY = True
_EDGE_MOD = {"early": "START", "late": "END", "mid": "MID", "mid-": "MID", "the middle of": "MID"}
_EDGE_MOD.update({"the end of": "END", "the beginning of": "START"})


def _mod(word: str | None) -> str | None:
    return _EDGE_MOD.get((word or "").lower().strip())


def _absolute(m: re.Match[str], ctx: Context) -> Timex | None:
    y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
    if "/" in m.group(0) and mo > 12 >= d:  # 04/13/2019 written month first
        mo, d = d, mo
    day = cal.safe_date(y, mo, d)
    return None if day is None else vague.day_value(day, m, None)


def _clock_day(m: re.Match[str], ctx: Context) -> Timex | None:
    clock = vague.clock(m)
    if clock is None:
        return None
    if ctx.anchor is None:
        return Timex(0, 0, "TIME", None, "minute", None)
    day = cal.weekday(ctx.anchor, WEEKDAYS[m["wd"].lower()], ctx.direction)
    return Timex(0, 0, "TIME", day.isoformat() + clock, "minute", ctx.anchor_iso)


def _weekday(m: re.Match[str], ctx: Context) -> Timex | None:
    if m["month"] or m["month2"]:
        return _daymonth(m, ctx)
    if m["plural"] or m["plural2"]:  # 'Tuesdays', 'Tuesday nights': every such day
        part = f"T{cal.PART_CODES[m['part'].lower()]}" if m["part"] else ""
        return Timex(0, 0, "SET", f"XXXX-WXX-{WEEKDAYS[m['wd'].lower()] + 1}{part}", None, None)
    if ctx.anchor is None:
        return Timex(0, 0, "DATE", None, "day", None)
    mod = (m["mod"] or "").lower()
    # 'the previous Friday', 'the following Monday': from the day mentioned last (narrative)
    base = (ctx.last or ctx.anchor) if mod.startswith("the ") else ctx.anchor
    mod = mod.removeprefix("the ")
    day = cal.weekday(base, WEEKDAYS[m["wd"].lower()], 1 if mod == "next" else ctx.direction, mod)
    timex = vague.day_value(day, m, ctx.anchor)
    if timex.granularity == "partofday" and WEEKDAY_PART_AS_DAY:
        timex.type, timex.value, timex.granularity = "DATE", day.isoformat(), "day"
    return timex


def _daymonth(m: re.Match[str], ctx: Context) -> Timex | None:
    groups = m.groupdict()
    month = MONTHS[(groups.get("month") or groups["month2"]).lower().rstrip(".")]
    day = int(groups.get("day") or groups.get("day2") or 0)
    year = int(m["year"]) if m["year"] else cal.infer_year(ctx.anchor, month, day, ctx.direction)
    if year is None:
        return Timex(0, 0, "DATE", f"XXXX-{month:02d}-{day:02d}", "day", None)
    date = cal.safe_date(year, month, day)
    anchor = None if m["year"] else ctx.anchor
    if date is not None and groups.get("weekof"):  # 'the week of March 6'
        return Timex(
            0, 0, "DATE", cal.iso_week(date), "week", None if anchor is None else anchor.isoformat()
        )
    return None if date is None else vague.day_value(date, m, anchor)


def _monthyear(m: re.Match[str], ctx: Context) -> Timex | None:
    month = MONTHS[m["month"].lower().rstrip(".")]
    year = m["year"] or _word_year(m["wyear"])
    if year is None:
        return None
    return Timex(0, 0, "DATE", f"{year}-{month:02d}", "month", None, _mod(m["early"]))


def _month(m: re.Match[str], ctx: Context) -> Timex | None:
    month = MONTHS[m["month"].lower().rstrip(".")]
    rel = (m["rel"] or m["rel2"] or "").lower()
    if month in (3, 5) and not (rel or m["early"] or _after_preposition(m)):
        return None  # 'May' the verb, 'March' the walk: a month only after 'in', 'since', ...
    if rel in ("each", "every"):
        return Timex(0, 0, "SET", f"XXXX-{month:02d}", None, None)
    if ctx.anchor is None:
        return Timex(0, 0, "DATE", None, "month", None, _mod(m["early"]))
    year = cal.month_year(ctx.anchor, month, rel, ctx.direction)
    return Timex(0, 0, "DATE", f"{year}-{month:02d}", "month", ctx.anchor_iso, _mod(m["early"]))


_MONTH_PREPOSITIONS = frozenset(REFERENCES["month_prepositions"])


def _after_preposition(m: re.Match[str]) -> bool:
    """True when the word before the match is one that introduces a month ('in', 'since')."""
    before = m.string[max(0, m.start() - 12) : m.start()].split()
    return bool(before) and before[-1].lower() in _MONTH_PREPOSITIONS


def _quarter(m: re.Match[str], ctx: Context) -> Timex | None:
    unit, rel = m["qunit"].lower(), (m["rel"] or "").lower()
    if m["plural"] and not m["ord"]:
        return None
    number = _ordinal(m["ord"])
    det = (m["det"] or "").lower()
    if unit == "period" and not (rel or m["qyear"]):
        return None  # 'the period' alone is rarely a date
    if det in ("a", "") and not (number or rel or m["year"] or m["poss"]):
        return None  # 'a quarter of the vote', 'half the town'
    if unit == "half" and not (number or m["year"] or m["qrel"]):
        return None
    code = "H" if unit == "half" else "Q"
    if code == "H" and rel == "last" and (m["year"] or m["qrel"]):
        number, rel = 2, ""  # 'the last half of 1989' is its second half
    if m.string[m.end() : m.end() + 8].lower().startswith((" ended", " ending")) and not number:
        return Timex(0, 0, "DURATION", "P1Q" if code == "Q" else "P6M", None, None)
    year = m["year"] or m["qyear"]
    relyear = m["qrel"] or m["poss"]  # 'the first quarter of next year', "next year's first"
    if year is None and relyear and ctx.anchor:
        year = str(ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[relyear.split()[0].lower()])
    value = cal.quarter(ctx.anchor, ctx.quarter, code, number, rel, year, ctx.direction)
    if value and m["ago"] and value[:4].isdigit():  # 'the quarter a year ago'
        value = f"{int(value[:4]) - 1}{value[4:]}"
    return Timex(0, 0, "DATE", value, "quarter", ctx.anchor_iso)


def _fiscal(m: re.Match[str], ctx: Context) -> Timex | None:
    return Timex(0, 0, "DATE", m["year"], "year", None)


def _year(m: re.Match[str], ctx: Context) -> Timex | None:
    year = int(m["year"])
    if ctx.anchor and year > ctx.anchor.year + 30 or (year < 1900 and not m["prep"]):
        return None  # a number, not a year of this story
    if (m["prep"] or "and").lower() in ("and", "or", "to") and _counts_something(m):
        return None
    return Timex(0, 0, "DATE", m["year"], "year", None, _mod(m.groupdict().get("early")))


_COUNTED = re.compile(r"\s+(?!(?:was|is|has|as|its|this|his|us|plus|less|across)\b)[a-z]+s\b")
_DETERMINER = re.compile(r"\b(?:the|its|their|his|her|our|this|that|a|an)\s+$", re.I)


def _counts_something(m: re.Match[str]) -> bool:
    """'1700 airstrikes', '2000 troops': a count before a plural noun, unless 'the 1990 elections'."""
    after = _COUNTED.match(m.string, m.end()) or re.match(
        r"\s+(?:people|men|women|children)\b", m.string[m.end() :]
    )
    return bool(after) and not _DETERMINER.search(m.string[max(0, m.start() - 8) : m.start()])


def _word_year(words: str | None) -> str | None:
    """'nineteen ninety-six' -> '1996', 'the year two thousand' -> '2000'."""
    if not words:
        return None
    low = words.lower().removeprefix("the year ")
    if low.startswith("nineteen"):
        rest = low.removeprefix("nineteen").strip().removeprefix("hundred").strip()
        number = word_number(rest) if rest else 0.0
        return None if number is None or number >= 100 else f"19{int(number):02d}"
    number = word_number(low.replace(" and ", " "))
    return None if number is None else f"{int(number)}"


def _year_word(m: re.Match[str], ctx: Context) -> Timex | None:
    year = _word_year(m["wyear"])
    return None if year is None else Timex(0, 0, "DATE", year, "year", None)


def _decade(m: re.Match[str], ctx: Context) -> Timex | None:
    if m["rel"]:
        return vague.relative_decade(m, ctx)
    word = m["decade"].lower()
    if word[0] in "'’":
        value = "19" + word[1]
    elif word[0].isdigit():
        value = word[:3]
    else:
        number = word_number(word.replace("ies", "y"))
        if number is None:
            return None
        value = f"19{int(number) // 10}"
    return Timex(0, 0, "DATE", value, "decade", None, _mod(m["early"]))


def _century(m: re.Match[str], ctx: Context) -> Timex | None:
    number = _ordinal(m["ord"])
    return None if number is None else Timex(0, 0, "DATE", f"{number - 1:02d}", "century", None)


def _ordinal(word: str | None) -> int | None:
    if not word:
        return None
    low = word.lower()
    return ORDINALS.get(low) or (int(low[:-2]) if low[:-2].isdigit() else None)


def _season(m: re.Match[str], ctx: Context) -> Timex | None:
    code = SEASONS[m["season"].lower()]
    det = (m["det"] or "").lower()
    written = m["year"] or _word_year(m["wyear"])  # 'the winter of nineteen ninety-four'
    bare = det in ("", "the") and not (written or m["rel2"] or m["early"])
    if bare and not (det == "the" and code in ("SU", "WI")):
        return None  # 'fall' is a verb as often as a season; 'the spring' a well
    year: int | None = int(written) if written else None
    if year is None and m["rel2"] and ctx.anchor:
        year = ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[m["rel2"].split()[0].lower()]
    if year is None and ctx.anchor is not None:
        year = cal.season_year(ctx.anchor, code, det, ctx.direction)
    value = f"{year}-{code}" if year is not None else None
    return Timex(0, 0, "DATE", value, "season", ctx.anchor_iso, _mod(m["early"] or det))


def _holiday(m: re.Match[str], ctx: Context) -> Timex | None:
    name = m["holiday"].lower()
    if m["year"]:
        day = cal.holiday(name, int(m["year"]))
        return None if day is None else Timex(0, 0, "DATE", day.isoformat(), "day", None)
    if ctx.anchor is None:
        fixed = HOLIDAYS.get(name)
        value = f"XXXX-{fixed[0]:02d}-{fixed[1]:02d}" if fixed else None
        return Timex(0, 0, "DATE", value, "day", None)
    day = cal.holiday_near(name, ctx.anchor, (m["hrel"] or "").lower(), ctx.direction)
    return Timex(0, 0, "DATE", day.isoformat() if day else None, "day", ctx.anchor_iso)


def _deictic(m: re.Match[str], ctx: Context) -> Timex | None:
    word = m["word"].lower()
    if ctx.anchor is None:
        return Timex(0, 0, "DATE", None, "day", None)
    day = ctx.anchor + dt.timedelta(
        days={"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
    )
    t = vague.day_value(day, m, ctx.anchor)
    if t is not None and word == "tonight" and t.type == "DATE":
        t.type, t.value, t.granularity = "TIME", f"{day.isoformat()}TNI", "partofday"
    return t


def _dayrel(m: re.Match[str], ctx: Context) -> Timex | None:
    """'the previous day', 'the day after', 'that day': from the day mentioned last."""
    word = m["word"].lower()
    base = ctx.last or ctx.anchor
    if base is None:
        return Timex(0, 0, "DATE", None, "day", None)
    offset = (
        -1
        if ("previous" in word or "before" in word)
        else 1
        if ("next" in word or "after" in word or "following" in word)
        else 0
    )
    if "yesterday" in word or "tomorrow" in word:
        base, offset = ctx.anchor or base, offset * 2
    return Timex(
        0, 0, "DATE", (base + dt.timedelta(days=offset)).isoformat(), "day", base.isoformat()
    )


HANDLERS: dict[str, Handler] = {
    "iso": _absolute, "dmy": _absolute, "clock_day": _clock_day, "weekday": _weekday,
    "daymonth": _daymonth, "monthday": _daymonth, "clock_date": _daymonth, "monthyear": _monthyear, "month": _month,
    "quarter": _quarter, "fiscal": _fiscal, "year_word": _year_word, "year": _year,
    "decade": _decade, "century": _century, "season": _season, "holiday": _holiday,
    "deictic": _deictic, "part_deictic": _deictic, "dayrel": _dayrel, **vague.HANDLERS,
}  # fmt: skip
