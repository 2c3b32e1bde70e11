"""Stories: events from different articles that report the same real-world event.

Reads ``events`` (type, trigger, date, location, agent/patient mentions), embeds each event's
sentence, and places it in a ``StoryIndex`` kept in the store's metadata, so that a new document
joins existing stories without relinking the corpus. Exports one ``stories`` item per group that
spans at least two documents. With no events in the store there are no stories.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

import numpy as np

from rashomon.config import file_hash
from rashomon.document import Document, Item, stable_id
from rashomon.linking.base import Linker
from rashomon.linking.embeddings import HashingEmbedder, get_embedder
from rashomon.linking.story_docs import (
    DocRecord,
    DocSettings,
    group_documents,
    kept_groups,
    lead_text,
)
from rashomon.linking.story_index import EventRecord, StoryIndex, StorySettings
from rashomon.linking.story_records import DATE_REACH as DATE_REACH  # used by other linkers
from rashomon.linking.story_records import (
    GENERIC_TYPES,
    build_records,
    cached_vectors,
    chain,
    fill_vectors,
    order_key,
    signature,
)
from rashomon.linking.story_state import (
    extend_index,
    head_digests,
    heads,
    placed_state,
    replace_stories,
    save_placed,
)
from rashomon.store.base import Store

STATE_KEY = "stories.index"
# Event types that can describe the same happening; anything else is its own class.
TYPE_CLASSES = {
    "violence": "ASSAULT ATTACK STRIKE AIRSTRIKE AIR_STRIKE BOMBING BOMB SHELLING SHELL "
    "SHOOTING KILL KILLING MASSACRE EXPLOSION BLAST "
    "INJURE DIE DEATH CONFLICT:ATTACK LIFE:DIE LIFE:INJURE",
    "combat": "FIGHT FIGHTING BATTLE CLASH OFFENSIVE SEIZE RETREAT YIELD",
    "truce": "CEASEFIRE TRUCE AGREE AGREEMENT PEACE_DEAL SIGN CONTACT:AGREEMENT",
    "diplomacy": "VOTE VETO MEETING SESSION RESOLUTION CONSULT CONTACT:MEET",
    "displacement": "FLEE DISPLACEMENT EVACUATION MOVEMENT:TRANSPORT",
    "arrest": "ARREST DETENTION JUSTICE:ARREST-JAIL",
}
TYPE_CLASS = {t: cls for cls, types in TYPE_CLASSES.items() for t in types.split()}
# Bump when what the index stores changes (type classes...): a stored index is then rebuilt.
INDEX_FORMAT = "types-8"  # 7: blocks kept in the order stories entered them; 8: towns
# Speech acts about events (accusing, denying) are not happenings of their own to align.
NOT_LINKED = frozenset(
    {"ACCUSE", "DENY", "SUPPORT", "DEMAND", "REJECT", "THREATEN", "APPEAL", "REPORT"}
)


def story_assignment(store: Store) -> dict[str, int]:
    """Event id -> its story's number in the stories linker's stored index (empty before a
    link)."""
    raw = store.get_meta(STATE_KEY)
    return StoryIndex.from_bytes(base64.b64decode(raw)).merged_assignment() if raw else {}


def type_class(event_type: str | None) -> str:
    """The compatibility class of an event type (ASSAULT and ATTACK are both 'violence')."""
    key = (event_type or "OTHER").upper().replace(" ", "_")
    return TYPE_CLASS.get(key, key)


def linkable(event: Item) -> bool:
    """Whether an event is a happening to align: not a speech act, not a hypothetical one,
    not one recalled as background ('after the attacks of 2001').

    A negated mention ("we did not break the truce") still names the event it denies, as
    event-coreference annotation counts it, and is what a denial contradiction compares.
    """
    kind = (event.fields.get("type") or "").upper()
    if event.fields.get("background") or event.fields.get("linked") is False:
        return False  # recalled context, or a learned generic event left unlinked
    return kind not in NOT_LINKED and event.fields.get("modality") != "hypothetical"


def commonest(values: Iterable[Any]) -> Any:
    """The most frequent value that is not None (the first seen wins ties), else None."""
    counts = Counter(v for v in values if v is not None)
    return counts.most_common(1)[0][0] if counts else None


def day_number(value: str | None) -> int | None:
    """Days since 1970-01-01 of an ISO date (or the start of a timestamp), None if unparsable."""
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal() - date(1970, 1, 1).toordinal()
    except ValueError:
        return None


class StoryLinker(Linker):
    """Group events across documents into stories: the same stories whatever the order or the
    number of runs that brought the documents in."""

    name = "stories"
    version = "9"  # 6: events marked ``linked: false`` stay out; 7: undated by article day
    # 8: the town gate (``town_km``) and an event's scene as its place; 9: undated typed events
    # leave their document group only on evidence (``undated_evidence``)
    requires = ("actors", "events")
    provides = ("stories", "coverage")
    Settings = StorySettings

    def fingerprint(self, store: Store | None = None) -> str:
        """The settings, and with ``pairwise`` the hash of the model file (a retrained model
        re-links)."""
        base = super().fingerprint(store)
        settings = self.settings
        assert isinstance(settings, StorySettings)
        if settings.method == "index":
            return base
        from rashomon.events.coref import MODEL_PATH

        return f"{base}#coref-{file_hash(str(MODEL_PATH))}"

    def link(self, store: Store) -> None:
        """Place the corpus's events in canonical order (extending the stored index with the
        new documents' events when that is exact, ``story_state``; reusing it when it holds
        exactly the first of them), then rewrite the exported stories (only those whose inputs
        changed, when the index was extended)."""
        settings = self.settings
        assert isinstance(settings, StorySettings)
        changes = self.changes(store)
        embedder = get_embedder()
        docs = {d.id: d for d in store.documents()}
        grouping = DocSettings(
            settings.doc_threshold, settings.doc_cosine_weight, settings.doc_window_days
        )
        groups = document_groups(store, docs, embedder, grouping, keep=True)
        if extend_index(self, store, (changes, docs, groups), embedder):
            return
        save_placed(store, None)
        events = sorted(
            (e for e in store.items("events") if linkable(e)), key=lambda e: order_key(e, docs)
        )
        if not events:
            store.set_meta(STATE_KEY, "")
            replace_stories(self, store, coverage_items(groups, docs))
            self.record_run(store, changes, {})
            return
        if _method(settings.method, events, embedder) != "index":
            index = _place_pairwise(
                store, events, (groups, docs), embedder, settings, self.fingerprint()
            )
        else:
            index = _place(store, events, groups, embedder, settings, self.fingerprint())
        by_id = {e.id: e for e in events}
        merged = heads(index)
        items = story_items(index, merged, by_id, (docs, groups))
        replace_stories(self, store, items + coverage_items(groups, docs))
        if not index.merge:  # clustered by the model: the next run runs whole
            self.record_run(store, changes, {})
            return
        save_placed(store, placed_state(index, events, (store.actor_links(), docs), items))
        self.record_run(store, changes, head_digests(index, merged, docs, groups)[0])


def _method(method: str, events: list[Item], embedder: Any) -> str:
    """The method in effect: the model was trained on MiniLM vectors (hashed ones fall back to
    the index), and ``hybrid`` with no generic trigger is the index, which stays incremental."""
    if embedder.name == HashingEmbedder.name:
        return "index"
    if method == "hybrid":
        from rashomon.linking.story_pairwise import for_model

        kinds = {type_class(e.fields.get("type")) for e in events}
        return method if any(for_model(k) for k in kinds) else "index"
    return method


def _place(
    store: Store,
    events: list[Item],
    groups: dict[str, str],
    embedder: Any,
    settings: StorySettings,
    fingerprint: str,
) -> StoryIndex:
    """The index of ``events`` (in canonical order) as if placed in one go.

    The stored index is extended when the events it placed are, unchanged, the first of
    ``events`` (new articles dated after the others: the usual news stream); otherwise it is
    rebuilt. Either way the result depends only on the set of events, so stories do not depend
    on the order or number of runs (greedy placement itself is order-sensitive)."""
    records, sentences = build_records(
        store, events, {e.id: type_class(e.fields.get("type")) for e in events}
    )
    _gate(records, groups, embedder.name != HashingEmbedder.name)
    signatures = [_signature(r, s) for r, s in zip(records, sentences, strict=True)]
    # The stored index was built under some settings: other settings rebuild it.
    key = f"{embedder.name}#{INDEX_FORMAT}#{fingerprint}"
    index = _load(store, key, embedder.dim, settings)
    done = len(index.assignment)
    if done > len(records) or chain(signatures[:done]) != index.chain:
        index, done = StoryIndex(embedder.dim, key, settings), 0
    if done < len(records) or not store.get_meta(STATE_KEY):
        fill_vectors(store, records[done:], sentences[done:], embedder, set(sentences))
        index.add_many(records[done:])
        index.chain = chain(signatures)
        store.set_meta(STATE_KEY, base64.b64encode(index.to_bytes()).decode("ascii"))
    return index


def _place_pairwise(
    store: Store,
    events: list[Item],
    context: tuple[dict[str, str], dict[str, Document]],
    embedder: Any,
    settings: StorySettings,
    fingerprint: str,
) -> StoryIndex:
    """Stories clustered by the learned pairwise model; kept while no event changes."""
    from rashomon.linking.story_pairwise import place_pairwise

    groups, docs = context
    kinds = {e.id: type_class(e.fields.get("type")) for e in events}
    records, sentences = build_records(store, events, kinds)
    done = chain(signature(r, s) for r, s in zip(records, sentences, strict=True))
    key = f"{embedder.name}#{settings.method}#{INDEX_FORMAT}#{fingerprint}"
    index = _load(store, key, embedder.dim, settings)
    if index.chain == done and len(index.assignment) == len(records):
        return index
    ordered = sorted(docs.values(), key=lambda d: (d.date or "", d.id))
    leads = _doc_vectors(store, ordered, embedder)
    index = place_pairwise(store, events, records, sentences, (groups, leads), embedder, settings)
    index.embedder, index.chain = key, done
    store.set_meta(STATE_KEY, base64.b64encode(index.to_bytes()).decode("ascii"))
    return index


def _gate(records: list[EventRecord], groups: dict[str, str], embedded: bool) -> None:
    """Events typed only by the learned detector (blocked by lemma, with no type, place or
    actor to tell two happenings apart) join stories only within their article's document
    group. Typed events are not gated: opinion pieces and round-ups tell several stories, and
    their typed events still find the story of each, but carry their group: an undated story
    (blocked by type class alone) of another group takes them only on evidence
    (``undated_evidence``). Hashed leads group too loosely to gate."""
    if not embedded:
        return
    for record in records:
        if record.type_class.split(":", 1)[0] in GENERIC_TYPES:
            record.coverage = groups.get(record.doc, "")
        else:
            record.group = groups.get(record.doc, "")


def _signature(record: EventRecord, sentence: str) -> str:
    """``signature``, with a typed event's document group when it has one."""
    digest = signature(record, sentence)
    if not record.group:
        return digest
    return hashlib.sha256(f"{digest}|{record.group}".encode()).hexdigest()


def _load(store: Store, key: str, dim: int, settings: StorySettings) -> StoryIndex:
    """The stored index, or a fresh one when absent or built with another embedder or
    settings."""
    raw = store.get_meta(STATE_KEY)
    if raw:
        index = StoryIndex.from_bytes(base64.b64decode(raw), settings)
        if index.embedder == key:
            return index
    return StoryIndex(dim, key, settings)


def story_items(
    index: StoryIndex,
    merged: dict[int, list[int]],
    events: dict[str, Item],
    context: tuple[dict[str, Document], dict[str, str]],
) -> list[Item]:
    """One exported item per merged story (``story_state.heads``) that spans two or more
    documents; ``context`` is (documents, document id -> coverage group)."""
    items = [story_item(index, head, parts, events, context) for head, parts in merged.items()]
    return sorted((i for i in items if i), key=lambda i: (i.fields["date"] or "", i.id))


def story_item(
    index: StoryIndex,
    head: int,
    parts: list[int],
    events: dict[str, Item],
    context: tuple[dict[str, Document], dict[str, str]],
) -> Item | None:
    """The exported item of the merged story ``head`` (its index stories ``parts``), with the
    coverage group most of its documents are in, or None when it spans fewer than two
    documents; ``context`` is (documents, document id -> coverage group)."""
    docs, groups = context
    story = index.stories[head]
    ids = [e for n in parts for e in index.stories[n].events]
    places = sum((index.stories[n].places for n in parts), Counter())
    members = [events[e] for e in ids if e in events]
    if len({e.doc for e in members}) < 2:
        return None
    rep = _representative(members, docs)
    outlets = sorted({docs[e.doc].outlet or e.doc for e in members if e.doc in docs})
    days = sorted(d for d in (_event_day(e, docs) for e in members) if d)
    item = Item(
        kind="stories",
        start=rep.start,
        end=rep.end,
        text=rep.text,
        doc=rep.doc,
        id=stable_id(story.id, prefix="st-"),
        fields={
            "title": _title(members, places),
            "events": [e.id for e in members],
            "docs": sorted({e.doc for e in members}),
            "outlets": outlets,
            "date": commonest(days),
            "type": story.type_class,
            "places": sorted(places),
        },
    )
    key = commonest(groups.get(d) for d in item.fields["docs"])
    item.fields["coverage"] = stable_id(key, prefix="cv-") if key else None
    return item


def _event_day(event: Item, docs: dict[str, Document]) -> str | None:
    value = event.fields.get("date") or (docs[event.doc].date if event.doc in docs else None)
    return value[:10] if value else None


def _representative(members: list[Item], docs: dict[str, Document]) -> Item:
    """The event that best stands for the story: at its commonest place and on its commonest
    day where it has them, then the earliest report, then the first in the document."""
    place = commonest(e.fields.get("location_text") for e in members)
    day = commonest(_event_day(e, docs) for e in members)
    return min(
        members,
        key=lambda e: (
            place is not None and e.fields.get("location_text") != place,
            day is not None and _event_day(e, docs) != day,
            _event_day(e, docs) or "9999",
            e.doc,
            e.start,
        ),
    )


def _title(members: list[Item], places: Counter[str]) -> str:
    """A short headline: the commonest trigger word and place."""
    triggers = Counter(
        (e.fields.get("trigger") or {}).get("text", "").lower() or e.fields.get("type", "event")
        for e in members
    )
    names = Counter(_where(e) for e in members if _where(e))
    word = triggers.most_common(1)[0][0].capitalize()
    where = (
        names.most_common(1)[0][0]
        if names
        else (places.most_common(1)[0][0].title() if places else "")
    )
    return f"{word} in {where}" if where else word


def _where(event: Item) -> str | None:
    """The name of an event's place, else of its scene (``events/scene.py``)."""
    scene = event.fields.get("scene") or {}
    return event.fields.get("location_text") or scene.get("name")


DOC_VECTORS_KEY = "stories.doc_vectors"


def document_groups(
    store: Store,
    docs: dict[str, Document],
    embedder: Any,
    settings: DocSettings | None = None,
    keep: bool = False,
) -> dict[str, str]:
    """Document id -> its coverage group id: every article is in one (see ``story_docs``);
    ``keep``: reuse and store the placement of the articles (``story_docs.kept_groups``)."""
    ordered = sorted(docs.values(), key=lambda d: (d.date or "", d.id))
    vectors = _doc_vectors(store, ordered, embedder)
    named = store.doc_actors()
    records = []
    for doc in ordered:
        actors = frozenset(named.get(doc.id, ()))
        records.append(DocRecord(doc.id, day_number(doc.date), vectors[doc.id], actors))
    # Placed in canonical order: the groups are a function of the corpus, not of the order of
    # runs (the vectors are kept, so this costs no encoding; the placement too, with keep).
    settings = settings or DocSettings()
    return kept_groups(store, records, settings) if keep else group_documents(records, settings)


def _doc_vectors(store: Store, docs: list[Document], embedder: Any) -> dict[str, np.ndarray]:
    """Lead vectors, kept in the store's metadata by text hash so that a relink encodes only
    new or changed articles."""
    leads = [lead_text(d.title, d.text) for d in docs]
    vectors = cached_vectors(store, DOC_VECTORS_KEY, leads, embedder, np.float32, leads)
    return {d.id: vector for d, vector in zip(docs, vectors, strict=True)}


def coverage_items(groups: dict[str, str], docs: dict[str, Document]) -> list[Item]:
    """One ``coverage`` item per group of two or more articles, anchored on the first one's
    opening line (its title in most ingested articles)."""
    members: dict[str, list[str]] = defaultdict(list)
    for doc_id, group in sorted(groups.items()):
        members[group].append(doc_id)
    items = []
    for key, ids in sorted(members.items()):
        if len(ids) < 2:
            continue
        group = stable_id(key, prefix="cv-")
        first = min((docs[d] for d in ids), key=lambda d: (d.date or "9999", d.id))
        end = len(first.text.split("\n", 1)[0].rstrip())
        days = sorted({str(docs[d].date)[:10] for d in ids if docs[d].date})
        fields = {
            "docs": ids,
            "outlets": sorted({docs[d].outlet or d for d in ids}),
            "date": days[0] if days else None,
            "title": first.title or first.text[:end],
        }
        items.append(
            Item(
                kind="coverage",
                start=0,
                end=end,
                text=first.text[:end],
                doc=first.id,
                id=group,
                fields=fields,
            )  # fmt: skip
        )
    return items
