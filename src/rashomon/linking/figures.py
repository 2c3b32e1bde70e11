"""Which figures in a story can be compared, and whether two of them can both be true.

A figure (a ``claims`` item with ``counted``) is anchored to one event: its own ``event`` field,
else the nearest event of a compatible type in its sentence, else the nearest within
``anchor_chars``. Two figures are comparable when they count the same thing (counted + subject
class) over the same time scope: an explicit scope in the clause ("on the first day", "in 24
hours", "six days after") must match, and an unscoped running toll published days later and
higher is an update, not a contradiction, unless it is tied to an event dated no later than the
earlier report. Figures an outlet reports as someone else's disputed claim ("state television
claims that only 14 ...", "the figure of 41 dead") are not the outlet's own account.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rashomon.document import Item
from rashomon.events.extract import LEARNED_TYPES
from rashomon.linking.stories import day_number, type_class
from rashomon.timex.words import NUMBER_WORD, word_number

# Defaults of the contradictions linker's settings (``compare.settings.ContradictionSettings``),
# which pass their values down to these functions.
APPROX_SLACK = 0.1
NEAR_SLACK = 0.15  # "nearly 100" is read as [85, 100]
ANCHOR_CHARS = 400
UPDATE_GAP_DAYS = 2
COUNTED = {
    "dead": "killed",
    "died": "killed",
    "death": "killed",
    "deaths": "killed",
    "kill": "killed",
    "injured": "wounded",
    "hurt": "wounded",
    "injuries": "wounded",
    "wound": "wounded",
}
HARM_COUNTS = frozenset({"killed", "wounded"})
SUBJECTS = {
    "civilian": "people",
    "person": "people",
    "persons": "people",
    "people": "people",
    "shopper": "people",
    "resident": "people",
    "villager": "people",
    "inhabitant": "people",
    "troop": "soldiers",
    "soldier": "soldiers",
    "solder": "soldiers",
    "militant": "fighters",
    "terrorist": "fighters",
    "rebel": "fighters",
    "fighter": "fighters",
    "child": "children",
    "children": "children",
}
NUMBER = rf"(?:\d+|{NUMBER_WORD}|few)"  # digits or the one list of number words
SCOPE = re.compile(
    r"\b(?:(?:in|on|during|within|over)\s+the\s+first\s+(?:few\s+)?(?P<first>hours?|days?|nights?|weeks?)"
    rf"|(?:in|within|over|after)\s+(?:the\s+(?:past|last)\s+)?(?P<n>{NUMBER})\s+(?P<unit>hours?|days?|weeks?)"
    rf"|(?P<m>{NUMBER})\s+(?P<unit2>hours?|days?|weeks?)\s+(?:after|since|into))\b",
    re.I,
)
OTHERS_CLAIM = re.compile(
    r"(?:\b(?:claims?|claimed|alleges?|alleged|insists?)\s+(?:that\s+)?(?:only\s+)?"
    r"|\bthe\s+(?:figure|toll|number)\s+of\s+)$",
    re.I,
)
NEAR = re.compile(r"^\s*(?:nearly|almost|close\s+to|just\s+under|approaching)\b", re.I)


@dataclass
class Figure:
    """A comparable figure: the claim, its anchor event, scope and publication day."""

    claim: Item
    anchor: Item | None
    key: tuple[str, str]
    scope: str | None
    published: int | None

    @property
    def event_day(self) -> int | None:
        """The day of the event the figure counts, when the event is explicitly dated."""
        return day_number(self.anchor.fields.get("date")) if self.anchor else None


def number_key(claim: Item) -> tuple[str, str] | None:
    """The (counted, subject class) a figure counts, e.g. ('killed', 'people')."""
    counted = (claim.fields.get("counted") or "").lower()
    if not counted or claim.fields.get("low") is None and claim.fields.get("high") is None:
        return None
    subject = (claim.fields.get("subject") or "").lower().split()
    noun = subject[-1] if subject else ""
    noun_key = SUBJECTS.get(noun, SUBJECTS.get(noun.removesuffix("s"), noun or "people"))
    return COUNTED.get(counted, counted), noun_key


def interval(
    claim: Item, *, approx_slack: float = APPROX_SLACK, near_slack: float = NEAR_SLACK
) -> tuple[float, float]:
    """The claim's [low, high]: open bounds infinite, approximate ones widened, "nearly" closed."""
    low, high = claim.fields.get("low"), claim.fields.get("high")
    lo = float("-inf") if low is None else float(low)
    hi = float("inf") if high is None else float(high)
    if low is None and high is not None and NEAR.match(claim.text):
        lo = float(high) * (1 - near_slack)
    if claim.fields.get("approx"):
        lo, hi = lo * (1 - approx_slack), hi * (1 + approx_slack)
    return lo, hi


def overlaps(a: Item, b: Item, **slack: float) -> bool:
    """Whether two figures can both be true (``slack``: ``interval``'s keywords)."""
    (alo, ahi), (blo, bhi) = interval(a, **slack), interval(b, **slack)
    return alo <= bhi and blo <= ahi


def gap(a: Item, b: Item, **slack: float) -> float:
    """How far apart two figures' ranges are (0 when they overlap)."""
    (alo, ahi), (blo, bhi) = interval(a, **slack), interval(b, **slack)
    return max(blo - ahi, alo - bhi, 0.0)


def scope_of(sentence: str) -> str | None:
    """The explicit time scope in a figure's sentence, normalised ("first day", "24 hours")."""
    match = SCOPE.search(sentence)
    if not match:
        return None
    if match.group("first"):
        return "first " + match.group("first").lower().removesuffix("s")
    number = (match.group("n") or match.group("m")).lower()
    value = word_number(number)  # 'two days' and '2 days' are one scope
    unit = (match.group("unit") or match.group("unit2")).lower().removesuffix("s")
    return f"{number if value is None else int(value)} {unit}"


def others_claim(claim: Item, sentence: Item) -> bool:
    """Whether the outlet reports this figure as someone else's claim it disputes."""
    before = sentence.text[: max(0, claim.start - sentence.start)]
    return bool(OTHERS_CLAIM.search(before))


def anchor_event(
    claim: Item, events: list[Item], sentence: Item | None, anchor_chars: int = ANCHOR_CHARS
) -> Item | None:
    """The event a figure belongs to: its own, in its sentence, else the nearest close by;
    never one of the learned detector's generic events (a nearer 'said' or 'left' is not what
    a toll counts, and a figure with no typed event near stays unanchored, as without them)."""
    own = claim.fields.get("event")
    for event in events:
        if event.id == own and _typed(event):
            return event
    counted = (claim.fields.get("counted") or "").lower()
    harm = COUNTED.get(counted, counted) in HARM_COUNTS
    candidates = [
        e
        for e in events
        if _typed(e) and (not harm or type_class(e.fields.get("type")) == "violence")
    ]
    if sentence is not None:
        inside = [e for e in candidates if sentence.start <= e.start < sentence.end]
        if inside:
            return min(inside, key=lambda e: abs(e.start - claim.start))
    near = [e for e in candidates if abs(e.start - claim.start) <= anchor_chars]
    return min(near, key=lambda e: (abs(e.start - claim.start), e.start)) if near else None


def _typed(event: Item) -> bool:
    """Whether the event has a type of the lexicon (not one of the learned detector's)."""
    return (event.fields.get("type") or "") not in LEARNED_TYPES


def comparable(
    a: Figure, b: Figure, update_gap_days: int = UPDATE_GAP_DAYS, **slack: float
) -> bool:
    """Same count over the same time scope (see the module docstring)."""
    if a.key != b.key or a.scope != b.scope:
        return False
    if a.scope is not None or a.published is None or b.published is None:
        return True
    (first, early), (last, late) = sorted([(a.published, a), (b.published, b)], key=lambda x: x[0])
    if last - first <= update_gap_days:
        return True
    if interval(late.claim, **slack)[0] <= interval(early.claim, **slack)[1]:
        return True  # a later, lower figure contradicts whatever the scope
    return late.event_day is not None and late.event_day <= first
