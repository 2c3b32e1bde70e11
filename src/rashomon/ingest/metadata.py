"""Metadata found in an article's own text: title, date, byline author, source URL, outlet."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_ISO = r"(?P<iso>(?P<y1>\d{4})-(?P<m1>\d{1,2})-(?P<d1>\d{1,2}))(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?"
_DAY_MONTH_YEAR = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})"
_MONTH_DAY_YEAR = (
    _MONTH.replace("month", "month2") + r"\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year2>\d{4})"
)
_NUMERIC = r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year3>\d{4})"
_ANY_DATE = rf"{_WEEKDAY}(?:{_ISO}|{_DAY_MONTH_YEAR}|{_MONTH_DAY_YEAR}|{_NUMERIC})"

# A whole line that is only a date ("2016-09-30", "Date: 30 September 2016", "Fri, 30/09/2016").
_DATE_LINE = re.compile(
    rf"^(?:(?:date|published|posted|updated)\s*:?\s*)?{_ANY_DATE}(?:\s*[-–|,]?\s*\d{{1,2}}:\d{{2}})?$",
    re.IGNORECASE,
)
# The text opens with a date, the article running on after it (" date 2024-12-04 ON ...").
_DATE_PREFIX = re.compile(
    rf"^(?:(?:date|published|posted)\s*:?\s*)?{_ANY_DATE}(?=[\s,.;:–-]|$)", re.IGNORECASE
)
# A byline ending in a numeric date and maybe a time: "Jane Doe Fri, 30/09/2016 - 12:35".
_BYLINE = re.compile(
    rf"^(?P<who>.*?)[\s,|–-]*{_WEEKDAY}(?:{_ISO}|{_NUMERIC})"
    r"(?:\s*[-–|,]?\s*\d{1,2}:\d{2})?$",
    re.IGNORECASE,
)
_BY = re.compile(r"^by\s+(?P<who>[^\d.]{3,80})$", re.IGNORECASE)
_MARKDOWN_TITLE = re.compile(r"^#{1,3}\s+(?P<title>.+?)\s*#*$")
_SOURCE_URL = re.compile(
    r"(?:source|original)\s+(?:url|link|article)\s*:?\**\s*<?(?P<url>https?://[^\s<>()\"']+)>?",
    re.IGNORECASE,
)
_HEAD_LINES = 8
_MAX_HEADLINE_WORDS = 15
_MAX_AUTHOR_WORDS = 12


def detect_metadata(text: str) -> dict[str, str]:
    """Fields found in the normalised text itself (title, date, author, url, outlet)."""
    head = [line.strip() for line in text.split("\n")[: _HEAD_LINES * 3]]
    found: dict[str, str] = {}
    title = _markdown_title(head) or _headline(head)
    if title:
        found["title"] = title
    day, author = _head_date(text, head)
    if day:
        found["date"] = day
    if author:
        found["author"] = author
    elif by := _by_line(head):
        found["author"] = by
    if url := _source_url(text):
        found["url"] = url
        if outlet := outlet_from_url(url):
            found["outlet"] = outlet
    return found


def normalize_date(value: str | None) -> str | None:
    """An ISO ``YYYY-MM-DD`` for a date written in a common format, or None (never a guess)."""
    if not value or not value.strip():
        return None
    value = value.strip()
    match = re.match(_ANY_DATE + r"\b", value, re.IGNORECASE)
    if match and (found := _date_from_match(match)):
        return found
    return _dateparser_date(value)


def outlet_from_url(url: str | None) -> str | None:
    """The outlet a URL belongs to: its host name without ``www.`` (``example.org``)."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host.removeprefix("www.")


def _markdown_title(head: list[str]) -> str | None:
    """The text of a leading Markdown ``# Title`` line."""
    first = next((line for line in head if line), "")
    match = _MARKDOWN_TITLE.match(first)
    return match.group("title").strip() if match else None


def _headline(head: list[str]) -> str | None:
    """A short first line without a final period, followed by a blank line."""
    if len(head) < 2 or not head[0] or head[1]:
        return None
    line = head[0]
    words = line.split()
    if len(words) > _MAX_HEADLINE_WORDS or line.endswith((".", ",", ";", ":")):
        return None
    if _DATE_LINE.match(line) or _DATE_PREFIX.match(line) or _BYLINE.match(line):
        return None
    return line


def _head_date(text: str, head: list[str]) -> tuple[str | None, str | None]:
    """The date (and any byline author) from a date field or date line near the top."""
    if match := _DATE_PREFIX.match(text):
        return _date_from_match(match), None
    for line in [line for line in head if line][:_HEAD_LINES]:
        if (match := _DATE_LINE.match(line)) and (day := _date_from_match(match)):
            return day, None
        match = _BYLINE.match(line)
        if match and (day := _date_from_match(match)):
            return day, _author(match.group("who"))
    return None, None


def _by_line(head: list[str]) -> str | None:
    """The name in a ``By Jane Doe`` line near the top."""
    for line in [line for line in head if line][:_HEAD_LINES]:
        if match := _BY.match(line):
            return _author(match.group("who"))
    return None


def _author(who: str) -> str | None:
    """A byline's name part when it is plausibly a name (short, no sentence punctuation)."""
    who = re.sub(r"^by\s+", "", who.strip(" \t,|–-"), flags=re.IGNORECASE).strip()
    words = who.split()
    if not words or len(words) > _MAX_AUTHOR_WORDS or who.endswith((".", "!", "?", ":")):
        return None
    if _MARKDOWN_TITLE.match(who) or not words[-1][0].isupper():
        return None
    return who


def _source_url(text: str) -> str | None:
    """The URL of a ``Source URL: <https://...>`` line (usually a footer)."""
    matches = list(_SOURCE_URL.finditer(text))
    return matches[-1].group("url").rstrip(".,;") if matches else None


def _date_from_match(match: re.Match[str]) -> str | None:
    """The ISO date of a match of ``_ANY_DATE``, or None when it is not a real date."""
    groups = match.groupdict()
    if groups.get("iso"):
        parts = (groups["y1"], groups["m1"], groups["d1"])
    elif groups.get("day"):
        parts = (groups["year"], _MONTHS[groups["month"].lower()], groups["day"])
    elif groups.get("day2"):
        parts = (groups["year2"], _MONTHS[groups["month2"].lower()], groups["day2"])
    elif groups.get("a"):
        first, second = int(groups["a"]), int(groups["b"])
        # Day first (30/09/2016) unless that cannot be a date and month first can (09/30/2016).
        day, month = (second, first) if second > 12 >= first else (first, second)
        parts = (groups["year3"], month, day)
    else:
        return None
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
    except ValueError:
        return None


def _dateparser_date(value: str) -> str | None:
    """Fallback for unusual formats: dateparser, requiring day, month and year to be present."""
    import dateparser  # slow to import; only needed for formats the patterns above miss

    settings = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "DATE_ORDER": "DMY",
        "PARSERS": ["custom-formats", "absolute-time"],  # no "yesterday": never invent a date
    }
    try:
        parsed = dateparser.parse(value, settings=settings)
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.date().isoformat() if parsed else None
