"""Stories from the learned pairwise event-coreference model (``StorySettings.method``).

Each event becomes a ``events.coref.Mention`` (its trigger lemma's vector, its trigger's vector
in its sentence, its sentence's and its article lead's vectors, its document group, day, place, actors, type class); mentions are
clustered by average linkage within document groups, so the cost is the sum of the squared
group sizes, not the corpus size squared. The clustering is a function of the set of events:
it is recomputed whenever any event's signature changes, and kept otherwise.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from rashomon.document import Item
from rashomon.events.coref import CorefModel, Mention, cluster, context_vectors
from rashomon.linking.event_clusters import trigger_lemma
from rashomon.linking.story_index import EventRecord, StoryIndex, StorySettings
from rashomon.linking.story_records import GENERIC_TYPES as GENERIC
from rashomon.linking.story_records import cached_vectors, fill_vectors
from rashomon.store.base import Store

CONTEXT_KEY = "stories.context_vectors"  # cached trigger-in-sentence vectors (float16)


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
    lemmas = [trigger_lemma(e) for e in events]
    fill_vectors(store, records, sentences, embedder, set(sentences) | set(lemmas))
    triggers = [r.vector.copy() for r in _records_for(lemmas, embedder, store, sentences)]
    index = StoryIndex(embedder.dim, "", settings)
    # hybrid: typed events go through the centroid index as usual; the learned detector's
    # generic triggers (the kind the model was trained on) are clustered by the model, and so
    # are undated typed events with ``undated_to_model``: with no date the index blocks them
    # by type class alone, across every article of the corpus, and joins them on little more
    # than a shared type (ECB+ dev on gold mentions 0.723 -> 0.741).
    routed = [
        n
        for n, r in enumerate(records)
        if settings.method != "hybrid"
        or for_model(r.type_class)
        or (settings.undated_to_model and r.day is None)
    ]
    spans = [_in_sentence(events[n], sentences[n]) for n in routed]
    contexts = _contexts(store, spans, embedder)
    mentions = [
        Mention(
            records[n].id,
            records[n].doc,
            lemmas[n],
            triggers[n],
            records[n].vector,
            leads[records[n].doc],
            groups.get(records[n].doc, ""),
            records[n].day,
            records[n].place,
            records[n].actors,
            records[n].type_class,
            contexts[k],
        )
        for k, n in enumerate(routed)
    ]
    model = CorefModel.load()
    if settings.coref_threshold is not None:
        model.threshold = settings.coref_threshold
    if settings.method != "hybrid":
        index.merge = False
    else:
        taken = set(routed)
        index.add_many([r for n, r in enumerate(records) if n not in taken])
    index.add_clusters([records[n] for n in routed], cluster(mentions, model))
    return index


def for_model(kind: str) -> bool:
    """Whether ``hybrid`` leaves an event (of this type class) to the model."""
    return kind.split(":", 1)[0] in GENERIC


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


def _in_sentence(event: Item, sentence: str) -> tuple[str, int, int]:
    """The event's sentence and its trigger's span in it (the event's own text locates it)."""
    trigger = event.fields.get("trigger") or {}
    start = int(trigger.get("start", event.start))
    end = int(trigger.get("end", event.end))
    at = sentence.find(event.text)
    if at >= 0 and event.start <= start:
        return sentence, at + start - event.start, at + end - event.start
    at = sentence.find(str(trigger.get("text") or ""))
    return (sentence, at, at + end - start) if at >= 0 else (sentence, 0, len(sentence))


def _contexts(
    store: Store, spans: list[tuple[str, int, int]], embedder: Any
) -> list[np.ndarray | None]:
    """Each trigger's vector in its sentence (``events.coref.context_vectors``), cached in the
    store's metadata like the sentence vectors; entries of triggers no longer linked go."""
    if not hasattr(embedder, "token_states"):
        return [None] * len(spans)
    texts = [context_text(span) for span in spans]
    vectors = cached_vectors(store, CONTEXT_KEY, texts, InContext(embedder), np.float16, texts)
    return [v.astype(np.float32) for v in vectors]


class InContext:
    """Encodes ``context_text``s as their trigger's vector in its sentence, under the
    embedder's name: what the trigger-context cache holds."""

    def __init__(self, embedder: Any) -> None:
        self.embedder = embedder
        self.name = embedder.name

    def encode(self, texts: list[str]) -> list[np.ndarray]:
        """The vectors of the texts' spans (none when the embedder has no token states)."""
        return encode_contexts(self.embedder, [context_span(text) for text in texts])


def context_text(span: tuple[str, int, int]) -> str:
    """What a trigger-in-sentence vector is cached under: its span, then the sentence."""
    text, start, end = span
    return f"{start}:{end}\n{text}"


def context_span(text: str) -> tuple[str, int, int]:
    """The (sentence, start, end) of a ``context_text``."""
    where, sentence = text.split("\n", 1)
    start, end = where.split(":")
    return sentence, int(start), int(end)


def encode_contexts(embedder: Any, spans: list[tuple[str, int, int]]) -> list[np.ndarray]:
    """``events.coref.context_vectors`` of the spans (none when the embedder has no token
    states)."""
    return (context_vectors(embedder, spans) or []) if spans else []
