"""What every comparison shares: a story's accounts, the sides of actors, and the item format.

A comparison is a small object with a ``name`` (the contradiction ``kind`` it writes) and
``compare(story) -> list[Item]``; ``StoryAccounts`` holds one story's events and figures with
the lookups all comparisons need.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any, ClassVar

from rashomon.analysers.labels import weakly_attached
from rashomon.document import Item, stable_id
from rashomon.linking.compare.settings import ContradictionSettings
from rashomon.linking.figures import Figure
from rashomon.linking.stories import commonest, day_number

# Harm done to someone: whose act it was is the blame question (repelling or fighting is not).
HARM_TYPES = frozenset(
    [
        "ASSAULT",
        "ATTACK",
        "STRIKE",
        "AIRSTRIKE",
        "AIR_STRIKE",
        "BOMBING",
        "BOMB",
        "SHELLING",
        "SHELL",
        "SHOOTING",
        "KILL",
        "KILLING",
        "MASSACRE",
        "EXPLOSION",
        "BLAST",
        "CONFLICT:ATTACK",
        "LIFE:DIE",
    ]
)
# What an outlet asserts itself or reports as fact; alleged and denied acts are another's word.
BLAME_MODALITIES = frozenset({"asserted", "reported"})


class Comparison:
    """One kind of comparison between the accounts of a story."""

    name: ClassVar[str] = ""

    def compare(self, story: StoryAccounts) -> list[Item]:
        """Contradictions (and agreements) of this kind within one story."""
        raise NotImplementedError


class Sides:
    """Actor id -> its side (the top of its parent chain) and display names.

    An event's doer is its agent mention's actor, else the actor of an evaluative label in the
    agent phrase ("Foreign-backed terrorists shelled..."): the label's own target when the
    labels analyser resolved one, else the actor that outlet's same label most often names.
    """

    def __init__(
        self,
        parents: dict[str, str | None],
        names: dict[str, str],
        links: dict[str, str],
        labels: dict[str, list[Item]] | None = None,
        outlets: dict[str, str] | None = None,
        usual: dict[tuple[str, str], str] | None = None,
    ):
        """``usual``: (outlet, label) -> the actor it most often names, when counted elsewhere
        (over a whole corpus); else counted over ``labels``."""
        self.parents, self.names, self.links = parents, names, links
        self.labels = labels or {}
        self.outlets = outlets or {}
        if usual is not None:
            self.usual = usual
            return
        counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for doc, items in self.labels.items():
            for label in items:
                actor = label_actor(label, links)
                if actor:
                    counts[(self.outlets.get(doc, doc), str(label.fields.get("label")))][actor] += 1
        self.usual = {key: c.most_common(1)[0][0] for key, c in counts.items()}

    def actor(self, mention: str | None) -> str | None:
        """The actor a mention id is linked to."""
        return self.links.get(mention or "")

    def agent(self, event: Item) -> str | None:
        """The actor who did it: the agent mention's, else through a label in the agent phrase."""
        actor = self.actor(event.fields.get("agent_mention"))
        span = event.fields.get("agent_span") or {}
        if actor or not span:
            return actor
        for label in self.labels.get(event.doc, []):
            if not span.get("start", 0) <= label.start < span.get("end", 0):
                continue
            if not _own_voice(label):
                continue
            outlet = self.outlets.get(event.doc, event.doc)
            found = label_actor(label, self.links) or self.usual.get(
                (outlet, str(label.fields.get("label")))
            )
            if found:
                return found
        return None

    def side(self, actor: str) -> str:
        """The top of the actor's parent chain (a spokesman's ministry's state)."""
        seen = {actor}
        while self.parents.get(actor) and self.parents[actor] not in seen:
            actor = self.parents[actor]  # type: ignore[assignment]
            seen.add(actor)
        return actor


def label_actor(label: Item, links: dict[str, str]) -> str | None:
    """The actor an own-voice, firmly attached label names (None for a scare-quoted term or a
    label whose target was only guessed)."""
    return links.get(counted_label(label) or "")


def counted_label(label: Item) -> str | None:
    """The mention an own-voice, firmly attached label names (``label_actor`` before links)."""
    if not _own_voice(label) or weakly_attached(label):
        return None
    return label.fields.get("actor_mention") or None


def _own_voice(label: Item) -> bool:
    """Whether a label names whom it describes: not a scare-quoted term the outlet distances
    itself from. A speaker's label still tells who the agent phrase means ("the terrorists",
    said the ministry); whose claim the act is, is the event's modality."""
    return "scare_quote" not in (label.fields.get("voice"), label.fields.get("position"))


class StoryAccounts:
    """A story's events and figures with the lookups the comparisons share."""

    def __init__(
        self,
        story: Item,
        events: list[Item],
        figures: list[Figure],
        outlets: dict[str, str],
        sides: Sides,
        sentences: dict[str, list[Item]],
        dated: set[str] | None = None,
        copies: set[frozenset[str]] | None = None,
        camps: dict[str, dict[str, float]] | None = None,
        coords: dict[str, tuple[str, float, float]] | None = None,
        settings: ContradictionSettings | None = None,
        spans: Mapping[str, dict[str, list[Item]]] | None = None,
        camp_pairs: dict[tuple[str, str, float], bool] | None = None,
    ) -> None:
        self.story, self.events, self.figures = story, events, figures
        self.outlets, self.sides, self.sentences = outlets, sides, sentences
        self.dated = dated or set()  # events dated by a time expression of their own
        self.coords = coords or {}  # place id -> (name, lat, lon)
        # the main place: the commonest town (a place with coordinates, or an event's scene),
        # else the commonest place named ('attack on the people of X': a state as target)
        self.place = main_town(events, self.coords) or commonest(
            e.fields.get("location_text") for e in events
        )
        self.day = commonest(day(e) for e in events)
        self.copies = copies or set()  # (near-)duplicate pairs: one account, not two
        self.camps = camps or {}  # outlet -> actor -> stance score
        self.memo: dict[str, Any] = {}  # results one comparison computes and another reuses
        self.settings = settings or ContradictionSettings()
        # doc -> "quotes" / "scare_quotes" / "mentions" / "places" -> items: whose voice a word is
        self.spans = spans or {}
        # (outlet, outlet, cut) -> across camps: shared by a run's stories, as ``camps`` is
        self.camp_pairs = camp_pairs if camp_pairs is not None else {}

    def slack(self) -> dict[str, float]:
        """The figure-interval keywords (``figures.interval``) from the settings."""
        return {
            "approx_slack": self.settings.approx_slack,
            "near_slack": self.settings.near_slack,
        }

    def here(self, event: Item) -> bool:
        """Whether an event is not placed somewhere other than the story's main place, nor
        dated two or more days away from its main day (then it is another incident)."""
        where, when = event.fields.get("location_text"), day(event)
        if when is not None and self.day is not None and abs(when - self.day) >= 2:
            return False
        return not where or not self.place or where == self.place

    def named_near(self, event: Item) -> bool:
        """Whether the story's main place is named in the event's sentence or a neighbour:
        the account is of this incident, not a general charge made in passing."""
        if not self.place or event.fields.get("location_text") == self.place:
            return True  # placed there itself, under another spelling of the name or not
        sentences = self.sentences.get(event.doc, [])
        for i, sent in enumerate(sentences):
            if sent.start <= event.start < sent.end:
                city = town_word(self.place) or self.place  # 'East X' is told as 'X' too
                return any(city in s.text for s in sentences[max(0, i - 1) : i + 2])
        return False

    def outlet(self, item: Item) -> str:
        """The outlet of an item's document."""
        return self.outlets.get(item.doc, item.doc)

    def pairs(self, docs: list[str], copies: bool = False) -> list[tuple[str, str]]:
        """Document pairs from different outlets, in a stable order; a document and its own
        (near-)duplicate only with ``copies`` (they agree, but can never contradict)."""
        return [
            (a, b)
            for a, b in itertools.combinations(sorted(set(docs)), 2)
            if self.outlets.get(a, a) != self.outlets.get(b, b)
            and (copies or frozenset((a, b)) not in self.copies)
        ]

    def sentence(self, item: Item) -> Item | None:
        """The sentence holding an item."""
        return covering(self.sentences.get(item.doc, []), item.start)


DIRECTION = re.compile(
    r"^(?:east|eastern|west|western|north|northern|south|southern|central)\s+", re.I
)


def town_word(place: str | None) -> str | None:
    """The city a place names ('East X' -> 'X')."""
    return DIRECTION.sub("", place).strip() or None if place else None


def main_town(events: list[Item], coords: Mapping[str, Any]) -> str | None:
    """The commonest town of events: a place with coordinates, else an event's scene."""
    names = []
    for event in events:
        scene = event.fields.get("scene") or {}
        if event.fields.get("location") in coords:
            names.append(event.fields.get("location_text"))
        elif not event.fields.get("location") and scene.get("name"):
            names.append(scene["name"])
    return commonest(names)


def day(event: Item) -> int | None:
    """The event's day number when it is dated to one day (not a range)."""
    first, last = event.fields.get("date"), event.fields.get("date_end")
    return day_number(first) if first and (not last or last[:10] == first[:10]) else None


def covering(sentences: list[Item], offset: int) -> Item | None:
    """The sentence covering a character offset."""
    for sent in sentences:
        if sent.start <= offset < sent.end:
            return sent
    return None


def says(story: StoryAccounts, a: Item, b: Item, verdict: str) -> str:
    """'X says "..."; Y says "..." - verdict'; X is 'Speaker (in Outlet)' for a reported claim."""
    return f"{who(story, a)} says \u201c{a.text}\u201d; {who(story, b)} says \u201c{b.text}\u201d \u2014 {verdict}"


def claimant(item: Item) -> str | None:
    """The speaker an item's words are attributed to; None when they are the outlet's own."""
    if item.fields.get("voice") in (None, "outlet"):
        return None
    return str(item.fields.get("claimant_text") or "") or None


def cell_voice(story: StoryAccounts, item: Item) -> dict[str, str]:
    """Whose words an evidence span is: ``voice`` "outlet" for a figure the outlet gives or an
    act it asserts, else the claim's voice or "speaker" for an act reported from a named source,
    with that ``claimant`` (the source's actor name when it has one, else its words); empty
    when the evidence does not say (a comparison may set it)."""
    speaker = claimant(item)
    if speaker:
        return {"claimant": speaker, "voice": str(item.fields["voice"])}
    if item.kind == "claims":
        return {"voice": "outlet"}
    if item.kind == "quotes":  # a speaker's words (a denial told as a quote)
        said = str(item.fields.get("speaker_text") or "")
        return {"claimant": said, "voice": "speaker"} if said else {}
    if item.kind != "events":
        return {}
    if item.fields.get("modality") == "asserted":
        return {"voice": "outlet"}
    actor = story.sides.actor(item.fields.get("source_mention"))
    source = story.sides.names.get(actor or "") or str(item.fields.get("source_text") or "")
    return {"claimant": source, "voice": "speaker"} if source else {}


def who(story: StoryAccounts, item: Item) -> str:
    """'Outlet', or 'Speaker (in Outlet)' when the item is an attributed speaker's claim."""
    speaker = claimant(item)
    return f"{speaker} (in {story.outlet(item)})" if speaker else story.outlet(item)


def make_item(
    story: StoryAccounts,
    kind: str,
    what: str,
    evidence: list[Item],
    explanation: str,
    *,
    fact: str = "",
    values: tuple[str, ...] = (),
    **extra: Any,
) -> Item:
    """A contradiction or agreement; its span is the first piece of evidence. ``fact`` names
    what is compared ("killed people", "who did it"): items of one story, kind and fact are one
    disputed (or agreed) fact (``facts.group_facts``); ``values`` gives each evidence item's
    value of it ("41", "the army")."""
    first = evidence[0]
    spans = [
        {
            "id": e.id,
            "doc": e.doc,
            "start": e.start,
            "end": e.end,
            "text": e.text,
            "outlet": story.outlet(e),
            "value": values[n] if n < len(values) else e.text,
        }
        | cell_voice(story, e)
        for n, e in enumerate(evidence)
    ]
    return Item(
        kind=kind,
        start=first.start,
        end=first.end,
        text=first.text,
        doc=first.doc,
        id=stable_id(story.story.id, kind, what, *(e.id for e in evidence), prefix=kind[:2] + "-"),
        fields={
            "story": story.story.id,
            "kind": what,
            "explanation": explanation,
            "fact_label": fact or what,
            "items": spans,
            **extra,
        },
    )


def differing(
    story: StoryAccounts, valued: list[tuple[Item, str]]
) -> list[tuple[Item, Item, str, str]]:
    """Document pairs (different outlets) whose commonest values for events of one type
    differ, neither document giving the other's value for that type at all; each with the
    first event giving each value."""
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    first: dict[tuple[str, str, str], Item] = {}
    for event, value in valued:
        key = (event.fields.get("type") or "", event.doc)
        counts[key][value] += 1
        first.setdefault((*key, value), event)
    found = []
    for kind in sorted({k for k, _ in counts}):
        for da, db in story.pairs([d for k, d in counts if k == kind]):
            ca, cb = counts[(kind, da)], counts[(kind, db)]
            ma, mb = ca.most_common(1)[0][0], cb.most_common(1)[0][0]
            if ma != mb and ma not in cb and mb not in ca:
                found.append((first[(kind, da, ma)], first[(kind, db, mb)], ma, mb))
    return found
