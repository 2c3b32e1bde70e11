"""What the contradictions' story digests read of each document's own items, kept per document
beside the linker's run record, so that an incremental run reads only the changed documents'
mentions, labels and places instead of the whole corpus's.

A document's items change only when the document is saved again (``Linker.changes``), so its
record stays valid while it is unchanged: its mention ids, its labels (the label, and the
mention ``Sides.usual`` counts it for, when it counts: own voice, firmly attached) and its
places with coordinates, each in store order. The corpus-wide lookups they feed (the actor
each mention resolves to, the usual target of each outlet's label, a place's coordinates) are
computed again every run from the records and the current actors.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from rashomon.document import Item
from rashomon.linking.compare.base import counted_label
from rashomon.store.base import Store

LABEL_FIELDS = ("label", "actor_mention", "voice", "position", "resolved")
PLACE_FIELDS = ("place_id", "name", "lat", "lon")
FEW_DOCS = 500  # up to this many documents are read by document (doc_items), more by kind

# doc -> [mention ids, [[label, counted mention or None]], [[place id, name, lat, lon]]]
Inputs = dict[str, list[list[Any]]]


def read_inputs(store: Store, docs: Collection[str]) -> Inputs:
    """The records of ``docs`` (every one present), read from the store: by document for a
    few, else each kind's fields over the corpus (``Store.item_fields``)."""
    found: Inputs = {d: [[], [], []] for d in sorted(docs)}
    if not docs:
        return found
    rows = _by_doc(store, docs) if len(docs) <= FEW_DOCS else _by_kind(store)
    for slot, doc, value in rows:
        if doc in found:
            found[doc][slot].append(value)
    return found


def _by_doc(store: Store, docs: Collection[str]) -> Iterable[tuple[int, str, Any]]:
    for mention in store.doc_items("mentions", docs):
        yield 0, mention.doc, mention.id
    for label in store.doc_items("labels", docs):
        yield 1, label.doc, _label(label)
    for place in store.doc_items("places", docs):
        if (row := _place(place.text, [place.fields.get(n) for n in PLACE_FIELDS])) is not None:
            yield 2, place.doc, row


def _by_kind(store: Store) -> Iterable[tuple[int, str, Any]]:
    for mention, doc, _ in store.item_fields("mentions", ()):
        yield 0, doc, mention
    for label_id, doc, text, *values in store.item_fields("labels", LABEL_FIELDS):
        fields = dict(zip(LABEL_FIELDS, values, strict=True))
        yield 1, doc, _label(Item("labels", 0, 0, text, fields, label_id, doc))
    for _, doc, text, *values in store.item_fields("places", PLACE_FIELDS):
        if (row := _place(text, values)) is not None:
            yield 2, doc, row


def _label(label: Item) -> list[Any]:
    return [str(label.fields.get("label")), counted_label(label)]


def _place(text: str, values: list[Any]) -> list[Any] | None:
    """A place with coordinates: [id, name (its text when unnamed), lat, lon]."""
    place_id, name, lat, lon = values
    return [place_id, name or text, lat, lon] if place_id and lat is not None else None


def current_inputs(
    store: Store, docs: Collection[str], kept: Inputs | None, changed: Collection[str] | None
) -> Inputs:
    """Every one of ``docs``'s records: kept ones of unchanged documents, the others read."""
    kept = kept if kept is not None and changed is not None else {}
    ready = {d: kept[d] for d in docs if d in kept and d not in (changed or ())}
    return ready | read_inputs(store, [d for d in docs if d not in ready])
