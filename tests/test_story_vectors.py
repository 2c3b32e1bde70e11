"""Story-linking vectors computed at analysis time: the linker then encodes nothing, and links
are the same as when it encodes everything itself."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

import rashomon.linking.stories as stories
from rashomon.analyze import run_linkers
from rashomon.document import Document
from rashomon.linking.embeddings import HashingEmbedder
from rashomon.linking.story_records import VECTORS_KEY
from rashomon.linking.story_vectors import (
    Alongside,
    known_keys,
    linking_texts,
    merge,
    prepare,
    save,
)
from rashomon.store import open_store

ARTICLES = [
    Document(
        id="north",
        title="Dam attack in Velmora",
        date="2031-05-04",
        outlet="North Ledger",
        text="Dam attack in Velmora\n\nRebels attacked the Velmora dam on Monday, officials said."
        " Two guards were killed in the attack, and the army arrested four men near the river.",
    ),
    Document(
        id="south",
        title="Guards die at Velmora dam",
        date="2031-05-05",
        outlet="South Courier",
        text="Guards die at Velmora dam\n\nFighters attacked the dam at Velmora on Monday night."
        " Soldiers later arrested four suspects, the regional governor said.",
    ),
]


class Refusing(HashingEmbedder):
    """The hashing embedder's name and size, but it must not be asked to encode."""

    def encode(self, texts: list[str]) -> np.ndarray:
        raise AssertionError(f"the linker encoded {len(texts)} texts")


def _linked(path, pipeline, prepared: bool) -> list[tuple]:
    with open_store(str(path)) as store:
        results = list(pipeline.analyse_many([replace(d, meta={}) for d in ARTICLES]))
        for doc, items in results:
            store.save_document(doc, items, pipeline.versions)
        if prepared:
            vectors = prepare(results[:1], HashingEmbedder())
            merge(vectors, prepare(results[1:], HashingEmbedder()))
            assert vectors[VECTORS_KEY], "the articles have linkable events"
            save(store, vectors)
        run_linkers(store)
        return sorted(
            (i.kind, i.doc, i.start, i.end, i.id, json.dumps(i.fields, sort_keys=True))
            for i in store.linked()
        )


def test_prepared_vectors_leave_the_linker_nothing_to_encode(tmp_path, pipeline, monkeypatch):
    monkeypatch.setattr(stories, "get_embedder", lambda kind=None: HashingEmbedder())
    cold = _linked(tmp_path / "cold.db", pipeline, prepared=False)
    monkeypatch.setattr(stories, "get_embedder", lambda kind=None: Refusing())
    warm = _linked(tmp_path / "warm.db", pipeline, prepared=True)
    assert warm == cold
    assert any(kind == "stories" for kind, *_ in cold)


def test_linking_texts_are_the_lead_then_each_linkable_event(pipeline):
    doc = ARTICLES[0]
    ((_, items),) = pipeline.analyse_many([replace(doc, meta={})])
    texts = linking_texts(doc, items)
    assert texts[0] == (stories.DOC_VECTORS_KEY, doc.text)  # a short article is all lead
    sentences = [t for cache, t in texts[1:] if cache == VECTORS_KEY]
    assert any("attacked the Velmora dam" in t for t in sentences)


@pytest.mark.parametrize("kept", [None, {"old": "AAAA"}])
def test_save_adds_to_what_is_kept(tmp_path, kept):
    with open_store(str(tmp_path / "s.db")) as store:
        if kept:
            store.set_meta(VECTORS_KEY, json.dumps(kept))
        save(store, {VECTORS_KEY: {"new": "BBBB"}})
        assert json.loads(store.get_meta(VECTORS_KEY)) == {**(kept or {}), "new": "BBBB"}


def test_alongside_gives_what_prepare_gives(pipeline):
    results = list(pipeline.analyse_many([replace(d, meta={}) for d in ARTICLES]))
    alongside = Alongside(HashingEmbedder(), group=1)
    for doc, items in results:
        alongside.add(doc, items)
    assert alongside.finish() == prepare(results, HashingEmbedder())


def test_texts_already_cached_or_prepared_are_not_encoded_again(tmp_path, pipeline):
    results = list(pipeline.analyse_many([replace(d, meta={}) for d in ARTICLES]))
    known: dict[str, set[str]] = {}
    first = prepare(results[:1], HashingEmbedder(), known)
    assert prepare(results[:1], Refusing(), known) == {}  # prepared earlier in this run
    with open_store(str(tmp_path / "s.db")) as store:
        save(store, first)
        cached = known_keys(store)
    assert cached == {cache: set(entries) for cache, entries in first.items()}
    assert prepare(results[:1], Refusing(), cached) == {}  # already in the store's caches
