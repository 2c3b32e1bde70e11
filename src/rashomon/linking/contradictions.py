"""Contradictions and agreements between outlets' accounts of the same story.

Within each story: casualty and other figures of the same count (non-overlapping ranges
contradict, overlapping ranges agree; "at least 41" and "between 40 and 55" agree), who did it
(different agents), intent (deliberate against accident), denial against assertion, date and
place (gazetteer towns far apart). Agreements between outlets whose stances on the main actors have opposite signs are
flagged ``across_camps``.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter, defaultdict
from typing import Any

from rashomon.document import Item, stable_id
from rashomon.linking.base import Linker
from rashomon.linking.figures import (
    Figure,
    anchor_event,
    comparable,
    gap,
    number_key,
    others_claim,
    overlaps,  # noqa: F401  (re-exported)
    scope_of,
)
from rashomon.linking.stories import commonest, day_number
from rashomon.store.base import Store

SIGN_CUT = 0.1
DELIBERATE = re.compile(
    r"\b(deliberate(?:ly)?|intentional(?:ly)?|on purpose|no accident|knew exactly|targeted|"
    r"premeditated|staged?|chose to)\b",
    re.I,
)
ACCIDENT = re.compile(
    r"(?<!\bno )(?<!\bnot an )(?<!\bnot a )\b(accident(?:al|ally)?|by mistake|mistake|"
    r"mistaken(?:ly)?|unintentional(?:ly)?|inadvertent(?:ly)?|stray|misfire[d]?|error)\b",
    re.I,
)
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
DATE_REACH = 40  # characters between a time expression and the trigger it dates
BLAME_MODALITIES = frozenset({"asserted", "reported"})


class ContradictionLinker(Linker):
    """Compare the accounts inside each story; write contradictions and agreements."""

    name = "contradictions"
    version = "4"
    requires = ("stories", "claims", "events", "stances")
    provides = ("contradictions", "agreements")

    def link(self, store: Store) -> None:
        """Recompute all contradictions and agreements from stories, claims and events."""
        stories = list(store.linked("stories"))
        docs = {d.id: d for d in store.documents()}
        outlets = {d.id: d.outlet or d.id for d in docs.values()}
        copies = {frozenset((d.doc, d.other)) for d in store.duplicates()}
        story_of = {e: s.id for s in stories for e in s.fields["events"]}
        events: dict[str, list[Item]] = defaultdict(list)
        for event in store.items("events") if stories else []:
            if event.id in story_of:
                events[event.doc].append(event)
        sentences = {d: list(store.items("sentences", doc=d)) for d in events}
        times = {t.id: (t.start, t.end) for d in events for t in store.items("times", doc=d)}
        coords = {
            p.fields["place_id"]: (p.fields.get("name") or p.text, p.fields["lat"], p.fields["lon"])
            for d in events
            for p in store.items("places", doc=d)
            if p.fields.get("place_id") and p.fields.get("lat") is not None
        }
        figures = _figures(store, events, sentences, docs, story_of)
        sides = _sides(store, {d: list(store.items("labels", doc=d)) for d in events}, outlets)
        camps = _camps(store)
        found: list[Item] = []
        for story in stories:
            members = [e for d in sorted(events) for e in events[d] if story_of[e.id] == story.id]
            ctx = _Story(
                story, members, figures.get(story.id, []), outlets, sides, sentences, times, copies
            )
            found += compare_numbers(ctx, camps)
            found += compare_agents(ctx) + compare_intent(ctx) + compare_modality(ctx)
            found += compare_dates(ctx) + compare_places(ctx, coords)
        store.replace_linked(self.name, found)


class _Story:
    """A story's events and figures with the lookups the comparisons share."""

    def __init__(
        self,
        story: Item,
        events: list[Item],
        figures: list[Figure],
        outlets: dict[str, str],
        sides: _Sides,
        sentences: dict[str, list[Item]],
        times: dict[str, tuple[int, int]],
        copies: set[frozenset[str]] | None = None,
    ) -> None:
        self.story, self.events, self.figures = story, events, figures
        self.outlets, self.sides, self.sentences = outlets, sides, sentences
        self.dated = _dated(events, times)
        self.place = commonest(e.fields.get("location_text") for e in events)
        self.day = commonest(_day(e) for e in events)
        self.copies = copies or set()  # (near-)duplicate pairs: one account, not two

    def here(self, event: Item) -> bool:
        """Whether an event is not placed somewhere other than the story's main place, nor
        dated two or more days away from its main day (then it is another incident)."""
        where, day = event.fields.get("location_text"), _day(event)
        if day is not None and self.day is not None and abs(day - self.day) >= 2:
            return False
        return not where or not self.place or where == self.place

    def named_near(self, event: Item) -> bool:
        """Whether the story's main place is named in the event's sentence or a neighbour
        ('"... he bombs a market." "Ildra was his answer"'): the account is of this incident,
        not a general charge ('the regime that bombs bread queues')."""
        if not self.place:
            return True
        sentences = self.sentences.get(event.doc, [])
        for i, sent in enumerate(sentences):
            if sent.start <= event.start < sent.end:
                return any(self.place in s.text for s in sentences[max(0, i - 1) : i + 2])
        return False

    @functools.cached_property
    def blamed(self) -> dict[str, tuple[str, Item]]:
        """Document -> (side it blames, evidence); see ``_blamed``."""
        return _blamed(self)

    def outlet(self, item: Item) -> str:
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
        return _covering(self.sentences.get(item.doc, []), item.start)


class _Sides:
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
    ):
        self.parents, self.names, self.links = parents, names, links
        self.labels = labels or {}
        self.outlets = outlets or {}
        usual: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for doc, items in self.labels.items():
            for label in items:
                actor = self._label_actor(label)
                if actor:
                    usual[(self.outlets.get(doc, doc), label.fields.get("label"))][actor] += 1
        self.usual = {key: c.most_common(1)[0][0] for key, c in usual.items()}

    def actor(self, mention: str | None) -> str | None:
        return self.links.get(mention or "")

    def _label_actor(self, label: Item) -> str | None:
        if label.fields.get("position") == "scare_quote":
            return None
        return self.links.get(label.fields.get("actor_mention") or "")

    def agent(self, event: Item) -> str | None:
        """The actor who did it: the agent mention's, else through a label in the agent phrase."""
        actor = self.actor(event.fields.get("agent_mention"))
        span = event.fields.get("agent_span") or {}
        if actor or not span:
            return actor
        for label in self.labels.get(event.doc, []):
            if not span.get("start", 0) <= label.start < span.get("end", 0):
                continue
            if label.fields.get("position") == "scare_quote":
                continue
            outlet = self.outlets.get(event.doc, event.doc)
            found = self._label_actor(label) or self.usual.get((outlet, label.fields.get("label")))
            if found:
                return found
        return None

    def side(self, actor: str) -> str:
        seen = {actor}
        while self.parents.get(actor) and self.parents[actor] not in seen:
            actor = self.parents[actor]  # type: ignore[assignment]
            seen.add(actor)
        return actor


def _sides(store: Store, labels: dict[str, list[Item]], outlets: dict[str, str]) -> _Sides:
    actors = list(store.actors())
    parents = {a.id: getattr(a, "parent", None) for a in actors}
    names = {a.id: a.name for a in actors}
    return _Sides(parents, names, store.actor_links(), labels, outlets)


def _dated(events: list[Item], times: dict[str, tuple[int, int]]) -> set[str]:
    """Events whose date is their own: the one event per time expression nearest to it."""
    nearest: dict[str, tuple[int, str]] = {}
    for event in events:
        trigger = event.fields.get("trigger") or {}
        time_id = event.fields.get("time")
        if time_id not in times or "start" not in trigger:
            continue
        t_start, t_end = times[time_id]
        distance = max(trigger["start"] - t_end, t_start - trigger["end"], 0)
        if distance <= DATE_REACH and distance < nearest.get(time_id, (DATE_REACH + 1, ""))[0]:
            nearest[time_id] = (distance, event.id)
    return {event_id for _, event_id in nearest.values()}


def _day(event: Item) -> int | None:
    """The event's day number when it is dated to one day (not a range)."""
    first, last = event.fields.get("date"), event.fields.get("date_end")
    return day_number(first) if first and (not last or last[:10] == first[:10]) else None


def _covering(sentences: list[Item], offset: int) -> Item | None:
    for sent in sentences:
        if sent.start <= offset < sent.end:
            return sent
    return None


def _figures(
    store: Store,
    events: dict[str, list[Item]],
    sentences: dict[str, list[Item]],
    docs: dict[str, Any],
    story_of: dict[str, str],
) -> dict[str, list[Figure]]:
    """Story id -> the comparable figures anchored to its events."""
    found: dict[str, list[Figure]] = defaultdict(list)
    for claim in store.items("claims") if events else []:
        key = number_key(claim)
        if key is None or claim.doc not in events:
            continue
        sentence = _covering(sentences[claim.doc], claim.start)
        if sentence is not None and others_claim(claim, sentence):
            continue
        anchor = anchor_event(claim, events[claim.doc], sentence)
        if anchor is None:
            continue
        doc = docs.get(claim.doc)
        scope = scope_of(sentence.text) if sentence is not None else None
        figure = Figure(claim, anchor, key, scope, day_number(doc.date if doc else None))
        found[story_of[anchor.id]].append(figure)
    return found


def compare_numbers(ctx: _Story, camps: dict[str, dict[str, float]]) -> list[Item]:
    """Per document pair and count: a contradiction if any two figures cannot both be true."""
    by_doc: dict[str, list[Figure]] = defaultdict(list)
    for figure in ctx.figures:
        by_doc[figure.claim.doc].append(figure)
    found: list[Item] = []
    for da, db in ctx.pairs(list(by_doc), copies=True):
        pairs = [(a, b) for a in by_doc[da] for b in by_doc[db] if comparable(a, b)]
        copy = frozenset((da, db)) in ctx.copies
        for key in sorted({a.key for a, _ in pairs}):
            same = [(a.claim, b.claim) for a, b in pairs if a.key == key]
            worst = max(same, key=lambda p: gap(*p))
            if gap(*worst) > 0 and copy:
                continue
            if gap(*worst) > 0:
                note = "the ranges do not overlap"
                found.append(
                    _item(ctx, "contradictions", "numbers", list(worst), _says(ctx, *worst, note))
                )
                continue
            a, b = same[0]
            oa, ob = ctx.outlet(a), ctx.outlet(b)
            text = _says(ctx, a, b, "the figures are compatible")
            across = _across(camps, oa, ob)
            found.append(_item(ctx, "agreements", "numbers", [a, b], text, across_camps=across))
    return found


def _blamed(ctx: _Story) -> dict[str, tuple[str, Item]]:
    """Document -> (side blamed, evidence) when it names one side as the doer of the harm.

    Each side scores 2 per harm the document asserts it did and 1 per harm it reports someone
    saying it did; a side blamed at least twice as strongly as any other is the one the
    document blames (an outlet that reports both sides' accusations evenly blames no one).
    The story's own place is never its doer ("the Ildra massacre killed 78"), and only harm
    told next to the story's place counts (an aside about another war blames no one here).
    """
    scores: dict[str, Counter[str]] = defaultdict(Counter)
    evidence: dict[tuple[str, str], Item] = {}
    asserting: set[str] = set()  # documents that assert some doer themselves
    for event in ctx.events:
        actor = ctx.sides.agent(event)
        modality = event.fields.get("modality")
        kind = (event.fields.get("type") or "").upper()
        if not actor or kind not in HARM_TYPES or modality not in BLAME_MODALITIES:
            continue
        if (
            not ctx.here(event)
            or not ctx.named_near(event)
            or ctx.sides.names.get(actor) == ctx.place
        ):
            continue
        side = ctx.sides.side(actor)
        asserts = modality == "asserted"
        scores[event.doc][side] += 2 if asserts else 1
        if asserts:
            asserting.add(event.doc)
        key = (event.doc, side)
        # the first event is the evidence, unless a later one asserts what it only reported
        if key not in evidence or asserts and evidence[key].fields.get("modality") != "asserted":
            evidence[key] = event
    disputed = {e.doc for e in ctx.events if e.fields.get("modality") in ("alleged", "denied")}
    blamed = {}
    for doc, sides in scores.items():
        if doc in disputed and doc not in asserting:
            continue  # it only reports who is said to have done it, amid a dispute
        ranked = sides.most_common()
        if len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]:
            blamed[doc] = (ranked[0][0], evidence[(doc, ranked[0][0])])
    return blamed


def compare_agents(ctx: _Story) -> list[Item]:
    """Different outlets naming different sides as the ones who did the harm."""
    blamed = ctx.blamed
    found = []
    for da, db in ctx.pairs(list(blamed)):
        (sa, a), (sb, b) = blamed[da], blamed[db]
        if sa == sb:
            continue
        names = ctx.sides.names
        text = f"{ctx.outlet(a)} blames {names.get(sa, sa)}; {ctx.outlet(b)} blames {names.get(sb, sb)}"
        found.append(_item(ctx, "contradictions", "blame", [a, b], text))
    return found


def compare_intent(ctx: _Story) -> list[Item]:
    """One outlet calling it deliberate, another an accident (cue words in event sentences)."""
    cues: dict[str, dict[str, Item]] = defaultdict(dict)
    for event in ctx.events:
        sentence = ctx.sentence(event)
        if sentence is None or event.fields.get("modality") not in BLAME_MODALITIES:
            continue
        for intent, pattern in (("deliberate", DELIBERATE), ("accident", ACCIDENT)):
            if pattern.search(sentence.text):
                cues[intent].setdefault(event.doc, sentence)
    found = []
    for _da, a in sorted(cues["deliberate"].items()):
        for db, b in sorted(cues["accident"].items()):
            if ctx.outlet(a) != ctx.outlet(b) and db not in cues["deliberate"]:
                text = f"{ctx.outlet(a)} calls it deliberate; {ctx.outlet(b)} calls it an accident"
                found.append(_item(ctx, "contradictions", "intent", [a, b], text))
    return found


def _family(event: Item) -> str:
    """A crude lemma family of the trigger ("bombing", "bombed" -> "bomb")."""
    return ((event.fields.get("trigger") or {}).get("text") or event.text)[:4].lower()


def _same_act(ctx: _Story, denied: Item, asserted: Item, blamed: dict[str, str]) -> bool:
    """Whether a denial answers an asserted act: the same trigger family ("did not break the
    truce" / "broke the truce"), or harm of the same type in the story ("denied that an
    aircraft had attacked the market" / "jets bombed the market") by a side the denying
    document does not blame itself."""
    if _family(asserted) == _family(denied):
        return True
    kind = (denied.fields.get("type") or "").upper()
    if kind not in HARM_TYPES or kind != (asserted.fields.get("type") or "").upper():
        return False
    doer = ctx.sides.agent(asserted)
    if doer is None:
        return False
    accused = ctx.sides.agent(denied)  # 'Soren denies bombing': the denier's own side
    if accused is not None:
        return ctx.sides.side(accused) == ctx.sides.side(doer)
    return blamed.get(denied.doc) != ctx.sides.side(doer)


def compare_modality(ctx: _Story) -> list[Item]:
    """A document denying (or negating: "we did not break the truce") the act another outlet's
    document asserts with a doer."""
    denied = [e for e in ctx.events if e.fields.get("modality") in ("denied", "negated")]
    asserted = [e for e in ctx.events if e.fields.get("modality") == "asserted"]
    blamed = {doc: side for doc, (side, _) in ctx.blamed.items()}
    found, done = [], set()
    for a in denied:
        matches = [
            b
            for b in asserted
            if ctx.outlet(b) != ctx.outlet(a)
            and ctx.here(b)
            and ctx.named_near(b)
            and ctx.sides.agent(b)
            and _same_act(ctx, a, b, blamed)
        ]
        for b in sorted(matches, key=lambda e: (not e.fields.get("agent_mention"), e.doc, e.start)):
            if (a.doc, b.doc) in done:
                continue
            done.add((a.doc, b.doc))
            text = f"{ctx.outlet(a)} reports a denial: \u201c{a.text}\u201d; {ctx.outlet(b)} asserts: \u201c{b.text}\u201d"
            found.append(_item(ctx, "contradictions", "denial", [a, b], text))
    return found


def compare_dates(ctx: _Story) -> list[Item]:
    """Documents dating the same kind of event in the story on different days, no day shared.

    Only events of one type are compared: a story may hold an offensive and, two days later,
    the shelling it provoked, and their dates differ without anyone contradicting anyone.
    An event dated only to a range ("last week's strike") contradicts no day.
    """
    dated = [
        (event, event.fields["date"][:10])
        for event in ctx.events
        if event.id in ctx.dated and _day(event) is not None
    ]
    found = []
    for a, b, ma, mb in _differing(ctx, dated):
        text = f"{ctx.outlet(a)} dates it {ma}; {ctx.outlet(b)} dates it {mb}"
        found.append(_item(ctx, "contradictions", "date", [a, b], text))
    return found


def _differing(ctx: _Story, valued: list[tuple[Item, str]]) -> list[tuple[Item, Item, str, str]]:
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
        for da, db in ctx.pairs([d for k, d in counts if k == kind]):
            ca, cb = counts[(kind, da)], counts[(kind, db)]
            ma, mb = ca.most_common(1)[0][0], cb.most_common(1)[0][0]
            if ma != mb and ma not in cb and mb not in ca:
                found.append((first[(kind, da, ma)], first[(kind, db, mb)], ma, mb))
    return found


PLACE_KM = 30.0


def compare_places(ctx: _Story, coords: dict[str, tuple[str, float, float]]) -> list[Item]:
    """Documents placing the same kind of event in the story in towns more than ``PLACE_KM``
    apart, neither naming the other's town for it. Only gazetteer towns count (with
    coordinates): a country holds its towns, and two unknown names may be one place."""
    placed = [
        (event, event.fields["location"])
        for event in ctx.events
        if event.fields.get("location") in coords
        and event.fields.get("modality") in BLAME_MODALITIES
    ]
    found = []
    for a, b, pa, pb in _differing(ctx, placed):
        (na, lat_a, lon_a), (nb, lat_b, lon_b) = coords[pa], coords[pb]
        km = _km(lat_a, lon_a, lat_b, lon_b)
        if km > PLACE_KM:
            text = f"{ctx.outlet(a)} places it in {na}; {ctx.outlet(b)} in {nb} ({km:.0f} km apart)"
            found.append(_item(ctx, "contradictions", "place", [a, b], text))
    return found


def _km(lat_a: float, lon_a: float, lat_b: float, lon_b: float) -> float:
    """Great-circle distance in kilometres."""
    pa, pb = math.radians(lat_a), math.radians(lat_b)
    dp, dl = pb - pa, math.radians(lon_b - lon_a)
    h = math.sin(dp / 2) ** 2 + math.cos(pa) * math.cos(pb) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def _says(ctx: _Story, a: Item, b: Item, verdict: str) -> str:
    return f"{ctx.outlet(a)} says \u201c{a.text}\u201d; {ctx.outlet(b)} says \u201c{b.text}\u201d \u2014 {verdict}"


def _camps(store: Store) -> dict[str, dict[str, float]]:
    """Outlet -> actor -> stance score, for the across-camps flag."""
    camps: dict[str, dict[str, float]] = defaultdict(dict)
    for stance in store.linked("stances"):
        camps[stance.fields["outlet"]][stance.fields["actor"]] = stance.fields["score"]
    return camps


def _across(camps: dict[str, dict[str, float]], oa: str, ob: str) -> bool:
    """Whether two outlets take opposite sides on some actor both cover."""
    shared = set(camps.get(oa, {})) & set(camps.get(ob, {}))
    return any(
        camps[oa][x] * camps[ob][x] < 0 and min(abs(camps[oa][x]), abs(camps[ob][x])) >= SIGN_CUT
        for x in shared
    )


def _item(
    ctx: _Story, kind: str, what: str, evidence: list[Item], explanation: str, **extra: Any
) -> Item:
    """A contradiction or agreement; its span is the first piece of evidence."""
    first = evidence[0]
    spans = [
        {
            "id": e.id,
            "doc": e.doc,
            "start": e.start,
            "end": e.end,
            "text": e.text,
            "outlet": ctx.outlet(e),
        }
        for e in evidence
    ]
    return Item(
        kind=kind,
        start=first.start,
        end=first.end,
        text=first.text,
        doc=first.doc,
        id=stable_id(ctx.story.id, kind, what, *(e.id for e in evidence), prefix=kind[:2] + "-"),
        fields={
            "story": ctx.story.id,
            "kind": what,
            "explanation": explanation,
            "items": spans,
            **extra,
        },
    )
