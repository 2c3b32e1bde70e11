"""Find quantities in text: figures, number words, vague amounts, ranges, hedges, and their type.

Bounds (documented in docs/claims-events-time.md): exact ``N`` -> low = high = N; "between A and
B"/"A to B" -> A..B; "at least N" -> N..None; "more than/over N" -> N+1..None; "nearly/almost
N", "up to N", "as many as N" -> None..N; "fewer/less than N" -> None..N-1; "about/some/roughly
N" -> N..N approx; "dozens" 24..99, "hundreds" 200..999, "thousands" 2000..9999.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rashomon.timex.words import NUMBER_WORD, word_number

_FIG = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s+(?:hundred|thousand|million|billion))?"
_WORDNUM = (
    rf"{NUMBER_WORD}(?:[\s-]+(?:hundred|thousand|million|billion)(?:\s+(?:and\s+)?{NUMBER_WORD})?)?"
)
_NUM = rf"(?:(?:{_FIG}){_SCALE}|(?:a|one)\s+(?:hundred|thousand|million)|{_WORDNUM})"
HEDGES = {
    "more than": "gt", "over": "gt", "just over": "gt", "upwards of": "ge", "at least": "ge",
    "no fewer than": "ge", "no less than": "ge", "nearly": "le", "almost": "le", "up to": "le",
    "as many as": "le", "at most": "le", "fewer than": "lt", "less than": "lt", "under": "lt",
    "about": "approx", "around": "approx", "some": "approx", "roughly": "approx",
    "approximately": "approx", "an estimated": "approx", "estimated": "approx", "nearly all": "le",
}  # fmt: skip
_HEDGE = "|".join(sorted((re.escape(h) for h in HEDGES), key=len, reverse=True))
VAGUE = {
    "dozens": (24, 99), "scores": (40, 99), "hundreds": (200, 999), "thousands": (2000, 9999),
    "tens of thousands": (20000, 99999), "hundreds of thousands": (200000, 999999),
    "millions": (2_000_000, 9_999_999), "a dozen": (12, 12), "a handful": (3, 9),
    "several": (3, 9),
}  # fmt: skip
# Fractions of a whole ('a third of the city') are proportions, typed as percent.
FRACTIONS = {
    "half": 50, "a half": 50, "a third": 33.3, "one third": 33.3, "two thirds": 66.7,
    "two-thirds": 66.7, "a quarter": 25, "one quarter": 25, "three quarters": 75,
}  # fmt: skip
_FRACTION = "|".join(sorted((re.escape(f) for f in FRACTIONS), key=len, reverse=True))
_VAGUE = "|".join(sorted((re.escape(v) for v in VAGUE), key=len, reverse=True))
CURRENCY = r"[$£€¥]"
QUANTITY = re.compile(
    rf"(?<![\w.,:/-])(?:(?P<hedge>{_HEDGE})\s+)?(?P<cur>{CURRENCY})?(?:"
    rf"(?:between\s+(?P<cur2>{CURRENCY})?(?P<lo>{_NUM})\s+and\s+{CURRENCY}?(?P<hi>{_NUM}))"
    rf"|(?:from\s+)?{CURRENCY}?(?P<lo2>{_FIG}){_SCALE}\s*(?:to|-|–)\s*{CURRENCY}?(?P<hi2>{_FIG}{_SCALE})(?![\w:])"
    rf"|(?P<vague>{_VAGUE})\b"
    rf"|(?P<frac>{_FRACTION})(?=\s+of\b)"
    rf"|(?P<num>{_NUM})(?![\w:/]|\.\d|,\d)"
    rf")",
    re.I,
)
AFTER = re.compile(
    r"\s*(?:(?P<pct>%|percent\b|per cent\b|percentage points?\b)"
    r"|(?P<money>(?:us\s+)?(?:dollars?|euros?|pounds?|rubles?|roubles?|yuan|dinars?|pounds sterling)\b)"
    r"|[\s-]*(?P<age>years?[\s-]+old|year-old)"
    r"|[\s-]*(?P<dur>(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b)"
    r"|(?P<unit>km|kilometres?|kilometers?|miles?|metres?|meters?|kg|tonnes?|tons?)\b"
    r"|(?P<ord>st|nd|rd|th)\b)",
    re.I,
)
AGE_BEFORE = re.compile(r"(?:\baged|\bage)\s*\Z", re.I)
# Words before a number that make it a sum of money in any currency ('compensation of
# 500,000 veskars each', 'arms worth 40 million').
MONEY_BEFORE = re.compile(
    r"\b(?:compensation|fine|ransom|budget|salary|salaries|bail|bounty|reward|loan|grant|"
    r"aid package|pledge)\s+of\s*\Z|\b(?:worth|paid)\s*\Z",
    re.I,
)


@dataclass
class Quantity:
    """One number in text: where, its bounds, whether approximate, and its type."""

    start: int
    end: int
    low: float | None
    high: float | None
    approx: bool
    quantity_type: str
    unit_end: int  # where the number and its unit (percent, years...) end


def _value(text: str) -> float | None:
    return word_number(text.replace(",", ""))


def _bounds(hedge: str | None, low: float, high: float) -> tuple[float | None, float | None, bool]:
    kind = HEDGES.get((hedge or "").lower())
    if kind == "gt":
        return (low + 1 if float(low).is_integer() else low), None, True
    if kind == "ge":
        return low, None, True
    if kind == "le":
        return None, high, True
    if kind == "lt":
        return None, (high - 1 if float(high).is_integer() else high), True
    return low, high, kind == "approx"


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text`` with bounds and a type (count, percent, money, year, ...)."""
    found = []
    for m in QUANTITY.finditer(text):
        q = _quantity(text, m)
        if q is not None:
            found.append(q)
    return found


def _quantity(text: str, m: re.Match[str]) -> Quantity | None:
    g = m.groupdict()
    approx = False
    if g["frac"]:
        share = FRACTIONS[g["frac"].lower()]
        lo_f, hi_f, hedged = _bounds(g["hedge"], share, share)
        return Quantity(m.start(), m.end(), lo_f, hi_f, hedged, "percent", m.end())
    low: float
    high: float
    if g["vague"]:
        low, high = VAGUE[g["vague"].lower()]
        approx = True
    elif g["lo"] or g["lo2"]:
        lo, hi = _value(g["lo"] or g["lo2"]), _value(g["hi"] or g["hi2"])
        if lo is None or hi is None or hi < lo:
            return None
        low, high = lo, hi
    else:
        value = _value(g["num"])
        if value is None:
            return None
        low = high = value
    after = AFTER.match(text, m.end())
    lone = g["num"] and g["num"].lower() in ("one", "a", "an") and not g["hedge"]
    if lone and not (g["num"].lower() == "one" and after and after.group("dur")):
        return None  # 'one of the', 'a day': too common to be a claim ('one day after' is)
    lo_b, hi_b, hedged = _bounds(g["hedge"], low, high)
    qtype, unit_end = _type(text, m, after, g)
    return Quantity(m.start(), m.end(), lo_b, hi_b, approx or hedged, qtype, unit_end)


def _type(text: str, m: re.Match[str], after: re.Match[str] | None, g: dict) -> tuple[str, int]:
    end = m.end()
    if g["cur"] or g["cur2"]:
        return "money", end
    if after:
        a = after.groupdict()
        kind = next((k for k in ("pct", "money", "age", "dur", "unit", "ord") if a[k]), "other")
        name = {
            "pct": "percent",
            "money": "money",
            "age": "age",
            "dur": "duration",
            "unit": "other",
            "ord": "ordinal",
        }[kind]
        if kind == "dur" and re.match(r"[\s-]*old\b", text[after.end() :]):
            name = "age"
        return name, after.end()
    if AGE_BEFORE.search(text, max(0, m.start() - 6), m.start()):
        return "age", end
    if MONEY_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
        unit = re.match(r"\s+([A-Za-z]+)", text[end:])  # the currency word: '500,000 veskars'
        if unit and unit.group(1).lower() not in ("each", "to", "in", "for", "and", "of", "a"):
            end += unit.end()
        return "money", end
    if re.fullmatch(r"(?:1[89]|20)\d\d", g.get("num") or "") and not g["hedge"]:
        return "year", end
    if re.match(r",\s*$", text[max(0, m.start() - 2) : m.start()]) and re.match(
        r"\s*,", text[end:]
    ):
        return "age", end  # 'Jana Orlov, 61, lost her shop'
    return "count", end
