"""Number words and calendar names, read from ``lang/en/numbers.yaml`` and ``time_calendar.yaml``."""

from __future__ import annotations

import re
from typing import Any

from rashomon import lang


def _names(section: str) -> dict[str, Any]:
    """A calendar section as ``{name: key}`` (every spelling of each entry)."""
    table = lang.table("time_calendar")[section]
    return {name: key for key, names in table.items() for name in names}


_NUMBERS = lang.table("numbers")
UNITS: dict[str, int] = dict(_NUMBERS["units"])
TENS: dict[str, int] = dict(_NUMBERS["tens"])
SCALES: dict[str, int] = dict(_NUMBERS["scales"])
ORDINALS: dict[str, int] = dict(_NUMBERS["ordinals"])
VAGUE: dict[str, int | None] = dict(_NUMBERS["vague"])
MONTHS: dict[str, int] = {name: int(number) for name, number in _names("months").items()}
# Full weekday names only: abbreviations such as 'sat' or 'sun' are common words on their own.
WEEKDAY_NAMES: dict[str, int] = {n: int(number) for n, number in _names("weekdays").items()}
WEEKDAYS: dict[str, int] = {n: d for n, d in WEEKDAY_NAMES.items() if n.endswith("day")}
SEASONS: dict[str, str] = _names("seasons")
PARTS_OF_DAY: dict[str, str] = _names("parts_of_day")
HOLIDAYS: dict[str, tuple[int, int]] = {
    name: (int(md[0]), int(md[1])) for name, md in lang.table("time_calendar")["holidays"].items()
}
FLOATING: dict[str, tuple[int, int, int]] = {
    name: (int(rule[0]), int(rule[1]), int(rule[2]))
    for name, rule in lang.table("time_calendar")["floating_holidays"].items()
}
TIME_UNITS: dict[str, dict[str, Any]] = dict(lang.table("time_units"))
REFERENCES: dict[str, Any] = dict(lang.table("time_references"))


def alternation(names: object) -> str:
    """A regex alternation of names, longest first (so 'sept' wins over 'sep')."""
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))  # type: ignore[call-overload]


_SMALL = [w for w in UNITS if w not in ("a", "an")]
NUMBER_WORD = (
    rf"(?:(?:{alternation(TENS)})(?:-(?:{alternation([w for w in _SMALL if UNITS[w] < 10])}))?"
    rf"|{alternation(_SMALL)})"
)


def word_number(text: str) -> float | None:
    """'two hundred' -> 200, 'forty-five' -> 45, '1,700' -> 1700, '2.5 million' -> 2500000."""
    words = text.lower().replace(",", "").replace("-", " ").split()
    if not words:
        return None
    total, current, seen = 0.0, 0.0, False
    for word in words:
        if word == "and":
            continue
        try:
            current += float(word)
            seen = True
            continue
        except ValueError:
            pass
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in SCALES:
            scale = SCALES[word]
            current = (current or 1) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
        else:
            return None
        seen = True
    return total + current if seen else None
