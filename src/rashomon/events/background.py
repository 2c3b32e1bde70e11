"""Past and background events, and deadlines that are no event's date.

'after the attacks of 11 September 2001' in a story of this week, 'on the anniversary of the
massacre' and 'since the invasion' name earlier events as context: they are kept as events but
marked ``background`` and never open or join a story. 'a bill to fund the agency through 15
February' gives the bill's deadline, not the day anything happened.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rashomon import lang
from rashomon.events.spans import Spans

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from rashomon.document import Item

ONGOING = frozenset({"since", "from"})
VALUE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d\d)(?:-(?P<day>\d\d))?)?")


def deadline_times(times: Sequence[Item], doc: Doc) -> set[str]:
    """Ids of the times introduced by a deadline word ('through Feb. 15', 'until Friday')."""
    words = lang.words("events_deadline_words")
    found = set()
    for t in times:
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        first = span[0]
        before = doc[first.i - 1] if first.i > 0 else None
        if first.lower_ in words or before is not None and before.lower_ in words:
            found.add(t.id)
    return found


def value_end(value: str) -> datetime.date | None:
    """The last day a TIMEX3 value covers (a day, a month or a year), None for others."""
    m = VALUE.match(value or "")
    if m is None:
        return None
    year = int(m["year"])
    try:
        if m["day"]:
            return datetime.date(year, int(m["month"]), int(m["day"]))
        if m["month"]:
            month = int(m["month"])
            return datetime.date(year, month, calendar.monthrange(year, month)[1])
        return datetime.date(year, 12, 31)
    except ValueError:
        return None


def doc_day(value: str | None) -> datetime.date | None:
    """The publication day of a document date (ISO day or timestamp), None when unknown."""
    if not value or len(value) < 10:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _recalled(trigger: Token) -> bool:
    """A noun recalled as context: 'since the invasion', 'the anniversary of the massacre'."""
    head = trigger.head
    if trigger.dep_ != "pobj" or head.i == trigger.i:
        return False
    if head.lower_ in lang.words("events_background_preps"):
        return True
    return head.lower_ == "of" and head.head.lemma_.lower() in lang.words("events_background_nouns")


def is_background(
    trigger: Token,
    times: Spans[Item],
    own: Sequence[tuple[int, int]],
    published: datetime.date | None,
    skip: set[str],
    days: int,
) -> bool:
    """Whether the event is recalled as context: a recalling construction, or a time among
    its own words (not a deadline in ``skip``) that ends over ``days`` before ``published``."""
    if _recalled(trigger):
        return True
    if published is None:
        return False
    mine: dict[str, Any] = {t.id: t for a, _ in own for t in times.overlapping(a, a + 1)}
    for t in mine.values():
        end = value_end(t.fields.get("value") or "") if t.id not in skip else None
        if end is not None and (published - end).days > days and _dates(trigger, t):
            return True
    return False


def _dates(trigger: Token, time: Item) -> bool:
    """Whether a time hangs on the trigger itself, bare or through one preposition ('the
    attacks of 2001', 'seized the town in 2011'), not on a noun further down ('killed
    hundreds, as in the capital in 1944')."""
    span = trigger.doc.char_span(time.start, time.end, alignment_mode="expand")
    if span is None or not len(span) or _present_perfect(trigger):
        return False
    head = span.root.head
    if head.i == trigger.i:
        return True
    # 'has backed them since 2017': a period that runs on to now, not a past date
    return head.dep_ == "prep" and head.head.i == trigger.i and head.lower_ not in ONGOING


def _present_perfect(trigger: Token) -> bool:
    """'has killed', 'have bombed': English does not date a present perfect to a past year,
    so a past time the parse hangs on it belongs to something else ('has killed hundreds,
    likened to the capital in 1944')."""
    return trigger.tag_ == "VBN" and any(
        c.dep_ == "aux" and c.lemma_.lower() == "have" and c.tag_ in ("VBZ", "VBP")
        for c in trigger.children
    )
