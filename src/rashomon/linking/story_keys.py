"""What ties one story's contradictions to other stories', kept beside the contradictions
linker's run record, so that an incremental run reads none of the stored items.

Two things cross stories. ``once_by_story`` drops an item repeating an earlier story's kind and
evidence spans (a sentence holding events of two stories is one account, not two rows), and a
figure is anchored to the nearest event of its document whatever story holds it. The record
(``Past``) keeps each story's once-keys (hashed: those of its output items and those it
dropped) and documents, and each document's anchors (a digest of its events that are in a
story). A run recomputes the stale stories, the stories with a document whose anchors changed
(``anchored``), and the kept stories whose dropped items change because an earlier story now
repeats, or no longer repeats, one of their items (``once_affected``): every story whose output
may differ, and no other. The record is valid only beside the run record with the same mark.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rashomon.document import Item
from rashomon.linking.base import INCREMENTAL_KEY
from rashomon.linking.story_digests import digest
from rashomon.linking.story_inputs import Inputs
from rashomon.store.base import Store

PAST_KEY = "{}.keys"  # store meta, per linker: Past as JSON
PENDING_KEY = "{}.pending"  # store meta, per linker: the stories a run is rewriting


@dataclass
class Past:
    """Per story: [its kept once-keys, its dropped once-keys, its documents]; per document:
    the digest of its events in stories; and the run mark these belong to."""

    mark: str
    stories: dict[str, list[list[str]]] = field(default_factory=dict)
    anchors: dict[str, str] = field(default_factory=dict)
    inputs: Inputs | None = None  # per document, what the story digests read (story_inputs)


def key_hash(kind: str, comparison: Any, spans: Iterable[dict[str, Any]] | None) -> str:
    """The once-key of an item (its kind, comparison and set of evidence spans), hashed."""
    where = sorted({(s["doc"], s["start"], s["end"]) for s in spans or []})
    text = json.dumps([kind, str(comparison), where], ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def item_key(item: Item) -> str:
    """``key_hash`` of a contradiction or agreement."""
    return key_hash(item.kind, item.fields.get("kind"), item.fields.get("items"))


def load_past(store: Store, linker: str) -> Past | None:
    """The kept record, when it belongs to the linker's last recorded run (same mark)."""
    raw, run = (
        store.get_meta(PAST_KEY.format(linker)),
        store.get_meta(INCREMENTAL_KEY.format(linker)),
    )
    if not raw or not run:
        return None
    past = Past(**json.loads(raw))
    if past.mark != json.loads(run).get("mark"):
        return None
    pending = json.loads(store.get_meta(PENDING_KEY.format(linker)) or "{}")
    if pending.get("mark") == past.mark:  # a run killed while writing these: recompute them
        gone = set(pending["stories"])
        past.stories = {s: keys for s, keys in past.stories.items() if s not in gone}
    return past


def mark_pending(store: Store, linker: str, mark: str, stories: Iterable[str]) -> None:
    """Note the stories a run is about to rewrite, before it writes (``load_past`` drops them
    from the record of ``mark`` if the run is killed before its own record is saved)."""
    value = {"mark": mark, "stories": sorted(stories)}
    store.set_meta(PENDING_KEY.format(linker), json.dumps(value))


def save_past(store: Store, linker: str, past: Past) -> None:
    """Keep the record (compact JSON: a corpus's once-keys run to megabytes)."""
    value: dict[str, Any] = {"mark": past.mark, "stories": past.stories}
    value |= {"anchors": past.anchors, "inputs": past.inputs}
    store.set_meta(PAST_KEY.format(linker), json.dumps(value, separators=(",", ":")))


def linked_events(
    store: Store, docs: Iterable[str], story_of: Mapping[str, str]
) -> dict[str, list[Item]]:
    """Doc -> its events that are in a story, in store order (documents sorted; those with
    none are left out): the figures' possible anchors."""
    events: dict[str, list[Item]] = defaultdict(list)
    for event in store.doc_items("events", set(docs)):
        if event.id in story_of:
            events[event.doc].append(event)
    return {d: events[d] for d in sorted(events)}


def anchor_digests(events: Mapping[str, list[Item]]) -> dict[str, str]:
    """Doc -> digest of its events in stories (a document's claims anchor among them)."""
    return {d: digest(sorted(e.id for e in own)) for d, own in events.items()}


def anchored(
    store: Store, stories: list[Item], stale: set[str], past: Past, story_of: Mapping[str, str]
) -> tuple[set[str], dict[str, str], dict[str, list[Item]]]:
    """The stale stories plus every story with a document whose anchors changed (read for the
    stale and gone stories' documents, and again for each story this adds), the anchors read,
    and the events in stories of every document read (the comparisons read them again).
    A kept story's documents outside those have the events of unchanged stories only."""
    docs_of = {s.id: set(s.fields["docs"]) for s in stories}
    stale = set(stale)
    gone = {d for s, (_, _, docs) in past.stories.items() if s not in docs_of for d in docs}
    todo = gone | {d for s in stale for d in docs_of.get(s, ())}
    anchors: dict[str, str] = {}
    events: dict[str, list[Item]] = {}
    while todo:
        read = linked_events(store, todo, story_of)
        events |= {d: read.get(d, []) for d in todo}
        found = anchor_digests(read)
        found |= {d: "" for d in todo if d not in found}  # no events in stories any more
        anchors |= found
        moved = {d for d, value in found.items() if past.anchors.get(d) != value}
        more = {s for s, docs in docs_of.items() if s not in stale and docs & moved}
        stale |= more
        todo = {d for s in more for d in docs_of[s]} - set(anchors)
    return stale, anchors, events


def once_affected(order: list[str], fresh: Mapping[str, list[Item]], past: Past) -> set[str]:
    """Kept stories (not in ``fresh``) whose items ``once_by_story`` would now drop
    differently: an earlier story repeats, or no longer repeats, one of their once-keys."""
    seen: set[str] = set()
    affected = set()
    for story in order:
        if story in fresh:
            seen.update(item_key(item) for item in fresh[story])
            continue
        kept, dropped, _ = past.stories[story]
        keys = set(kept) | set(dropped)
        if keys - seen != set(kept):
            affected.add(story)
        seen |= keys
    return affected


def once_by_story(
    order: list[str],
    fresh: Mapping[str, list[Item]],
    past: Past | None,
    docs: Mapping[str, list[str]],
) -> tuple[list[Item], dict[str, list[list[str]]]]:
    """The recomputed stories' items in story order, less those repeating an earlier item's
    kind and evidence spans (a kept story's keys count as seen: its items are stored), and
    every story's [kept keys, dropped keys, documents] for the record."""
    seen: set[str] = set()
    items: list[Item] = []
    record: dict[str, list[list[str]]] = {}
    for story in order:
        if story not in fresh:
            assert past is not None  # a kept story: only in an incremental run
            kept, dropped, _ = past.stories[story]
            seen.update(kept)
            seen.update(dropped)
            record[story] = [kept, dropped, list(docs[story])]
            continue
        kept, dropped = [], []
        for item in fresh[story]:
            key = item_key(item)
            if key in seen:
                dropped.append(key)
                continue
            seen.add(key)
            kept.append(key)
            items.append(item)
        record[story] = [kept, dropped, list(docs[story])]
    return items, record
