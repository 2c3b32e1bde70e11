"""Metadata found in an article's own text: title, date, byline author, source URL, outlet."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from rashomon.timex.words import MONTHS

_MONTHS = MONTHS
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_ISO = r"(?P<iso>(?P<y1>\d{4})-(?P<m1>\d{1,2})-(?P<d1>\d{1,2}))(?:[T ][\d:.]+(?:Z|[+-][\d:]+)?)?"
_DAY_MONTH_YEAR = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})"
_MONTH_DAY_YEAR = (
    _MONTH.replace("month", "month2") + r"\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year2>\d{4})"
)
_NUMERIC = r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year3>\d{4})"
_ANY_DATE = rf"{_WEEKDAY}(?:{_ISO}|{_DAY_MONTH_YEAR}|{_MONTH_DAY_YEAR}|{_NUMERIC})"

# A whole line that is only a date ("2016-09-30", "Date: 30 September 2016", "Sat, 14/05/2011").
_DATE_LINE = re.compile(
    rf"^(?:(?:date|published|posted|updated)\s*:?\s*)?{_ANY_DATE}(?:\s*[-–|,]?\s*\d{{1,2}}:\d{{2}})?$",
    re.IGNORECASE,
)
# The text opens with a date, the article running on after it (" date 2011-05-14 ON ...").
_DATE_PREFIX = re.compile(
    rf"^(?:(?:date|published|posted)\s*:?\s*)?{_ANY_DATE}(?=[\s,.;:–-]|$)", re.IGNORECASE
)
# A byline ending in a numeric date and maybe a time: "Jane Doe Sat, 14/05/2011 - 09:20".
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
# "Published on 3 March 2016", "Last updated: 2016-03-03", "First posted Mar 3, 2016" anywhere
# in a line near the top or the foot of the article.
_PUBLISHED = re.compile(
    rf"\b(?:(?:first\s+|last\s+|originally\s+)?(?:published|posted|updated)(?:\s+by\s+[^,;|]{{1,40}}?)?|dated?)\b\s*"
    rf"(?:on|at|:)?\s*{_ANY_DATE}\b",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://[^\s<>()\"']+")
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?:/|$)")
# Where a text names its own outlet: "Source: The Daily Planet", "First published in X",
# "© 2016 X", "CITY (Newswire) -" datelines, "X staff reporter" is left alone (too loose).
_OUTLET_LINE = re.compile(
    r"^(?:source|publisher|published by|originally published (?:in|on|by|at)"
    r"|(?:this article )?(?:first )?(?:appeared|published) (?:in|on|at))\s*:?\s*"
    r"(?P<outlet>[A-Z][\w.&'’ -]{1,60}?)[.,]?$",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?,?\s*"
    r"(?P<outlet>[A-Z][\w.&'’ -]{1,60}?)[.,]?(?:\s+all rights reserved\.?)?$",
    re.IGNORECASE,
)
_DATELINE_AGENCY = re.compile(
    r"^[A-Z][A-Z .'-]{2,40}(?:,\s*[A-Za-z0-9 .]{2,30})?\s+\((?P<outlet>[A-Z][A-Za-z&. ]{1,30})\)\s*[-–—:]"
)
# A headline split by a spaced dash or bar: what follows is a subtitle, or the site's name.
_TITLE_SPLIT = re.compile(r"\s+(?:\||[–—-]{1,2})\s+")
_MAX_SITE_WORDS = 5
_MINOR_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "de", "&"})
_HEAD_LINES = 8
_FOOT_LINES = 6
_MAX_HEADLINE_WORDS = 15
_MAX_AUTHOR_WORDS = 12


def detect_metadata(text: str) -> dict[str, str]:
    """Fields found in the normalised text itself (title, date, author, url, outlet)."""
    lines = text.split("\n")
    head = [line.strip() for line in lines[: _HEAD_LINES * 3]]
    foot = [line.strip() for line in lines[-_FOOT_LINES * 3 :] if line.strip()][-_FOOT_LINES:]
    found: dict[str, str] = {}
    title, site = _split_title(_markdown_title(head) or _headline(head))
    if title:
        found["title"] = title
    day, author = _head_date(text, head)
    day = day or _published_date(head, foot)
    if author:
        found["author"] = author
    elif by := _by_line(head):
        found["author"] = by
    url = _source_url(text) or _any_url(head, foot)
    if url:
        found["url"] = url
        day = day or _url_date(url)
    if day:
        found["date"] = day
    if outlet := (outlet_from_url(url) if url else None) or _named_outlet(head, foot) or site:
        found["outlet"] = outlet
    return found


def missing_metadata(fields: dict[str, str | None]) -> list[str]:
    """A warning for each of outlet and date still unknown (never a silent gap)."""
    hints = {
        "outlet": "no outlet found in the text (give --outlet, or an outlet column in a manifest)",
        "date": "no publication date found in the text (give --date, or a date column in a"
        " manifest); relative dates stay unresolved",
    }
    return [hint for name, hint in hints.items() if not fields.get(name)]


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


def _split_title(line: str | None) -> tuple[str | None, str | None]:
    """A headline without its subtitle, and the site's name when that is what follows it."""
    if not line:
        return None, None
    parts = _TITLE_SPLIT.split(line, maxsplit=1)
    if len(parts) == 1 or len(parts[0].split()) < 2:
        return line, None
    title, rest = parts[0].strip(), parts[1].strip()
    return title, rest if _looks_like_site(rest) else None


def _looks_like_site(name: str) -> bool:
    """A short run of capitalised words or a domain: 'The Daily Planet', 'planet.example'."""
    if outlet_from_url("https://" + name) and " " not in name and "." in name:
        return True
    words = name.split()
    if not words or len(words) > _MAX_SITE_WORDS or name.endswith(("!", "?", ".", ":")):
        return False
    return all(w[0].isupper() or w.lower() in _MINOR_WORDS for w in words if w[0].isalpha())


def _published_date(head: list[str], foot: list[str]) -> str | None:
    """The date of a 'Published on ...' or 'Updated: ...' line near the top or the foot."""
    for line in [line for line in head if line][:_HEAD_LINES] + foot:
        if (match := _PUBLISHED.search(line)) and (day := _date_from_match(match)):
            return day
    return None


def _any_url(head: list[str], foot: list[str]) -> str | None:
    """A URL standing near the top or at the foot (the article's own address, usually)."""
    for line in foot[::-1] + [line for line in head if line][:_HEAD_LINES]:
        if match := _URL.search(line):
            return match.group(0).rstrip(".,;>)")
    return None


def _url_date(url: str) -> str | None:
    """The date in a URL path such as ``/2016/09/30/``."""
    if not (match := _URL_DATE.search(urlsplit(url).path + "/")):
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"])).isoformat()
    except ValueError:
        return None


def _named_outlet(head: list[str], foot: list[str]) -> str | None:
    """An outlet the text names: a 'Source:' or copyright line, a "(Newswire) -" dateline."""
    for line in foot[::-1] + [line for line in head if line][:_HEAD_LINES]:
        for pattern in (_OUTLET_LINE, _COPYRIGHT):
            if (match := pattern.match(line.strip("*_ "))) and _looks_like_site(match["outlet"]):
                return match["outlet"].strip()
    for line in [line for line in head if line][:_HEAD_LINES]:
        if match := _DATELINE_AGENCY.match(line):
            return match["outlet"].strip()
    return None


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
    if _BY.match(line) or _PUBLISHED.search(line):
        return None  # a byline or a publication line, not a headline
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
        # Day first (14/05/2011) unless that cannot be a date and month first can (05/14/2011).
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
