"""Stories from the learned pairwise event-coreference model (``StorySettings.method``).

Each event becomes a ``events.coref.Mention`` (its trigger lemma's vector, its sentence's and
its article lead's vectors, its document group, day, place, actors, type class); mentions are
clustered by average linkage within document groups, so the cost is the sum of the squared
group sizes, not the corpus size squared. The clustering is a function of the set of events:
it is recomputed whenever any event's signature changes, and kept otherwise.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from rashomon.document import Item
from rashomon.events.coref import CorefModel, Mention, cluster
from rashomon.linking.story_index import EventRecord, StoryIndex, StorySettings
from rashomon.linking.story_records import GENERIC_TYPES as GENERIC
from rashomon.linking.story_records import fill_vectors
from rashomon.store.base import Store


def place_pairwise(
    store: Store,
    events: list[Item],
    records: list[EventRecord],
    sentences: list[str],
    context: tuple[dict[str, str], dict[str, np.ndarray]],
    embedder: Any,
    settings: StorySettings,
) -> StoryIndex:
    """A story index whose stories are the model's clusters (no centroid merge pass).

    ``context`` is (document id -> document group, document id -> lead vector)."""
    groups, leads = context
    lemmas = [_lemma(e) for e in events]
    fill_vectors(store, records, sentences, embedder, set(sentences) | set(lemmas))
    triggers = [r.vector.copy() for r in _records_for(lemmas, embedder, store, sentences)]
    mentions = [
        Mention(
            r.id,
            r.doc,
            lemma,
            trigger,
            r.vector,
            leads[r.doc],
            groups.get(r.doc, ""),
            r.day,
            r.place,
            r.actors,
            r.type_class,
        )
        for r, lemma, trigger in zip(records, lemmas, triggers, strict=True)
    ]
    model = CorefModel.load()
    if settings.coref_threshold is not None:
        model.threshold = settings.coref_threshold
    index = StoryIndex(embedder.dim, "", settings)
    if settings.method != "hybrid":
        index.merge = False
        index.add_clusters(records, cluster(mentions, model))
        return index
    # hybrid: typed events go through the centroid index as usual; the learned detector's
    # generic triggers (the kind the model was trained on) are clustered by the model, and so
    # are undated typed events with ``undated_to_model``: with no date the index blocks them
    # by type class alone, across every article of the corpus, and joins them on little more
    # than a shared type (ECB+ dev on gold mentions 0.723 -> 0.741).
    generic = [
        n
        for n, r in enumerate(records)
        if for_model(r.type_class) or (settings.undated_to_model and r.day is None)
    ]
    routed = set(generic)
    index.add_many([r for n, r in enumerate(records) if n not in routed])
    labels = cluster([mentions[n] for n in generic], model)
    index.add_clusters([records[n] for n in generic], labels)
    return index


def for_model(kind: str) -> bool:
    """Whether ``hybrid`` leaves an event (of this type class) to the model."""
    return kind.split(":", 1)[0] in GENERIC


def _lemma(event: Item) -> str:
    trigger = event.fields.get("trigger") or {}
    return str(trigger.get("lemma") or trigger.get("text") or event.text).lower()


def _records_for(
    lemmas: list[str], embedder: Any, store: Store, sentences: list[str]
) -> list[EventRecord]:
    """Throwaway records carrying the (cached) vector of each lemma."""
    out = [
        EventRecord(str(n), "", "", None, None, frozenset(), None)  # type: ignore[arg-type]
        for n in range(len(lemmas))
    ]
    fill_vectors(store, out, lemmas, embedder, set(sentences) | set(lemmas))
    return out
