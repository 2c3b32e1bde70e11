"""The fine-tuned MiniLM SI tagger: a tiny run, save/load, model integration, fallbacks."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from test_techniques_model import invented_corpus

from rashomon.errors import ModelError
from rashomon.techniques.model import TechniqueModel, load_model, tagger_available
from rashomon.techniques.predict import evaluate
from rashomon.techniques.tagger import TAGGER_FILE, Tagger, TaggerSettings, _label, windows
from rashomon.techniques.tokens import tokenize
from rashomon.techniques.train import Settings, train_model

needs_torch = pytest.mark.skipif(
    not tagger_available(), reason="needs rashomon[embeddings] (torch, transformers, MiniLM)"
)
TINY = TaggerSettings(frozen=5, max_len=48, stride=16, epochs=2, batch=4, lr=1e-3, head_lr=1e-2)


@pytest.fixture(scope="module")
def tagged_model() -> TechniqueModel:
    """An n-gram model plus a tagger whose top layer was fine-tuned for a few seconds."""
    settings = Settings(min_count=1, tagger=True, tagger_settings=TINY)
    return train_model(invented_corpus(8), invented_corpus(3), settings)


def test_models_without_tagger_stay_ngram_only(tmp_path: Path) -> None:
    model = train_model(invented_corpus(), invented_corpus(4), Settings(min_count=1))
    model.save(tmp_path)
    assert not (tmp_path / TAGGER_FILE).exists()
    loaded = load_model(tmp_path)
    assert loaded.tagger_dir is None and not loaded.tagged
    with pytest.raises(ModelError):
        load_model(tmp_path, tagger=True)


@needs_torch
def test_windows_overlap_and_labels_follow_the_gold() -> None:
    from rashomon.techniques.tagger import _load_base

    tokenizer, _ = _load_base()
    text = "Plain words here. " * 20 + "These vile traitors betray us!"
    found = windows(tokenizer, text, 32, 8)
    assert len(found) > 1 and all(len(w.ids) <= 32 for w in found)
    mask = np.zeros(len(text) + 1, dtype=bool)
    start = text.index("vile")
    mask[start : start + len("vile traitors")] = True
    labels = [_label(w, mask).labels for w in found]
    pieces = [
        text[a:b]
        for w, ls in zip(found, labels, strict=True)
        for (a, b), x in zip(w.offsets, ls, strict=True)
        if x == 1
    ]
    assert set(pieces) >= {"vile"} and "plain" not in {p.lower() for p in pieces}


@needs_torch
def test_tiny_tagger_trains_saves_and_loads(tagged_model: TechniqueModel, tmp_path: Path) -> None:
    assert {"tag_sentence", "tag_token", "tag_gap"} <= set(tagged_model.params)
    tagged = replace(tagged_model, use_tagger=True)
    si, tc = evaluate(tagged, invented_corpus(5))
    assert 0.0 <= si.f1 <= 1.0 and tc.f1 == 1.0
    tagged_model.save(tmp_path)
    assert (tmp_path / TAGGER_FILE).stat().st_size < 5_000_000  # only the top layer, float16
    loaded = load_model(tmp_path)  # the tagger is used by default when present
    assert loaded.tagged
    text = invented_corpus(1)[0].text
    before = tagged.tagger.char_probs([text])[0]
    after = Tagger.load(tmp_path).char_probs([text])[0]
    assert np.allclose(before, after, atol=0.02)  # float16 storage
    assert not loaded._tagger().quantized  # float32 by default
    int8 = replace(loaded, params={**loaded.params, "tag_int8": 1.0}, runner=None)
    quantised = int8._tagger()  # int8 when the model asks for it
    assert quantised.quantized
    assert np.abs(quantised.char_probs([text])[0] - before).mean() < 0.05
    assert all(0 <= s < e <= len(text) for s, e, _ in loaded.find_spans(text))
    with pytest.raises(ModelError):
        quantised.save(tmp_path / "again")
    assert not load_model(tmp_path, tagger=False).tagged


@needs_torch
def test_an_already_tuned_tagger_is_reused(tagged_model: TechniqueModel, tmp_path: Path) -> None:
    tagged_model.tagger.save(tmp_path)
    settings = Settings(min_count=1, tagger=True, tagger_from=[tmp_path, tmp_path])
    model = train_model(invented_corpus(8), invented_corpus(3), settings)
    assert "tag_token" in model.params  # thresholds tuned with the reused taggers
    assert len(model.tagger.members) == 2  # an ensemble of the two (here equal) taggers
    text = invented_corpus(1)[0].text
    before = tagged_model.tagger.char_probs([text])[0]
    assert np.allclose(model.tagger.char_probs([text])[0], before, atol=0.02)
    model.save(tmp_path / "model")
    assert {p.name for p in (tmp_path / "model").glob("tagger*")} == {
        "tagger.json",
        "tagger.safetensors",
        "tagger-2.json",
        "tagger-2.safetensors",
    }
    loaded = load_model(tmp_path / "model")
    assert len(loaded._tagger().members) == 2


@needs_torch
def test_tagger_training_is_seeded() -> None:
    from rashomon.techniques.tagger import train_tagger

    settings = replace(TINY, epochs=1, limit=6)
    first = train_tagger(invented_corpus(4), settings)
    second = train_tagger(invented_corpus(4), settings)
    text = invented_corpus(1)[0].text
    assert np.allclose(first.char_probs([text])[0], second.char_probs([text])[0])


def test_tagger_is_off_when_torch_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rashomon.techniques.model as model_module

    model = train_model(invented_corpus(), invented_corpus(4), Settings(min_count=1))
    model.save(tmp_path)
    (tmp_path / "tagger.json").write_text("{}")  # a tagger is present, torch is not
    monkeypatch.setattr(model_module, "tagger_available", lambda: False)
    loaded = load_model(tmp_path)
    assert loaded.tagger_dir is not None and not loaded.tagged
    si, _ = evaluate(loaded, invented_corpus(5))
    assert si.f1 > 0.5
    with pytest.raises(ModelError):
        load_model(tmp_path, tagger=True)


@needs_torch
def test_sentence_head_weight_is_tuned_with_the_tagger() -> None:
    from rashomon.techniques.train import HEAD_GRID

    settings = Settings(min_count=1, tagger=True, tagger_settings=TINY, embeddings=True)
    model = train_model(invented_corpus(8), invented_corpus(3), settings)
    assert model.params["tag_head"] in HEAD_GRID
    tagged = replace(model, use_tagger=True, use_embeddings=True, params=dict(model.params))
    text = invented_corpus(1)[0].text
    tokens = tokenize(text)
    tagged.params["tag_head"] = 0.0
    _, without = tagged.scores(tokens)
    tagged.params["tag_head"] = 1.0
    _, with_head = tagged.scores(tokens)
    assert not np.allclose(without, with_head)  # the head moves the candidates' scores
