"""The token model's word-vector feature: lemmas near PTC's loaded words, as shipped word lists."""

from __future__ import annotations

import numpy as np


def test_token_features_carry_the_lemmas_word_vector_bin(pipeline):
    from rashomon.analysers.label_model import token_features

    doc = pipeline.nlp("The senator gave a windy speech.")
    windy = next(t for t in doc if t.lower_ == "windy")
    speech = next(t for t in doc if t.lower_ == "speech")
    table = {"windy": "high"}
    assert "emb=high" in token_features(windy, {}, False, table)
    assert "embpos=high|ADJ" in token_features(windy, {}, False, table)
    assert "emb=low" in token_features(speech, {}, False, table)
    assert not [f for f in token_features(windy, {}, False) if f.startswith("emb")]


def test_word_lists_are_read_when_the_model_says_so(monkeypatch):
    from rashomon.analysers import label_model

    lists = {"labels_evaluative_high": {"vile"}, "labels_evaluative_mid": {"vile", "odd"}}
    monkeypatch.setattr(label_model, "words", lambda name: frozenset(lists[name]))
    data = {"bias": -2.0, "threshold": 0.15, "weights": {}, "ptc": {}, "polarity": {}}
    assert label_model.model_from(data).evaluative == {}  # the shipped model: no such feature
    read = label_model.model_from({**data, "evaluative": True}).evaluative
    assert read == {"vile": "high", "odd": "mid"}


def test_the_written_lists_hold_each_level(tmp_path):
    from rashomon.eval import labels_model as lm

    lm.write_evaluative({"vile": "high", "odd": "mid"}, tmp_path)
    high = (tmp_path / "labels_evaluative_high.txt").read_text().split("\n")
    assert "vile" in high and "odd" not in high


class _Vectors:
    """A stand-in embedder: words starting with 'x' lie in one direction, the rest in another."""

    name = "all-minilm-l6-v2"

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.array([[1.0, 0.1] if t.startswith("x") else [0.1, 1.0] for t in texts])


def test_evaluative_table_carries_ptc_loaded_words_to_unseen_neighbours(monkeypatch):
    """Fitted on PTC lemmas alone, the table lists a word PTC never used when its vector lies
    near PTC's loaded words, and leaves out the plain words."""
    from rashomon.eval import labels_model as lm
    from rashomon.linking import embeddings

    monkeypatch.setattr(embeddings, "get_embedder", lambda kind=None: _Vectors())
    ptc = {"xvile": (8, 10), "xsly": (5, 12), "table": (0, 40), "chair": (0, 30), "door": (1, 60)}
    table = lm.evaluative_table(ptc, [*ptc, "xnasty", "window"])
    assert table is not None
    assert table.get("xnasty") in ("high", "mid") and "window" not in table
    assert "table" not in table and "xvile" in table


def test_evaluative_table_needs_the_sentence_vectors(monkeypatch):
    from rashomon.eval import labels_model as lm
    from rashomon.linking import embeddings

    class Hashing:
        name = "hashing"

    monkeypatch.setattr(embeddings, "get_embedder", lambda kind=None: Hashing())
    assert lm.evaluative_table({"xvile": (8, 10)}, ["xvile"]) is None
