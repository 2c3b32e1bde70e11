"""What the stories linker knows about each event: index records, their signatures, vectors.

A record holds everything the story index decides with (type class, day, place, actors, the
article's document group, the sentence vector). Its *signature* is a digest of all of that
except the vector, which is replaced by a hash of the sentence it is computed from, so the
linker can tell, without embedding anything, whether the events placed by an earlier run are
still exactly the first events of the corpus in canonical order (and may stay placed) or not
(and the index is rebuilt). Sentence vectors are kept in the store's metadata by text hash and
always read back through the same float16 rounding, so a vector computed in this run and one
kept from an earlier run are the same numbers.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from rashomon.document import Document, Item
from rashomon.linking.story_index import EventRecord
from rashomon.store.base import Store

VECTORS_KEY = "stories.event_vectors"
DATE_REACH = 40  # characters between a time expression and the trigger it dates
# Triggers typed only by the learned detector: too broad a type to block on, so they are
# blocked by their lemma too (an arrest and a resignation are both OCCURRENCE).
GENERIC_TYPES = frozenset({"OCCURRENCE"})
_KINDS = ("sentences", "places", "times")  # what an event's record reads of its document


def event_day(own: str | None, doc_date: str | None) -> str:
    """The day an event is ordered by: its own date, else its article's day, else ""."""
    return own or (doc_date or "")[:10]


def order_key(event: Item, docs: Mapping[str, Document]) -> tuple[str, str, int, str]:
    """Events by date (an undated one by its article's day), then document id and position: the
    canonical order events are placed in."""
    # Not "" for undated events: a new article's undated event would then come before nearly
    # every placed one and the index be placed again; by the article's day, news arriving in
    # date order extends it.
    doc = docs.get(event.doc)
    day = event_day(event.fields.get("date"), doc.date if doc is not None else None)
    return (day, event.doc, event.start, event.id)


def build_records(
    store: Store, events: list[Item], kinds: dict[str, str]
) -> tuple[list[EventRecord], list[str]]:
    """Index records (vectors not yet filled in) and the sentence of each, in input order.

    ``kinds`` maps an event id to its type class (see ``stories.type_class``)."""
    links = store.actor_links()
    by_doc: dict[str, list[Item]] = defaultdict(list)
    for event in events:
        by_doc[event.doc].append(event)
    made: dict[str, tuple[EventRecord, str]] = {}
    # one query a kind for the documents wanted, not a scan a document
    read = {kind: store.items_by_doc(kind, by_doc) for kind in _KINDS}
    for doc_id, doc_events in by_doc.items():
        doc = store.document(doc_id)
        sents = read["sentences"][doc_id]
        places = {p.id: p for p in read["places"][doc_id]}
        times = {t.id: t for t in read["times"][doc_id]}
        towns: dict[Any, dict[str, Any]] = {}  # gazetteer id -> its first place's fields
        for p in places.values():
            towns.setdefault(p.fields.get("place_id"), p.fields)
        for event in doc_events:
            own = _own_date(event, times)
            record = _record(event, doc, places, towns, links, kinds[event.id], own)
            made[event.id] = (record, event_sentence(event, sents))
    return [made[e.id][0] for e in events], [made[e.id][1] for e in events]


def signature(record: EventRecord, sentence: str) -> str:
    """A digest of what the index decides with (the sentence stands for its vector)."""
    parts = [
        record.id,
        record.doc,
        record.type_class,
        record.day,
        record.place,
        sorted(record.actors),
        record.coverage,
        *([record.target] if record.target else []),  # absent: signatures as before
        *([list(record.coords)] if record.coords else []),  # a scene's town: not in the place key
        hashlib.sha256(sentence.encode("utf-8")).hexdigest(),
    ]
    return hashlib.sha256(json.dumps(parts).encode("utf-8")).hexdigest()


def chain(signatures: Iterable[str]) -> str:
    """One digest of a sequence of signatures (order matters)."""
    digest = hashlib.sha256()
    for value in signatures:
        digest.update(value.encode("ascii"))
    return digest.hexdigest()


def fill_vectors(
    store: Store,
    records: list[EventRecord],
    sentences: list[str],
    embedder: Any,
    live: set[str] | None,
) -> None:
    """Give each record its sentence's vector (``cached_vectors``, kept as float16); ``live``
    holds the sentences of every current event: other cache entries go."""
    vectors = cached_vectors(store, VECTORS_KEY, sentences, embedder, np.float16, live)
    for record, vector in zip(records, vectors, strict=True):
        record.vector = vector.astype(np.float32)


def cached_vectors(
    store: Store,
    meta_key: str,
    texts: list[str],
    embedder: Any,
    dtype: type[np.floating[Any]],
    live: Iterable[str] | None,
) -> list[np.ndarray]:
    """The vector of each text, from the cache kept in the store's metadata under ``meta_key``
    (by a hash of the embedder and the text), else encoded now and cached as ``dtype``; cache
    entries for texts not in ``live`` (when given) are dropped, so a relink encodes only what is
    new."""
    raw = store.get_meta(meta_key)
    kept: dict[str, str] = json.loads(raw) if raw else {}
    keys = {t: cache_key(embedder.name, t) for t in dict.fromkeys(texts)}
    todo = [t for t, k in keys.items() if k not in kept]
    if todo:
        for text, vector in zip(todo, embedder.encode(todo), strict=True):
            kept[keys[text]] = pack(vector, dtype)
    # ``live`` None: an incremental run keeps every entry (the next whole run prunes)
    wanted = set(kept) if live is None else {cache_key(embedder.name, t) for t in live}
    pruned = {k: v for k, v in sorted(kept.items()) if k in wanted}
    if todo or len(pruned) != len(kept):
        store.set_meta(meta_key, json.dumps(pruned))
    return [np.frombuffer(base64.b64decode(kept[keys[t]]), dtype) for t in texts]


def cache_key(embedder: str, text: str) -> str:
    """The cache key of a text's vector: a hash of the embedder's name and the text."""
    return hashlib.sha256(f"{embedder}\n{text}".encode()).hexdigest()


def pack(vector: np.ndarray, dtype: type[np.floating[Any]]) -> str:
    """A vector as the caches keep it: rounded to ``dtype``, base64 of its bytes."""
    return base64.b64encode(np.asarray(vector, dtype).tobytes()).decode("ascii")


def event_sentence(event: Item, sentences: list[Item]) -> str:
    """The sentence holding the event (its own text when none covers it)."""
    for sent in sentences:
        if sent.start <= event.start < sent.end:
            return sent.text
    return event.text


def _own_date(event: Item, times: dict[str, Item]) -> str | None:
    """The event's date when its time expression sits next to its trigger, else None.

    A date found further away in the sentence usually belongs to another clause ("the strike
    came three days after the truce agreed on 14 March"); the document date is safer then.
    """
    time = times.get(event.fields.get("time") or "")
    trigger = event.fields.get("trigger") or {}
    if time is None or "start" not in trigger:
        return None
    distance = max(trigger["start"] - time.end, time.start - trigger["end"], 0)
    return event.fields.get("date") if distance <= DATE_REACH else None


def _record(
    event: Item,
    doc: Document | None,
    places: dict[str, Item],
    towns: dict[Any, dict[str, Any]],
    links: dict[str, str],
    kind: str,
    own_date: str | None = None,
) -> EventRecord:
    """One event's index record (vector filled in later, in a batch)."""
    from rashomon.linking.stories import day_number

    f = event.fields
    day = day_number(own_date) or day_number(doc.date if doc else None)
    actors = frozenset(
        links[m] for m in (f.get("agent_mention"), f.get("patient_mention")) if m and m in links
    )
    if kind in GENERIC_TYPES:
        kind = f"{kind}:{(f.get('trigger') or {}).get('lemma') or event.text.lower()}"
    return EventRecord(
        id=event.id,
        doc=event.doc,
        type_class=kind,
        day=day,
        place=_place_key(f, places),
        actors=actors,
        vector=None,  # type: ignore[arg-type]
        target=f.get("patient_class"),
        coords=_coords(f, towns),
    )


def _coords(fields: dict[str, Any], towns: dict[Any, dict[str, Any]]) -> tuple[float, float] | None:
    """(lat, lon) of the town the event is placed in (its location, else its scene), or None."""
    location = fields.get("location")  # a gazetteer id
    place = towns.get(location) if location else None
    if not place or place.get("lat") is None:  # no town: a country, or no place at all
        place = fields.get("scene")
    if not place or place.get("lat") is None or place.get("lon") is None:
        return None
    return float(place["lat"]), float(place["lon"])


def _place_key(fields: dict[str, Any], places: dict[str, Item]) -> str | None:
    """A comparable place key: the gazetteer id of the event's place, else its name."""
    location = fields.get("location")
    if isinstance(location, str) and location in places:
        place = places[location].fields
        return str(place.get("place_id") or place.get("name") or places[location].text).lower()
    if isinstance(location, dict):
        return str(location.get("place_id") or location.get("name") or "").lower() or None
    if location:
        return str(location).lower()
    text = fields.get("location_text")
    if not text and fields.get("scene"):  # told with no place, in a passage about one town
        return str(fields["scene"].get("place_id") or fields["scene"].get("name")).lower()
    return text.lower() if text else None
