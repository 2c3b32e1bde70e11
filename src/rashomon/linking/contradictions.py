"""Contradictions and agreements between outlets' accounts of the same story.

Within each story every comparison of ``rashomon.linking.compare`` runs over the accounts:
figures of the same count (non-overlapping ranges contradict, overlapping ranges agree), who
did it (blame), intent (deliberate against accident), denial against assertion, date and place.
Agreements between outlets whose stances on the main actors have opposite signs are flagged
``across_camps``. Items of one story, kind and fact (the death toll, who did it) share a ``fact``
id and carry every outlet's value (``compare.facts``). This module only gathers what the
comparisons read from the store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from rashomon.document import Item
from rashomon.linking.base import Linker
from rashomon.linking.compare import COMPARISONS, Sides, StoryAccounts
from rashomon.linking.compare.base import covering
from rashomon.linking.compare.facts import group_facts
from rashomon.linking.compare.settings import ContradictionSettings
from rashomon.linking.figures import Figure, anchor_event, number_key, others_claim, scope_of
from rashomon.linking.stories import DATE_REACH, day_number
from rashomon.linking.story_digests import StoryPlan, plan_stories
from rashomon.linking.story_inputs import FEW_DOCS, current_inputs
from rashomon.linking.story_keys import (
    Past,
    anchor_digests,
    anchored,
    linked_events,
    load_past,
    mark_pending,
    once_affected,
    once_by_story,
    save_past,
)
from rashomon.store.base import LinkedUpdate, Store


class ContradictionLinker(Linker):
    """Compare the accounts inside each story; write contradictions and agreements."""

    name = "contradictions"
    version = "23"  # 23: who holds the town (compare/control.py)
    requires = ("stories", "claims", "events", "stances")
    provides = ("contradictions", "agreements")
    Settings = ContradictionSettings

    def link(self, store: Store) -> None:
        """Recompute the contradictions and agreements of the stories whose inputs changed
        since the last run (every story on a first run, or when the store keeps no change
        marks), keeping the others' items: the same output as a whole recomputation."""
        settings = self.settings
        assert isinstance(settings, ContradictionSettings)
        changes = self.changes(store)
        stories = list(store.linked("stories"))
        past = load_past(store, self.name) if changes.documents is not None else None
        members = {s.id: s.fields["docs"] for s in stories}
        docs = {d for ds in members.values() for d in ds}
        inputs = current_inputs(store, docs, past.inputs if past else None, changes.documents)
        plan = plan_stories(store, stories, settings.sign_cut, inputs)
        order = [s.id for s in stories]
        stale, anchors, known = set(order), dict[str, str](), dict[str, list[Item]]()
        if past is not None:
            stale = changes.stale(plan.digests, members) | (set(order) - set(past.stories))
            stale, anchors, known = anchored(store, stories, stale, past, plan.story_of)
        found, read = self.compare(store, [s for s in stories if s.id in stale], plan, known)
        if past is not None and (again := once_affected(order, found, past)):
            found |= self.compare(store, [s for s in stories if s.id in again], plan, known)[0]
        items, keys = once_by_story(order, found, past, members)
        group_facts(items)
        if past is not None and found:  # a run killed while writing recomputes these again
            mark_pending(store, self.name, past.mark, found)
        update = LinkedUpdate(self.provides, "story", order=order, stale=set(found), items=items)
        self.write_groups(store, changes, update, plan.digests)
        anchors = (past.anchors if past else {}) | anchors | read
        kept = {d: value for d, value in anchors.items() if d in docs}
        save_past(store, self.name, Past(changes.mark, keys, kept, inputs))

    def compare(
        self,
        store: Store,
        stories: list[Item],
        plan: StoryPlan,
        known: Mapping[str, list[Item]] | None = None,
    ) -> tuple[dict[str, list[Item]], dict[str, str]]:
        """Every comparison over the accounts of ``stories``, reading only their documents'
        items (``known``: the events in stories of documents read already): story id -> its
        items (before ``once_by_story``), and the anchors of the documents read
        (``story_keys.anchor_digests``)."""
        settings = self.settings
        assert isinstance(settings, ContradictionSettings)
        # every story's events of these documents, kept stories' too: a figure is anchored to
        # the nearest of them, whichever story it is in
        story_of = plan.story_of
        docs, known = {d for s in stories for d in s.fields["docs"]}, known or {}
        events = {d: known[d] for d in docs if known.get(d)}
        events |= linked_events(store, docs - set(known), story_of)
        events = {d: events[d] for d in sorted(events)}
        sentences = store.items_by_doc("sentences", events)
        times = {t.id: (t.start, t.end) for t in store.doc_items("times", set(events))}
        figures = collect_figures(
            store, events, sentences, plan.dates, story_of, settings.anchor_chars
        )
        labels = store.items_by_doc("labels", events)
        parents = {a: chain[0][3] for a, chain in plan.actors.items()}
        names = {a: chain[0][1] for a, chain in plan.actors.items()}
        # usual targets counted over the whole corpus, not these stories alone
        sides = Sides(parents, names, plan.links, labels, plan.outlets, plan.usual)
        shared: dict[str, Any] = {
            "outlets": plan.outlets,
            "sides": sides,
            "sentences": sentences,
            "copies": plan.copies,
            "camps": plan.camps,
            "coords": plan.coords,
            "settings": settings,
            "spans": VoiceSpans(store, events),
            "camp_pairs": {},  # outlet pair -> across camps, once a run, not once an agreement
        }
        # each story's events, grouped once (per story over all events was stories x events);
        # the order stays documents sorted, then each document's events in store order
        by_story: dict[str, list[Item]] = defaultdict(list)
        for d in sorted(events):
            for event in events[d]:
                by_story[story_of[event.id]].append(event)
        found: dict[str, list[Item]] = {}
        for story in stories:
            members = list(by_story.get(story.id, []))
            accounts = StoryAccounts(
                story, members, figures.get(story.id, []), dated=dated(members, times), **shared
            )
            found[story.id] = [
                i for comparison in COMPARISONS for i in comparison.compare(accounts)
            ]
        return found, anchor_digests(events)


class VoiceSpans(Mapping[str, dict[str, list[Item]]]):
    """Per document, the quotes, scare quotes, actor mentions and places: whose words a cue is.
    A document's are read when first asked for: only documents with an intent cue ask, so a
    large corpus's mentions are not all read (and held) up front; up to ``FEW_DOCS``
    documents are read together at the first question."""

    KINDS = ("quotes", "scare_quotes", "mentions", "places")

    def __init__(self, store: Store, docs: Iterable[str]) -> None:
        self._store, self._docs = store, set(docs)
        self._read: dict[str, dict[str, list[Item]]] = {}

    def __getitem__(self, doc: str) -> dict[str, list[Item]]:
        if doc not in self._docs:
            raise KeyError(doc)
        if doc not in self._read and len(self._docs) <= FEW_DOCS:
            # a few documents (an incremental run): all of them in one query a kind
            read = {k: self._store.items_by_doc(k, self._docs) for k in self.KINDS}
            self._read = {d: {k: read[k][d] for k in self.KINDS} for d in self._docs}
        if doc not in self._read:
            self._read[doc] = {k: list(self._store.items(k, doc=doc)) for k in self.KINDS}
        return self._read[doc]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._docs))

    def __len__(self) -> int:
        return len(self._docs)


def sides_of(store: Store, labels: dict[str, list[Item]], outlets: dict[str, str]) -> Sides:
    """Every actor's side (its parent chain, read from the actor's ``parent`` field)."""
    heads = store.actor_heads()
    parents = {a: parent for a, (_, _, parent) in heads.items()}
    names = {a: name for a, (name, _, _) in heads.items()}
    return Sides(parents, names, store.actor_links(), labels, outlets)


def dated(events: list[Item], times: dict[str, tuple[int, int]]) -> set[str]:
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


def collect_figures(
    store: Store,
    events: dict[str, list[Item]],
    sentences: dict[str, list[Item]],
    dates: Mapping[str, str | None],
    story_of: dict[str, str],
    anchor_chars: int,
) -> dict[str, list[Figure]]:
    """Story id -> the comparable figures anchored to its events (the outlet's own figures:
    one it reports as someone else's disputed claim is left out). Only the claims of the
    documents with events are read, document by document, in store order."""
    found: dict[str, list[Figure]] = defaultdict(list)
    for claims in store.items_by_doc("claims", events).values():
        for claim in claims:
            key = number_key(claim)
            if key is None:
                continue
            sentence = covering(sentences[claim.doc], claim.start)
            if sentence is not None and others_claim(claim, sentence):
                continue
            anchor = anchor_event(claim, events[claim.doc], sentence, anchor_chars)
            if anchor is None:
                continue
            scope = scope_of(sentence.text) if sentence is not None else None
            figure = Figure(claim, anchor, key, scope, day_number(dates.get(claim.doc)))
            found[story_of[anchor.id]].append(figure)
    return found
