"""The surface patterns of temporal expressions, compiled once (names come from lang/en data).

Extents follow TimeML: a determiner or a modifier that is part of the expression is inside
("the third quarter", "the past three months", "late last week"), a preposition is not.
Every pattern is a plain regular expression without nested unbounded repeats, so matching
is linear in the length of the text.
"""

from __future__ import annotations

import re

from rashomon.timex.words import (
    FLOATING,
    HOLIDAYS,
    MONTHS,
    NUMBER_WORD,
    ORDINALS,
    PARTS_OF_DAY,
    REFERENCES,
    SEASONS,
    TIME_UNITS,
    WEEKDAYS,
    alternation,
)

_MON = rf"(?P<month>{alternation(MONTHS)})\.?"
_MON2 = _MON.replace("<month>", "<month2>")
_WD = rf"(?P<wd>{alternation(WEEKDAYS)})"
_NUM = (
    rf"(?P<num>\d+(?:\.\d+)?(?:\s+1/2)?|{NUMBER_WORD}(?:[\s-]+{NUMBER_WORD})?"
    r"|an?|several|a few|few|some|many|a couple of|a half)"
)
_UNITS = alternation([u + "s" for u in TIME_UNITS] + list(TIME_UNITS) + ["centuries"])
_UNIT = rf"(?P<unit>{_UNITS})"
_POS = r"(?:['’]s)?"
_PARTS = alternation(PARTS_OF_DAY)
_PART = rf"(?:\s+(?P<part>{_PARTS}))?"
_YEAR = r"(?P<year>(?:1[6-9]|20)\d{2})"
_DAYNUM = r"(?:the\s+)?(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?"
_CLOCK = (
    # '10.30' only with am/pm: without, it is a number ('fell 6.43, on Friday')
    r"(?:(?P<h>[0-2]?\d)(?::|\.(?=[0-5]\d[ \t]*(?:a\.m\.|p\.m\.|am\b|pm\b)))(?P<m>[0-5]\d)"
    r"(?:[ \t]*(?P<ampm>a\.m\.|p\.m\.|am\b|pm\b))?"
    r"|(?P<h2>1[0-2]|0?[1-9])\s*(?P<ampm2>a\.m\.|p\.m\.)|half past (?P<half>\w+)(?: in the (?P<hp>morning|afternoon|evening))?"
    r"|(?P<noon>noon|midday|midnight))(?:\s+(?P<zone>[ECMP][SD]T|GMT|UTC))?"
)
_TIME_TAIL = rf"(?:,?[ \t]*(?:-[ \t]*)?(?P<clock>{_CLOCK}))?"
_WD_ABBR = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?"
_EDGE = (
    r"(?P<edge>(?:the\s+)?(?:end|beginning|start|middle|rest|remainder|first half|second half)"
    r"\s+of|early|late|mid-?|earlier|later|(?:the\s+)?(?:start|end))"
)
_ORD = rf"(?P<ord>{alternation(ORDINALS)}|[1-4](?:st|nd|rd|th))"
_REL = r"(?P<rel>last|next|this|coming|past|previous|current|the previous|the coming|the following|the past|the next|the last|the current)"
_SEASON = rf"(?P<season>{alternation(SEASONS)})"
_HOLIDAY = rf"(?P<holiday>{alternation([*HOLIDAYS, *FLOATING])})"
_WORD_YEAR = r"(?P<wyear>nineteen (?:hundred )?[a-z]+(?:-[a-z]+)?|(?:the year )?two thousand(?: and [a-z]+)?)"


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


RULES: list[tuple[str, re.Pattern[str]]] = [
    ("iso", _c(rf"\b(?P<y>\d{{4}})-(?P<mo>\d\d)-(?P<d>\d\d)\b{_TIME_TAIL}")),
    (
        "dmy",
        _c(
            rf"(?:\b{_WD_ABBR},?\s+)?\b(?P<d>\d{{1,2}})/(?P<mo>\d{{1,2}})/(?P<y>\d{{4}})\b{_TIME_TAIL}"
        ),
    ),
    ("clock_day", _c(rf"\b(?P<clock>{_CLOCK}),?\s+(?:(?:on|of)\s+)?{_WD}\b")),
    (
        "clock_date",
        _c(
            rf"\b(?P<clock>{_CLOCK}),?\s+(?:(?:on|of)\s+)?{_MON}\s+(?P<day>[0-3]?\d)\b(?:,?\s+{_YEAR})?"
        ),
    ),
    (
        "weekday",
        _c(
            rf"\b(?:(?P<mod>last|next|this|coming|past|previous|the previous|the following)\s+)?{_WD}(?P<plural>s)?{_POS}"
            rf"(?:,?\s+(?:{_DAYNUM}\s+{_MON}|{_MON2}\s+(?P<day2>[0-3]?\d)\b)(?:,?\s+{_YEAR})?)?"
            rf"{_PART}(?P<plural2>s)?{_TIME_TAIL}\b"
        ),
    ),
    ("daymonth", _c(rf"\b{_DAYNUM}\s+{_MON}(?:,?\s+{_YEAR})?\b{_TIME_TAIL}")),
    (
        "monthday",
        _c(
            rf"\b(?P<weekof>the week of\s+)?{_MON}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+{_YEAR})?"
        ),
    ),
    (
        "monthyear",
        _c(
            rf"\b(?:(?P<early>early|late|mid-?|the middle of|the end of)\s*)?{_MON},?\s+(?:of\s+)?(?:{_YEAR}|{_WORD_YEAR})\b"
        ),
    ),
    (
        "month",
        re.compile(
            r"\b(?:(?P<early>[Ee]arly|[Ll]ate|[Mm]id-?|the middle of|the end of|the beginning of)\s*)?"
            r"(?:(?P<rel>[Ll]ast|[Tt]his|[Nn]ext|[Ee]ach|[Ee]very)\s+)?"
            r"(?P<month>January|February|April|June|July|August|September|October|November|December"
            r"|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|March|May)"
            r"(?:\s+(?P<rel2>last year|this year|next year))?\b"
        ),
    ),
    (
        "quarter",
        _c(
            rf"\b(?:(?P<poss>last|this|next)\s+year['’]s\s+|(?P<det>the|this|that|last|next|a|its|their)\s+(?:(?P<qyear>\d{{4}})\s+)?)?(?:(?P<rel>latest|current|past|previous|last|coming|next|same|year-ago|year-earlier|fiscal)\s+)?"
            rf"(?:{_ORD}[\s-]+)?(?:fiscal[\s-]+)?(?P<qunit>quarter|half|period)(?P<plural>s)?\b(?!-to-)"
            rf"(?:\s+(?:of\s+)?(?:(?:fiscal\s+)?{_YEAR}|(?P<qrel>last year|this year|next year))"
            r"|(?P<ago>\s+a year (?:ago|earlier)))?"
        ),
    ),
    ("fiscal", _c(rf"\b(?:fiscal(?:\s+year)?|the\s+(?:fiscal\s+)?year)\s+{_YEAR}\b")),
    ("year_word", _c(rf"\b{_WORD_YEAR}\b")),
    (
        "year",
        _c(
            # After a preposition any year from 1600; alone only 1900-2099 and not before a
            # plural noun ('1700 airstrikes', '1990 people' are counts).
            rf"(?<![$\d,./])\b(?:(?P<prep>in|since|until|till|by|during|from|before|after|between|and|of|to|or)\s+)?"
            rf"(?:(?P<early>early|late|mid-?)\s*)?(?P<core>{_YEAR})\b(?!/|\s*(?:%|percent|-\d|,\d|\.\d))"
        ),
    ),
    (
        "decade",
        _c(
            r"\b(?:the\s+)?(?:(?P<early>early|late|mid-?)\s*)?(?P<decade>(?:1[6-9]|20)\d0s|['’]\d0s|(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b"
            r"|\b(?:the\s+)?(?P<rel>last|past|next|coming|this|previous)\s+(?P<dunit>decade|century)\b"
        ),
    ),
    (
        "century",
        _c(
            rf"\b(?:the\s+)?(?P<ord>{alternation(ORDINALS)}|\d{{1,2}}(?:st|nd|rd|th))[\s-]+century\b"
        ),
    ),
    (
        "season",
        _c(
            rf"\b(?:(?P<det>the|this|last|next|this past|this coming|early|late)\s+)?(?:(?P<early>early|late)\s+)?{_SEASON}\b"
            rf"(?:\s+(?:of\s+)?(?:{_YEAR}|{_WORD_YEAR}|(?P<rel2>last year|this year|next year)))?"
        ),
    ),
    ("holiday", _c(rf"\b(?:(?P<hrel>last|next|this)\s+)?{_HOLIDAY}(?:\s+{_YEAR})?\b")),
    ("deictic", _c(rf"\b(?P<word>today|tonight|yesterday|tomorrow){_POS}{_PART}\b")),
    (
        "part_deictic",  # 'mid-afternoon yesterday', 'late morning today'
        _c(
            rf"\b(?:(?:mid-?|early|late)\s*)?(?P<part>{_PARTS})\s+(?P<word>yesterday|today|tomorrow)\b"
        ),
    ),
    (
        "dayrel",
        _c(
            r"\b(?P<word>the (?:previous|next|following) (?:day|morning)|(?:the )?day before yesterday|(?:the )?day after tomorrow)\b"
        ),
    ),
    (
        "this_part",
        _c(
            rf"\b(?P<rel>this|last|tomorrow|yesterday|early this|late this|later this|earlier this)\s+(?P<part>{_PARTS})\b"
        ),
    ),
    (
        "relunit",
        _c(
            rf"\b(?:{_EDGE}\s+)?(?:(?:the\s+)?(?P<early2>early|late|mid)\s+)?{_REL}\s+(?:fiscal\s+)?(?P<unit>week|month|year|weekend){_POS}\b"
            r"|\b(?P<that>that|the same|the)(?:\s+(?P<whole>full|fiscal))? (?P<unit2>week|month|year)\b(?!\s+(?:before|after|ago|earlier|later))"
        ),
    ),
    (
        "yearend",
        _c(r"\b(?P<prep>since|by|at|before|until|after)\s+(?P<core>(?:the\s+)?year[- ]end)\b"),
    ),
    ("weekend", _c(r"\b(?:at|during|over|on)\s+(?P<core>the weekend)\b")),
    (
        "ago",
        _c(
            rf"\b(?:(?P<approx>about|almost|nearly|some|more than|less than|over|roughly|around|only|just)\s+)?{_NUM}[\s-]+{_UNIT}\s+(?P<dir>ago|earlier|before|later|after|hence|from now)\b(?!\s+(?:the|that|a|an|it|he|she|they|we|this)\b)"
            rf"|\b(?P<year_ago>(?:the\s+)?year-(?:ago|earlier))\b|\b(?P<bare>years|months|weeks|days|decades)\s+ago\b"
        ),
    ),
    (
        "present",
        _c(rf"\b(?P<word>{alternation(REFERENCES['PRESENT_REF'])})\b"),
    ),
    (
        "past",
        _c(
            rf"\b(?P<word>{alternation(REFERENCES['PAST_REF'])})\b(?!\s+(?:\d|year|month|week|day|few|several|decade|two|three|four|five|six|seven|eight|nine|ten))"
            # 'the past' standing alone ('in the past, ...'), not 'the past year' or 'the past few'
            rf"|\b(?P<alone>the past)(?=\s*[,.;:!?'\"]|\s+(?:{alternation(REFERENCES['after_alone'])})\b)"
        ),
    ),
    (
        "future",
        _c(rf"\b(?P<word>{alternation(REFERENCES['FUTURE_REF'])})\b"),
    ),
    ("clock", _c(rf"\b{_CLOCK}")),
    (
        "partofday",
        _c(
            r"\b(?:in|until|till|by|during|through|since|into)\s+"
            rf"(?P<core>the (?:(?P<mid>early|late|mid)\s*)?(?P<part>{_PARTS}))\b"
        ),
    ),
    (
        "set",
        _c(
            rf"\b(?:every|each|per)\s+(?:(?P<count>other|{NUMBER_WORD}|\d+)\s+)?(?P<unit>day|week|month|year|morning|night|evening|quarter|hour|{alternation(WEEKDAYS)}|{alternation(MONTHS)})s?\b"
            rf"|\b(?P<adv>{alternation(REFERENCES['sets'])})\b"
            r"|\b(?P<times>once|twice|three times) (?:a|per|each) (?P<unit2>day|week|month|year)\b"
        ),
    ),
    (
        "duration",
        _c(
            rf"\b(?:(?P<span>the\s+(?:past|last|next|first|previous|coming|following)(?:\s+(?:few|several))?)\s+)?"
            rf"(?:(?P<approx>about|almost|nearly|some|more than|less than|at least|up to|over|roughly|around|no more than)\s+)?"
            rf"(?:(?P<low>\d+|{NUMBER_WORD})\s+(?:to|or)\s+)?{_NUM}[\s-]+(?:(?:more|full|straight|consecutive|trading|business|calendar)\s+)?{_UNIT}"
            r"(?:[\s-]+(?:and a half|long))?\b(?!\s+ago)(?![\s-]+old\b)(?!-(?:ago|earlier)\b)"
        ),
    ),
    (
        "bare_duration",
        _c(
            r"\b(?P<span>(?:the|recent|the past|the last|the next|the coming|the following|coming)(?:\s+(?:few|several))?\s+)?(?P<unit>days|weeks|months|years|decades|hours|minutes)(?=\s+(?:of|after|before|later|earlier|ahead|or)\s)"
            r"|\b(?:for|in|within|over) (?P<core>(?:recent |the past |the last |the next |the coming )?(?P<unit2>days|weeks|months|years|decades|hours))\b(?!\s+ago)"
            r"|\b(?P<core2>(?:recent|the past|the last|the next|the coming|coming)(?:\s+(?:few|several))?\s+(?P<unit3>days|weeks|months|years|decades|hours))\b"
        ),
    ),
]
