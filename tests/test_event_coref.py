"""The pairwise event-coreference model: features, clustering, the model file."""

from __future__ import annotations

import numpy as np
import pytest

from rashomon.events.coref import (
    FEATURES,
    CorefModel,
    Mention,
    average_link,
    cluster,
    feature_matrix,
    pair_features,
)


def _unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def _mention(i: str, doc: str, lemma: str, vec: np.ndarray, group: str = "g", **kw) -> Mention:
    return Mention(i, doc, lemma, vec, vec, _unit(1, 0, 0), group, **kw)


def test_block_features_equal_pair_features() -> None:
    rng = np.random.default_rng(0)
    mentions = [
        Mention(
            str(n),
            f"d{n % 2}",
            "kill" if n % 3 else "attack",
            _unit(*rng.standard_normal(3)),
            _unit(*rng.standard_normal(3)),
            _unit(*rng.standard_normal(3)),
            "g" if n % 2 else "",
            [None, 3, 9][n % 3],
            [None, "avel", "corlan"][n % 3],
            frozenset({"army"}) if n % 2 else frozenset(),
            "violence",
        )
        for n in range(6)
    ]
    pairs = [
        pair_features(mentions[i], mentions[j]) for i, j in zip(*np.triu_indices(6, 1), strict=True)
    ]
    assert np.allclose(feature_matrix(mentions), np.array(pairs))
    assert feature_matrix(mentions).shape == (15, len(FEATURES))


def test_average_link_keeps_clusters_above_the_threshold() -> None:
    p = np.array(
        [
            [1.0, 0.9, 0.8, 0.1],
            [0.9, 1.0, 0.7, 0.1],
            [0.8, 0.7, 1.0, 0.2],
            [0.1, 0.1, 0.2, 1.0],
        ]
    )
    assert average_link(p, 0.5) == [0, 0, 0, 3]
    assert average_link(p, 0.85) == [0, 0, 2, 3]
    assert average_link(p, 0.95) == [0, 1, 2, 3]


def test_same_lemma_and_sentence_corefer_within_a_group_only() -> None:
    model = CorefModel([3.0] + [0.0] * (len(FEATURES) - 1), -1.0, threshold=0.5)
    mentions = [
        _mention("a", "d1", "bomb", _unit(1, 0, 0)),
        _mention("b", "d2", "bomb", _unit(1, 0.1, 0)),
        _mention("c", "d3", "vote", _unit(0, 1, 0)),
        _mention("d", "d4", "bomb", _unit(1, 0, 0), group="other"),
    ]
    assert cluster(mentions, model) == ["a", "a", "c", "d"]


def test_the_model_file_round_trips(tmp_path) -> None:
    model = CorefModel([0.5] * len(FEATURES), -2.0, 0.45, {"cv": 1})
    path = tmp_path / "m.json"
    path.write_text(model.to_json(), "utf-8")
    loaded = CorefModel.load(path)
    assert (loaded.weights, loaded.bias, loaded.threshold) == (model.weights, -2.0, 0.45)
    assert loaded.to_json() == model.to_json()
    path.write_text(model.to_json().replace('"trigger_cos"', '"other"'), "utf-8")
    with pytest.raises(ValueError, match="retrain"):
        CorefModel.load(path)
