"""Event clusters: cheap coreference of the generic events that join no story.

The learned detector's generic OCCURRENCE and REPORT events are stored ``linked: false``
(``events.link_learned`` off): they join no story, so the timeline, report and actor pages stay
free of them, and their sentences are never encoded (linking them through the pairwise model
cost +56 % CPU on ``rashomon analyze``). This linker groups them without any vector: generic
events of one coverage group (``coverage`` items, the stories linker's grouping of articles that
tell one story) with the same trigger lemma, or with lemmas of one family (pairs learned on ECB+
train topics: "died" and "death", ``lang/en/events_coref_lemma_pairs.txt``), are one cluster. A
cluster of two or more events is exported as one ``event_clusters`` item (anchored on its first
event; ``events``, ``docs``, ``lemma``, ``lemmas``, ``coverage``); the events themselves keep
``linked: false``.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rashomon.config import Settings
from rashomon.document import Item, stable_id
from rashomon.lang import words
from rashomon.linking.base import Linker
from rashomon.store.base import LinkedUpdate, Store

GROUPINGS = ("coverage", "document", "corpus")
PAIRS_FILE = "events_coref_lemma_pairs"


@dataclass(frozen=True)
class EventClusterSettings(Settings):
    """Settings of the ``event_clusters`` linker."""

    within: str = "coverage"
    """Where same-lemma generic events corefer: ``coverage`` (one coverage group of articles),
    ``document`` (one article) or ``corpus`` (anywhere)."""
    split_places: bool = False
    """Keep apart same-lemma events whose places are both known and differ."""
    reports: bool = True
    """Cluster the generic REPORT events (said, told) too, not only OCCURRENCE ones (off:
    ECB+ train CoNLL end to end 0.687 -> 0.695, dev 0.652 -> 0.647; not confirmed, kept on)."""
    families: bool = True
    """Join the clusters of two lemmas that tell one happening (die and death, arrest and
    apprehend): the pairs of ``lang/en/events_coref_lemma_pairs.txt``, learned on ECB+ train
    topics (``eval.ecb_families``)."""


def unlinked(event: Item) -> bool:
    """Whether an event is a generic one left out of stories (``linked: false``), not recalled
    background (which corefers with nothing told in the article)."""
    return event.fields.get("linked") is False and not event.fields.get("background")


def clustered(event: Item, settings: EventClusterSettings) -> bool:
    """Whether the linker clusters an event: an unlinked one, REPORT only with ``reports``."""
    return unlinked(event) and (settings.reports or event.fields.get("type") != "REPORT")


def trigger_lemma(event: Item) -> str:
    """The event's trigger lemma, lower-cased (its text when the item carries no lemma)."""
    trigger = event.fields.get("trigger") or {}
    return str(trigger.get("lemma") or trigger.get("text") or event.text).lower()


def coverage_of(store: Store) -> dict[str, str]:
    """Document id -> the id of the ``coverage`` item it is in (articles in none are absent)."""
    groups: dict[str, str] = {}
    for item in store.linked("coverage"):
        for doc in item.fields.get("docs") or ():
            groups[str(doc)] = item.id
    return groups


def cluster_keys(
    events: Iterable[Item], groups: dict[str, str], settings: EventClusterSettings
) -> dict[str, tuple[str, ...]]:
    """Event id -> its cluster's key: the trigger lemma within the settings' grouping (and its
    place, with ``split_places``; an event with no place joins its lemma's commonest one)."""
    return {e.id: (grouping(e.doc, groups, settings), trigger_lemma(e)) for e in events}


def partners(pairs: Iterable[Iterable[str]]) -> dict[str, frozenset[str]]:
    """Lemma -> the lemmas it is paired with, both ways (``pairs``: two lemmas each)."""
    found: dict[str, set[str]] = defaultdict(set)
    for a, b in pairs:
        found[a].add(b)
        found[b].add(a)
    return {k: frozenset(v) for k, v in found.items()}


def lemma_pairs(name: str = PAIRS_FILE) -> dict[str, frozenset[str]]:
    """Lemma -> the lemmas it shares a happening with (``name``: one pair a line)."""
    return partners(line.split() for line in words(name))


def join_families(keys: dict[str, tuple[str, ...]], pairs: dict[str, frozenset[str]]) -> None:
    """Give the keys of one grouping whose lemmas are paired (directly or through a chain of
    lemmas present there) one lemma: the family's first in sorted order."""
    present: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for key in keys.values():
        present[(key[0], *key[2:])].add(key[1])
    root: dict[tuple[str, ...], str] = {}
    for where, lemmas in present.items():
        seen: set[str] = set()
        for lemma in sorted(lemmas):
            if lemma in seen:
                continue
            family, todo = {lemma}, [lemma]
            while todo:  # the lemmas of this grouping reachable through pairs
                for other in pairs.get(todo.pop(), ()):
                    if other in lemmas and other not in family:
                        family.add(other)
                        todo.append(other)
            seen |= family
            for member in family:
                root[(*where, member)] = lemma
    for event, key in keys.items():
        keys[event] = (key[0], root[(key[0], *key[2:], key[1])], *key[2:])


def grouping(doc: str, groups: dict[str, str], settings: EventClusterSettings) -> str:
    """The grouping a document's generic events cluster in: its coverage group (an article in
    none is its own), the article itself, or the corpus."""
    if settings.within == "corpus":
        return ""
    if settings.within == "document":
        return "doc:" + doc
    return groups.get(doc, "doc:" + doc)


def _split_places(events: list[Item], keys: dict[str, tuple[str, ...]]) -> None:
    """Add the place to each key that has events at two known places; placeless events take
    the key's commonest place."""
    places: dict[tuple[str, ...], dict[str, int]] = defaultdict(dict)
    for event in events:
        place = event.fields.get("location")
        if place:
            counts = places[keys[event.id]]
            counts[str(place)] = counts.get(str(place), 0) + 1
    for event in events:
        counts = places.get(keys[event.id], {})
        if len(counts) < 2:
            continue
        place = event.fields.get("location")
        common = min(counts, key=lambda p: (-counts[p], p))
        keys[event.id] = keys[event.id] + (str(place) if place else common,)


def cluster_items(
    events: list[Item],
    groups: dict[str, str],
    settings: EventClusterSettings,
    pairs: dict[str, frozenset[str]] | None = None,
) -> list[Item]:
    """One ``event_clusters`` item per cluster of two or more generic events (``pairs``: the
    lemma families to join, the shipped ones by default with ``settings.families``)."""
    keys = cluster_keys(events, groups, settings)
    if settings.split_places:
        _split_places(events, keys)
    if settings.families:
        join_families(keys, lemma_pairs() if pairs is None else pairs)
    members: dict[tuple[str, ...], list[Item]] = defaultdict(list)
    for event in sorted(events, key=lambda e: (e.doc, e.start, e.end, e.id)):
        members[keys[event.id]].append(event)
    items = []
    for key, group in sorted(members.items()):
        if len(group) < 2:
            continue
        first = group[0]
        cover = groups.get(first.doc) if settings.within == "coverage" else None
        fields = {
            "events": [e.id for e in group],
            "docs": sorted({e.doc for e in group}),
            "lemma": key[1],
            "lemmas": sorted({trigger_lemma(e) for e in group}),
            "coverage": cover,
            "group": key[0],
        }
        cid = stable_id(*key, *(e.id for e in group), prefix="ec-")
        items.append(
            Item(
                kind="event_clusters",
                start=first.start,
                end=first.end,
                text=first.text,
                doc=first.doc,
                id=cid,
                fields=fields,
            )  # fmt: skip
        )
    return items


def cluster_assignment(store: Store) -> dict[str, str]:
    """Event id -> the id of its ``event_clusters`` item (events in none are absent)."""
    return {e: item.id for item in store.linked("event_clusters") for e in item.fields["events"]}


class EventClusterLinker(Linker):
    """Cluster the generic events left out of stories by trigger lemma within coverage
    groups: no vectors, linear in the number of events, incremental by grouping."""

    name = "event_clusters"
    version = "2"  # 2: lemma families (``families``), the ``lemmas`` field
    requires = ("events", "coverage")
    provides = ("event_clusters",)
    Settings = EventClusterSettings

    def link(self, store: Store) -> None:
        """Recompute the clusters of the groupings that are new, changed members, or hold a
        document saved since the last complete run; keep the others as stored."""
        settings = self.settings
        assert isinstance(settings, EventClusterSettings)
        if settings.within not in GROUPINGS:
            raise ValueError(f"linkers.event_clusters.within: one of {', '.join(GROUPINGS)}")
        changes = self.changes(store)
        groups = coverage_of(store)
        members: dict[str, list[str]] = defaultdict(list)
        for doc, _ in store.hashes():
            members[grouping(doc, groups, settings)].append(doc)
        digests = {
            g: hashlib.sha256("\x1f".join(sorted(docs)).encode()).hexdigest()[:16]
            for g, docs in members.items()
        }
        stale = changes.stale(digests, members)
        docs = sorted(d for g in stale for d in members[g])
        events = [e for e in store.doc_items("events", docs) if clustered(e, settings)]
        items = cluster_items(events, groups, settings)
        order = sorted(members)
        update = LinkedUpdate(("event_clusters",), "group", order, stale, items)
        self.write_groups(store, changes, update, digests)
