"""A sparse linear classifier over string features, stored as plain arrays (no pickled sklearn)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse

Rows = Sequence[Sequence[str]]


@dataclass
class LinearModel:
    """Feature vocabulary + weights: binary features, rows scaled to unit length."""

    vocab: dict[str, int]
    coef: np.ndarray  # (classes, features); one row for a binary model
    intercept: np.ndarray
    classes: list[str]
    # ``coef.T`` as float64, converted once (``coef`` is not changed in place)
    _coef64: tuple[np.ndarray, np.ndarray] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def decision(self, rows: Rows) -> np.ndarray:
        """Raw scores, shape (rows, classes) or (rows,) for a binary model.

        The same floats as ``matrix(rows) @ coef.T.astype(np.float64) + intercept`` (SciPy's
        CSR product adds each row's products one by one, in column order, from zero; so does
        ``np.bincount``), without importing SciPy (about 0.1 s of every process's start).
        """
        data, indices, indptr = _rows(rows, self.vocab)
        n = len(indptr) - 1
        owner = np.repeat(np.arange(n), np.diff(np.asarray(indptr)))
        values = np.asarray(data, dtype=np.float64)
        ids = np.asarray(indices, dtype=np.int64)
        products = self._float64()[ids]  # (entries, classes)
        products *= values[:, None]
        scores = np.empty((n, products.shape[1]))
        for c in range(products.shape[1]):
            scores[:, c] = np.bincount(owner, weights=products[:, c], minlength=n)
        scores = scores + self.intercept
        return scores[:, 0] if len(self.classes) == 2 else scores

    def _float64(self) -> np.ndarray:
        if self._coef64 is None or self._coef64[0] is not self.coef:
            self._coef64 = (self.coef, np.ascontiguousarray(self.coef.T, dtype=np.float64))
        return self._coef64[1]

    def proba(self, rows: Rows) -> np.ndarray:
        """Probabilities: of the positive class (binary) or of each class (softmax)."""
        scores = self.decision(rows)
        if scores.ndim == 1:
            return 1.0 / (1.0 + np.exp(-scores))
        scores = scores - scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def class_proba(self, rows: Rows) -> np.ndarray:
        """Probabilities of each class, shape (rows, classes), binary models included."""
        probs = self.proba(rows)
        return np.column_stack([1.0 - probs, probs]) if probs.ndim == 1 else probs

    def state(self) -> dict[str, Any]:
        """Plain data to save (lists and float16 arrays)."""
        names = sorted(self.vocab, key=self.vocab.__getitem__)
        return {
            "features": names,
            "coef": self.coef.astype(np.float16),
            "intercept": self.intercept.astype(np.float64),
            "classes": list(self.classes),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> LinearModel:
        """Rebuild a model saved with ``state``."""
        vocab = {name: i for i, name in enumerate(state["features"])}
        coef = np.asarray(state["coef"], dtype=np.float32)
        return cls(vocab, coef, np.asarray(state["intercept"]), list(state["classes"]))


def _matrix(rows: Rows, vocab: dict[str, int]) -> sparse.csr_matrix:
    from scipy import sparse

    data, indices, indptr = _rows(rows, vocab)
    return sparse.csr_matrix(
        (
            np.asarray(data, dtype=np.float64),
            np.asarray(indices, dtype=np.int64),
            np.asarray(indptr),
        ),
        shape=(len(indptr) - 1, len(vocab)),
    )


def _rows(rows: Rows, vocab: dict[str, int]) -> tuple[list[float], list[int], list[int]]:
    """CSR data, column indices (sorted in each row) and row pointers of rows of features."""
    indptr = [0]
    indices: list[int] = []
    data: list[float] = []
    get = vocab.get
    for row in rows:  # the hot loop of the techniques analyser: builtins, no NumPy scalars
        ids = set(map(get, row))
        ids.discard(None)
        if ids:
            indices.extend(sorted(ids))  # type: ignore[arg-type]
            data.extend(repeat(1.0 / math.sqrt(len(ids)), len(ids)))  # = 1 / np.sqrt, exactly
        indptr.append(len(indices))
    return data, indices, indptr


def fit_linear(
    rows: Rows,
    labels: Sequence[str],
    c: float = 1.0,
    min_count: int = 2,
    class_weight: str | None = None,
    seed: int = 0,
) -> LinearModel:
    """Train a (multinomial) logistic regression on rows of string features."""
    from sklearn.linear_model import LogisticRegression

    counts = Counter(f for row in rows for f in set(row))
    kept = sorted(f for f, n in counts.items() if n >= min_count)
    vocab = {f: i for i, f in enumerate(kept)}
    x = _matrix(rows, vocab)
    clf = LogisticRegression(
        C=c, max_iter=300, class_weight=class_weight, random_state=seed, solver="lbfgs"
    )
    clf.fit(x, np.asarray(labels))
    return LinearModel(vocab, clf.coef_.astype(np.float32), clf.intercept_, list(clf.classes_))
