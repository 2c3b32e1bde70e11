"""ECB+ coreference with gold mentions given: the stories linker run on the gold mentions.

The usual meaning of "with gold mentions": the system clusters exactly the annotated mentions.
Each document is copied into a scratch store with its analysed items, except that its events
are the gold mentions: a gold mention over which the analysers found an event carries that
event's type, arguments, date, place and modality (the trigger span becomes the gold one);
any other is a generic OCCURRENCE with its head lemma. The actors and stories linkers then run
on that store, exactly as shipped, and each gold mention's story is its cluster.

Before this row existed, "on gold mentions" projected each gold mention onto the story of the
predicted trigger over it: the fifth of the gold mentions with no predicted trigger were
singletons whatever the linker did, which capped that figure well below what the linker
reaches on the mentions themselves (``projected`` row of ``eval ecb``).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Hashable
from pathlib import Path

from rashomon.document import Item, stable_id
from rashomon.eval.ecb import LEMMAS_KEY, EcbDoc, Key, _lemma_key, _trigger
from rashomon.store.base import Store

COPIED_META = ("stories.doc_vectors", "stories.event_vectors", LEMMAS_KEY)


def gold_event_id(key: Key) -> str:
    """The id of the event standing for one gold mention."""
    return stable_id(*key, prefix="g-")


def gold_events(doc: EcbDoc, events: list[Item], lemmas: dict[str, str]) -> list[Item]:
    """One event item per gold mention of ``doc`` (see the module docstring)."""
    out = []
    for mention in doc.mentions:
        start, end = int(mention["start"]), int(mention["end"])
        key = (doc.id, start, end)
        lemma = lemmas.get(_lemma_key(key)) or doc.text[start:end].lower()
        trigger = {"start": start, "end": end, "text": doc.text[start:end], "lemma": lemma}
        over = next((e for e in events if _overlaps(_trigger(e), start, end)), None)
        if over is not None:
            # Every gold mention is linked, a learned event's ``linked: false`` included.
            fields = {k: v for k, v in over.fields.items() if k != "linked"}
            item = Item("events", over.start, over.end, over.text, fields)
        else:
            fields = {"type": "OCCURRENCE", "modality": "asserted"}
            item = Item("events", start, end, doc.text[start:end], fields)
        item.fields["trigger"] = trigger
        item.id, item.doc = gold_event_id(key), doc.id
        out.append(item)
    return out


def _overlaps(span: tuple[int, int], start: int, end: int) -> bool:
    return span[0] < end and start < span[1]


def gold_story_labels(store: Store, docs: list[EcbDoc]) -> dict[Key, Hashable]:
    """Gold mention -> its story (or itself, alone) when the shipped actors and stories
    linkers run on the gold mentions."""
    from rashomon.eval.ecb import link
    from rashomon.linking.stories import story_assignment
    from rashomon.store import open_store

    lemmas: dict[str, str] = json.loads(store.get_meta(LEMMAS_KEY) or "{}")
    with tempfile.TemporaryDirectory() as tmp:
        scratch = open_store(str(Path(tmp) / "gold.db"))
        try:
            for doc in docs:
                _copy(store, scratch, doc, lemmas)
            for meta in COPIED_META:  # cached vectors: nothing is encoded twice
                value = store.get_meta(meta)
                if value is not None:
                    scratch.set_meta(meta, value)
            link(scratch)
            story = story_assignment(scratch)
        finally:
            scratch.close()
    out: dict[Key, Hashable] = {}
    for doc in docs:
        for m in doc.mentions:
            key = (doc.id, int(m["start"]), int(m["end"]))
            event = gold_event_id(key)
            out[key] = ("story", story[event]) if event in story else ("alone", key)
    return out


def _copy(store: Store, scratch: Store, doc: EcbDoc, lemmas: dict[str, str]) -> None:
    """``doc`` with its analysed items, its events replaced by its gold mentions."""
    stored = store.document(doc.id)
    state = store.state(doc.id)
    if stored is None or state is None:
        return
    items = list(store.items(doc=doc.id))
    events = [i for i in items if i.kind == "events"]
    kept = [i for i in items if i.kind != "events"]
    scratch.save_document(stored, kept + gold_events(doc, events, lemmas), state.analysers)
