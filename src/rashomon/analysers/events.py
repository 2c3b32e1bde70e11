"""Events per clause: trigger, PLOVER-style type, agent and patient, modality, place and date."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rashomon.analysers.base import Analyser, AnalysisContext
from rashomon.analysers.registry import register
from rashomon.config import Settings
from rashomon.document import Item, make_item, span_of
from rashomon.events.background import deadline_times, doc_day, is_background
from rashomon.events.extract import LEARNED_TYPES, dating_words, find_events
from rashomon.events.learned import load_trigger_model
from rashomon.events.scene import named_towns, scenes
from rashomon.events.spans import Spans, mention_for, positions_in
from rashomon.events.targets import target_class
from rashomon.mentions.coref import PERSON_LABELS, PERSON_PRONOUNS, MentionIndex
from rashomon.quotes.cues import SOURCE_PHRASES, speech_lemmas

if TYPE_CHECKING:
    from spacy.tokens import Doc

FIRST_PERSON = {"i", "me", "my"}

DAY_VALUE = re.compile(r"^\d{4}-\d\d-\d\d")
WEEK_VALUE = re.compile(r"^(?P<year>\d{4})-W(?P<week>\d\d)$")


@dataclass(frozen=True)
class EventSettings(Settings):
    """Settings of the ``events`` analyser."""

    learned_triggers: bool = True
    """Also take the words the learned trigger detector finds (``events/trigger_model.json``,
    made by ``rashomon events train``) that the type lexicon does not know: typed OCCURRENCE,
    or REPORT for reporting verbs."""
    trigger_model: str | None = None
    """A model file written by ``rashomon events train`` (unset: the shipped one)."""
    link_learned: bool = False
    """Whether the learned detector's generic events (OCCURRENCE; REPORT never joins a story)
    are linked. Off: they are kept as evidence with ``linked: false``, out of stories and
    timelines (linking them encodes nearly every sentence with MiniLM: +56 % CPU on
    real-length articles, and their clusters dissolve the typed stories of undated coverage)."""
    background_days: int = 90
    """An event whose own words hold a time ending more than this many days before the
    publication date is ``background`` (recalled as context: it joins no story). Not shorter:
    a truce signed four weeks earlier is still the story outlets argue over."""


@register
class Events(Analyser):
    """One ``events`` item per trigger, spanning its clause, with arguments as mention ids."""

    name = "events"
    version = "16"  # 15: retype, scenes; 16: a scene for events placed in a country
    requires = ("mentions", "sentences", "times", "places", "quotes")
    provides = ("events",)
    Settings = EventSettings

    def analyse(self, ctx: AnalysisContext) -> list[Item]:
        """Run the trigger lexicon over the parse and attach mentions, places, times and quotes."""
        assert ctx.spacy is not None
        mentions = ctx.get("mentions")
        quotes = Spans(ctx.get("quotes"))
        quoted = [(p["start"], p["end"]) for q in quotes for p in q.fields.get("parts") or []]
        index = MentionIndex(mentions, quoted, ctx.text)
        lookup = _Lookup(
            Spans(index.mentions), Spans(mentions), quotes, Spans(ctx.get("times")),
            Spans(ctx.get("places")), Spans(ctx.get("sentences")),
        )  # fmt: skip
        settings = self.settings
        assert isinstance(settings, EventSettings)
        model = load_trigger_model(settings.trigger_model) if settings.learned_triggers else None
        events = list(find_events(ctx.spacy, model))
        words = {f.trigger.i: dating_words(f.trigger) for f in events}
        generic = {f.trigger.i for f in events if f.type in LEARNED_TYPES}
        owned = _Owned(ctx.spacy, words, generic)
        deadlines = deadline_times(ctx.get("times"), ctx.spacy)
        published = doc_day(ctx.doc.date)
        roles: dict[str, int] = {}
        items = []
        for found in events:
            t = found.trigger
            start, end = found.clause
            fields: dict[str, Any] = {
                "trigger": span_of(ctx.text, t.idx, t.idx + len(t.text))
                | {"lemma": t.lemma_.lower()},
                "type": found.type,
            }
            if t.i in generic and not settings.link_learned:
                fields["linked"] = False  # a learned generic event: evidence, in no story
            for role, span in (("agent", found.agent), ("patient", found.patient)):
                if span is not None and lookup.times.enclosing(span.start_char) is not None:
                    span = None  # 'an offensive on Sunday': a date, not a target
                if role == "agent" and found.extra.get("modifier_agent"):
                    span = _not_a_town(span, lookup.places)  # 'the Vosk offensive': where
                fields.update(_argument(ctx.text, role, span, index, lookup))
                if role == "patient":  # what was hit, for the stories linker
                    fields["patient_class"] = target_class(span) or found.extra.get("patient_class")
            modality, source = found.modality, found.source
            quote = quotes.enclosing(t.idx)
            if quote is not None and not _told(quote, ctx.spacy):
                quote = None  # 'vetoed a motion that would have ordered ...': not someone's words
            if modality == "asserted" and quote is not None:
                modality = "reported"
            fields["modality"] = modality
            fields.update(_source(source, quote, lookup.all_mentions))
            fields.update(_place(lookup.places, start, end, t, ctx.spacy, ctx.text, roles))
            own = owned.words[t.i]
            taken = owned.taken_in(t)
            fields.update(
                _date(lookup.times, lookup.sentences, start, end, t.idx, own, taken, deadlines)
            )
            fields["background"] = is_background(
                t, lookup.times, own, published, deadlines, settings.background_days
            )
            items.append(make_item("events", ctx.text, start, end, **fields))
        _add_scenes(items, lookup, mentions, ctx.text)
        return items


def _add_scenes(items: list[Item], lookup: _Lookup, mentions: list[Item], text: str) -> None:
    """Give each event with no place of its own the town it is told about (``events.scene``),
    the stories linker's place for it."""
    towns = named_towns(mentions, lookup.places)
    found = scenes([i.fields for i in items], lookup.places, lookup.sentences, text, towns)
    for item, scene in zip(items, found, strict=True):
        if scene is not None:
            item.fields["scene"] = scene


@dataclass
class _Lookup:
    """The document's items that events refer to, indexed by position."""

    mentions: Spans[Item]  # sorted as the mention index sorts them
    all_mentions: Spans[Item]  # in the analyser's order
    quotes: Spans[Item]
    times: Spans[Item]
    places: Spans[Item]
    sentences: Spans[Item]


class _Owned:
    """Each event's own words (character spans), and which positions other events own; the
    learned detector's generic events (``generic``) own none for the others: a false trigger
    (a group noun scored as an event) must not leave the typed event beside it undated."""

    def __init__(
        self, doc: Any, words: dict[int, list[tuple[int, int]]], generic: set[int]
    ) -> None:
        self.doc = doc
        self.words = words
        owners: dict[int, list[int]] = {}
        for i, spans in words.items():
            if i in generic:
                continue
            for a, _ in spans:
                owners.setdefault(a, []).append(i)
        self.owners = owners
        self.positions = sorted(owners)

    def taken_in(self, trigger: Any) -> _Taken:
        """Positions other events own that this one may not take a time from."""
        return _Taken(self, trigger)


class _Taken:
    """A lazy set: whether a position belongs to another event's own words (not shared)."""

    def __init__(self, owned: _Owned, trigger: Any) -> None:
        self.owned, self.trigger = owned, trigger
        self.mine = {a for a, _ in owned.words.get(trigger.i, [])}

    def within(self, start: int, end: int) -> bool:
        """Whether some position in [start, end) is taken."""
        owned = self.owned
        for a in positions_in(owned.positions, start, end):
            if a in self.mine:
                continue
            for i in owned.owners[a]:
                if i != self.trigger.i and not _shared(self.trigger, owned.doc[i], owned.words[i]):
                    return True
        return False


def _argument(
    text: str, role: str, span: Any, index: MentionIndex, lookup: _Lookup
) -> dict[str, Any]:
    if span is None:
        return {f"{role}_mention": None, f"{role}_text": None, f"{role}_span": None}
    start, end = span.start_char, span.end_char
    mention = mention_for(lookup.mentions, start, end) or _pronoun(text[start:end], start, index)
    if mention is None and text[start:end].lower() in FIRST_PERSON:
        quote = lookup.quotes.enclosing(start)  # 'I urge every party': the speaker
        speaker = quote.fields.get("speaker_mention") if quote is not None else None
        mention = next((m for m in index.mentions if speaker and m.id == speaker), None)
    return {
        f"{role}_mention": mention.id if mention else None,
        f"{role}_text": text[start:end],
        f"{role}_span": span_of(text, start, end),
    }


def _pronoun(word: str, pos: int, index: MentionIndex) -> Item | None:
    """The person a he/she/his/her argument refers to ('he called for', 'his answer')."""
    low = word.lower()
    if low not in PERSON_PRONOUNS:
        return None  # 'it'/'they' go wrong too often to be worth guessing (see the docs)
    part = next(((a, b) for a, b in index.quoted if a <= pos < b), None)
    if part is None:
        return index.antecedent(low, pos)
    # Inside a quote only a name said earlier in it ('When Orlov loses a street, he bombs'):
    # a speaker's 'they' is usually the other side, not the last group the reporter named.
    said = [m for m in index.mentions if part[0] <= m.start and m.end <= pos]
    said = [m for m in said if m.fields.get("label") in PERSON_LABELS]
    return index.canonical(said[-1]) if said else None


def _told(quote: Item, doc: Doc) -> bool:
    """Whether a quote's content is someone's words: a direct quote, a source phrase, or a cue
    whose lemma is a speech or report verb (the learned attribution model also proposes the
    objects of other verbs, which PolNeAR counts but which are not speech)."""
    cue = quote.fields.get("cue_span")
    if quote.fields.get("kind") == "direct" or not cue:
        return True
    span = doc.char_span(cue["start"], cue["end"], alignment_mode="expand")
    if span is None or not len(span):
        return True
    lemma = span.root.lemma_.lower()
    return lemma in speech_lemmas(learned=True) or span.text.lower() in SOURCE_PHRASES


def _not_a_town(span: Any, places: Spans[Item]) -> Any:
    """The span unless it names a place other than a known state: a state before an event noun
    is who acts ('a Norvania airstrike'), a town there is where ('the Vosk offensive'), and a
    name the gazetteer does not know may be either."""
    place = places.enclosing(span.start_char) if span is not None else None
    state = place is not None and place.fields.get("resolved") and place.fields.get("lat") is None
    return span if place is None or state else None


def _source(source: Any, quote: Item | None, mentions: Spans[Item]) -> dict[str, Any]:
    if source is not None:
        mention = mention_for(mentions, source.start_char, source.end_char)
        return {"source_mention": mention.id if mention else None, "source_text": source.text}
    if quote is not None:
        return {
            "source_mention": quote.fields.get("speaker_mention"),
            "source_text": quote.fields.get("speaker_text"),
        }
    return {"source_mention": None, "source_text": None}


LOCATIVE = frozenset(
    [
        "in",
        "at",
        "near",
        "on",
        "over",
        "across",
        "into",
        "inside",
        "outside",
        "around",
        "from",
        "outskirts",
        "of",
    ]
)
MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "npadvmod"})
ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "appos"})


def _place_role(doc: Any, place: Item, text: str) -> int:
    """0: where something happened ('in Brelka', 'near the town of Vosk'); 1: another use;
    2: a state named as whose something is ('Norvanian fighter bombers', 'Norvania's
    Secretary of State', 'Norvania-led strikes') or as who acts ('Norvania vetoed', 'by Norvania')."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None or not len(span):
        return 1
    root = span.root
    after = text[place.end : place.end + 4]
    if root.dep_ in MODIFIER_DEPS or after.startswith(("-led", "-UK", "-backed")):
        return 2
    role = root
    while role.dep_ == "conj" and role.head.i != role.i:
        role = role.head  # 'blame Orlov and Norvania': Norvania is blamed like Orlov
    if role.dep_ in ACTOR_DEPS or role.dep_ == "pobj" and role.head.dep_ == "agent":
        return 2  # 'Norvania vetoed', 'warned off by Norvania': a state acting, not a place
    if root.dep_ == "pobj" and root.head.lower_ in LOCATIVE:
        return 0
    return 1


def _place(
    places: Spans[Item],
    start: int,
    end: int,
    trigger: Any,
    doc: Any,
    text: str,
    cache: dict[str, int],
) -> dict[str, Any]:
    """The place of the event: the nearest in its clause, where it happened before any other
    mention; a state named only as owner or doer never counts (roles cached per place)."""
    clause = places.inside(start, end)
    for p in clause:
        if p.id not in cache:
            cache[p.id] = _place_role(doc, p, text)
    role = min([cache[p.id] for p in clause if cache[p.id] < 2], default=None)
    inside = [p for p in clause if cache[p.id] == role]
    if not inside:
        return {"location": None, "location_text": None}
    # A place the trigger itself governs ('the bombing of camps at X') before a nearer one it
    # does not ('from the A-B, C bombing of ...': the parse makes the bombing a conjunct of B).
    at = trigger.idx
    best = (
        inside[0]
        if len(inside) == 1
        else min(inside, key=lambda p: (not _governed(doc, p, trigger), abs(p.start - at)))
    )
    return {"location": best.fields.get("place_id"), "location_text": best.fields.get("name")}


def _governed(doc: Any, place: Item, trigger: Any) -> bool:
    """Whether the place's words hang (at any depth) on the trigger token."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    return bool(trigger.is_ancestor(span.root))


def _date(
    times: Spans[Item],
    sentences: Spans[Item],
    start: int,
    end: int,
    at: int,
    own: Sequence[tuple[int, int]] = (),
    taken: _Taken | None = None,
    skip: frozenset[str] | set[str] = frozenset(),
) -> dict[str, Any]:
    """The date of a time expression among the trigger's own words (a day, or a week as a
    range: 'last week's strike'), else the nearest day in the clause, else in the sentence,
    leaving out times ``taken`` by other events and the deadlines in ``skip`` ('through
    Feb. 15': times that end a period); never invented."""
    mine = {t.id: t for a, b in own for t in times.overlapping(a, a + 1) if t.id not in skip}
    for t in sorted(mine.values(), key=lambda t: abs(t.start - at)):
        span = _days(t.fields.get("value") or "")
        if span is not None:
            return {"date": span[0], "date_end": span[1], "time": t.id}

    def dated(found: list[Item]) -> list[Item]:
        return [
            t
            for t in found
            if t.fields.get("value")
            and DAY_VALUE.match(t.fields["value"])
            and t.id not in skip
            and not (taken is not None and taken.within(t.start, t.end))
        ]

    inside = dated(times.inside(start, end))
    if not inside:
        sent = sentences.enclosing(at)
        inside = dated(times.inside(sent.start, sent.end)) if sent else []
    if not inside:
        return {"date": None, "date_end": None, "time": None}
    best = min(inside, key=lambda t: abs(t.start - at))
    day = best.fields["value"][:10]
    return {"date": day, "date_end": day, "time": best.id}


def _shared(trigger: Any, other: Any, words: Sequence[tuple[int, int]]) -> bool:
    """Whether ``trigger`` may take a time from ``other``'s own words: conjuncts ('shelled and
    bombed the town on Monday'), an event inside the other's words ('repelled an assault on
    Sunday'), or a noun and its own clause ('the truce signed on 14 March')."""
    if trigger.dep_ == "conj" and trigger.head.i == other.i:
        return True
    if other.dep_ == "conj" and other.head.i == trigger.i:
        return True
    if other.dep_ in ("acl", "relcl") and other.head.i == trigger.i:
        return True
    return any(start == trigger.idx for start, _ in words)


def _days(value: str) -> tuple[str, str] | None:
    """First and last day of a time value that is a day or an ISO week ('2019-W15')."""
    if DAY_VALUE.match(value):
        return value[:10], value[:10]
    week = WEEK_VALUE.match(value)
    if week is None:
        return None
    year, number = int(week["year"]), int(week["week"])
    try:
        first = datetime.date.fromisocalendar(year, number, 1)
    except ValueError:
        return None
    return first.isoformat(), (first + datetime.timedelta(days=6)).isoformat()
