"""Story-linking vectors computed at analysis time: in the ``analyze --jobs`` workers, or
without ``--jobs`` on a background thread while the next documents are analysed (``Alongside``).

The stories linker embeds each article's lead and, for every event it links, the event's
sentence and trigger lemma (``story_records.cached_vectors``: cached in the store's metadata by
a hash of the embedder and the text). Run in the linker, that encoding is serial work after
the analysis. The same texts are known as soon as a document is analysed, so they are encoded
then, and ``analyze`` adds the vectors to the same caches before linking: the linker finds
every vector cached and encodes nothing.

Links stay byte-identical because the vectors are the same numbers: only an embedder whose
vector of a text depends on that text alone (``batch_independent``) is used here, and every
vector goes through the cache's own rounding (float16 sentences, float32 leads) whichever
process computed it. Cache semantics are unchanged: keys name the embedder and the text, so a
new embedder or a changed text misses and is encoded by the linker, and the linker drops the
entries of texts no longer in the corpus.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from concurrent.futures import Future
from typing import Any

import numpy as np

from rashomon.document import Document, Item
from rashomon.linking.story_pairwise import CONTEXT_KEY, context_span, encode_contexts
from rashomon.linking.story_records import VECTORS_KEY, cache_key, pack
from rashomon.store.base import Store

Prepared = dict[str, dict[str, str]]  # cache (metadata key) -> cache key -> packed vector


def _caches() -> tuple[tuple[str, Any], ...]:
    from rashomon.linking.stories import DOC_VECTORS_KEY

    return (DOC_VECTORS_KEY, np.float32), (VECTORS_KEY, np.float16), (CONTEXT_KEY, np.float16)


def embedder_ahead() -> Any | None:
    """The linker's embedder when vectors may be computed ahead (the stories linker is
    registered and a vector depends on its text alone), else None."""
    from rashomon.linking import linker_classes
    from rashomon.linking.embeddings import get_embedder

    if not any(cls.name == "stories" for cls in linker_classes()):
        return None
    embedder = get_embedder()
    return embedder if getattr(embedder, "batch_independent", False) else None


def linking_texts(doc: Document, items: Iterable[Item]) -> list[tuple[str, str]]:
    """(cache, text) of what the stories linker will embed for this analysed document: its
    lead, then the sentence and trigger lemma of each event it links."""
    from rashomon.linking.stories import DOC_VECTORS_KEY, linkable, type_class
    from rashomon.linking.story_docs import lead_text
    from rashomon.linking.story_pairwise import _in_sentence, context_text, for_model, trigger_lemma
    from rashomon.linking.story_records import event_sentence

    items = list(items)
    sentences = [i for i in items if i.kind == "sentences"]
    wanted = [(DOC_VECTORS_KEY, lead_text(doc.title, doc.text))]
    contexts = []  # the trigger-in-sentence vectors of the events the model will likely cluster
    for event in (i for i in items if i.kind == "events" and linkable(i)):
        sentence = event_sentence(event, sentences)
        wanted.append((VECTORS_KEY, sentence))
        wanted.append((VECTORS_KEY, trigger_lemma(event)))
        if for_model(type_class(event.fields.get("type"))):
            contexts.append((CONTEXT_KEY, context_text(_in_sentence(event, sentence))))
    return wanted + contexts


def prepare(
    results: Iterable[tuple[Document, list[Item]]],
    embedder: Any,
    known: dict[str, set[str]] | None = None,
) -> Prepared:
    """The packed vectors of the texts the stories linker will embed for ``results``, each
    distinct text encoded once; texts whose cache key is in ``known`` (by cache: already in the
    store's caches, or prepared earlier in this run) are skipped, and the new keys added to it."""
    known = {} if known is None else known
    wanted = [
        (cache, text, cache_key(embedder.name, text))
        for doc, items in results
        for cache, text in linking_texts(doc, items)
    ]
    wanted = [(cache, text, key) for cache, text, key in wanted if key not in known.get(cache, ())]
    texts = list(dict.fromkeys(text for cache, text, _ in wanted if cache != CONTEXT_KEY))
    vectors = dict(zip(texts, embedder.encode(texts), strict=True)) if texts else {}
    spans = list(dict.fromkeys(text for cache, text, _ in wanted if cache == CONTEXT_KEY))
    contexts = encode_contexts(embedder, [context_span(text) for text in spans])
    in_context = dict(zip(spans, contexts, strict=False))  # empty: no token states
    dtypes = dict(_caches())
    out: Prepared = {}
    for cache, text, key in wanted:
        vector = in_context.get(text) if cache == CONTEXT_KEY else vectors[text]
        if vector is None:
            continue
        out.setdefault(cache, {})[key] = pack(vector, dtypes[cache])
        known.setdefault(cache, set()).add(key)
    return out


def known_keys(store: Store) -> dict[str, set[str]]:
    """The cache keys already in the store's linking caches (by cache): not encoded again."""
    known = {}
    for cache, _ in _caches():
        raw = store.get_meta(cache)
        if raw:  # a cache never written (trigger contexts without learned triggers) is absent
            known[cache] = set(json.loads(raw))
    return known


def merge(into: Prepared, more: Prepared) -> None:
    """Add ``more`` to ``into`` (same cache keys: the same vectors)."""
    for cache, entries in more.items():
        into.setdefault(cache, {}).update(entries)


def save(store: Store, prepared: Prepared) -> None:
    """Add the vectors to the linker's caches in the store's metadata (kept entries stay)."""
    for cache, entries in prepared.items():
        raw = store.get_meta(cache)
        kept: dict[str, str] = json.loads(raw) if raw else {}
        new = {k: v for k, v in entries.items() if k not in kept}
        if new:
            kept.update(new)
            store.set_meta(cache, json.dumps(dict(sorted(kept.items()))))


class Alongside:
    """Encodes the analysed documents' linking texts on one background thread while the next
    documents are analysed (``analyze`` without ``--jobs``): NumPy's products release the GIL,
    so on a machine with a free core the encoding costs no wall time. Documents go in groups
    of ``group``, as a worker's chunk does (a text's vector is the same in any group)."""

    def __init__(
        self, embedder: Any, group: int = 8, known: dict[str, set[str]] | None = None
    ) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.embedder = embedder
        self.group = group
        self.known = {} if known is None else known  # only the encoding thread touches it
        self.waiting: list[tuple[Document, list[Item]]] = []
        self.pool = ThreadPoolExecutor(1, thread_name_prefix="link-vectors")
        self.pending: list[Future[Prepared]] = []

    def add(self, doc: Document, items: list[Item]) -> None:
        """Queue one analysed document; a full group starts encoding."""
        self.waiting.append((doc, items))
        if len(self.waiting) >= self.group:
            self.pending.append(self.pool.submit(prepare, self.waiting, self.embedder, self.known))
            self.waiting = []

    def finish(self) -> Prepared:
        """Every queued document's vectors (those of a group that failed are left to the
        linker, which encodes what its caches miss)."""
        if self.waiting:
            self.pending.append(self.pool.submit(prepare, self.waiting, self.embedder, self.known))
            self.waiting = []
        out: Prepared = {}
        for future in self.pending:
            with contextlib.suppress(Exception):
                merge(out, future.result())
        self.pool.shutdown()
        self.pending = []
        return out

    def close(self) -> None:
        """Stop without waiting: queued groups are dropped (an interrupted run)."""
        self.pool.shutdown(wait=False, cancel_futures=True)
