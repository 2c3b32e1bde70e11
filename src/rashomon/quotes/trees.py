"""Gradient-boosted trees as plain data, scored in pure Python (no scikit-learn, no pickle).

The attribution model's second stage (:mod:`rashomon.quotes.learned`): scikit-learn's
``HistGradientBoostingClassifier`` is fitted by ``rashomon quotes train`` and written out as
nested lists (a leaf is ``[value]``; a split is ``[column, test, missing_left, left, right]``,
where ``test`` is a number for ``value <= test`` or a list of the category codes that go left),
so the analyser loads and scores it (with numpy) without importing scikit-learn.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Node = list[Any]
MAX_CATEGORIES = 250  # scikit-learn's categorical splits take codes below 255


@dataclass
class Columns:
    """How a candidate's feature dict becomes a row of numbers: string features as category
    codes (their most frequent values in training; any other value is missing), numbers and
    booleans as they are, then the extra numeric columns (the first stage's scores)."""

    keys: list[str]
    categories: dict[str, dict[str, int]]
    extras: list[str]

    def row(self, feats: dict[str, Any], extra: list[float]) -> list[float]:
        """One row of numbers (NaN for a missing value)."""
        out = []
        for key in self.keys:
            value = feats.get(key)
            codes = self.categories.get(key)
            if codes is not None:
                out.append(
                    float(codes.get(value, math.nan)) if isinstance(value, str) else math.nan
                )
            else:
                out.append(float(value or 0))
        return out + extra

    def categorical(self) -> list[bool]:
        """Which columns hold category codes (for the fit)."""
        return [k in self.categories for k in self.keys] + [False] * len(self.extras)


def fit_columns(
    rows: list[dict[str, Any]], extras: list[str], min_count: int, drop: Any = None
) -> Columns:
    """Columns for the feature dicts of training: each string value seen ``min_count`` times
    (at most MAX_CATEGORIES per feature, the most frequent first) gets a code; ``drop(key,
    value)`` true leaves a value out (names of the training articles)."""
    counts: dict[str, Counter[str]] = {}
    keys: set[str] = set()
    for r in rows:
        for key, value in r.items():
            keys.add(key)
            if isinstance(value, str):
                counts.setdefault(key, Counter())[value] += 1
    categories: dict[str, dict[str, int]] = {}
    for key, counter in counts.items():
        kept = [v for v, n in counter.most_common() if n >= min_count]
        kept = [v for v in kept if drop is None or not drop(key, v)][:MAX_CATEGORIES]
        if kept:  # a string feature with no frequent value has no column
            categories[key] = {v: i for i, v in enumerate(kept)}
    keys = {k for k in keys if k not in counts or k in categories}
    return Columns(sorted(keys), categories, list(extras))


@dataclass
class Trees:
    """A boosted ensemble: the baseline log-odds plus one leaf value per tree."""

    baseline: float
    trees: list[list[Node]]
    _flat: dict[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._flat = _flatten(self.trees)

    def log_odds(self, rows: list[list[float]]) -> list[float]:
        """The ensemble's raw score of each row: every row walks every tree at once, one level
        per step (numpy), so a document's candidates cost a few milliseconds."""
        if not rows:
            return []
        a = self._flat
        x = np.asarray(rows, dtype=float)
        at = np.tile(a["roots"], (len(rows), 1))
        line = np.arange(len(rows))[:, None]
        while True:
            leaf = a["leaf"][at]
            if leaf.all():
                break
            value = x[line, a["column"][at]]
            missing = np.isnan(value)
            code = np.where(missing, 0, value).astype(int).clip(0, 255)
            left = np.where(
                a["is_cat"][at], a["cats"][a["cat_row"][at], code], value <= a["test"][at]
            )
            left = np.where(missing, a["missing_left"][at], left)
            step = np.where(left, a["left"][at], a["right"][at])
            at = np.where(leaf, at, step)
        return list(self.baseline + a["value"][at].sum(axis=1))

    def proba(self, rows: list[list[float]]) -> list[float]:
        """The positive-class probability of each row."""
        return [1.0 / (1.0 + math.exp(-min(max(z, -700.0), 700.0))) for z in self.log_odds(rows)]


def _flatten(trees: list[list[Node]]) -> dict[str, Any]:
    """All trees' nodes in flat arrays (child indices made global), with one row of a
    256-wide table per categorical split saying which codes go left (row 0: none)."""
    column: list[int] = []
    test: list[float] = []
    missing_left: list[bool] = []
    left: list[int] = []
    right: list[int] = []
    leaf: list[bool] = []
    value: list[float] = []
    is_cat: list[bool] = []
    cat_row: list[int] = []
    cats = [np.zeros(256, dtype=bool)]
    roots = []
    for tree in trees:
        base = len(leaf)
        roots.append(base)
        for node in tree:
            is_leaf = len(node) == 1
            leaf.append(is_leaf)
            value.append(node[0] if is_leaf else 0.0)
            column.append(0 if is_leaf else int(node[0]))
            missing_left.append(not is_leaf and bool(node[2]))
            left.append(base + int(node[3]) if not is_leaf else 0)
            right.append(base + int(node[4]) if not is_leaf else 0)
            categorical = not is_leaf and isinstance(node[1], list)
            is_cat.append(categorical)
            test.append(float(node[1]) if not is_leaf and not categorical else 0.0)
            cat_row.append(len(cats) if categorical else 0)
            if categorical:
                row = np.zeros(256, dtype=bool)
                row[[int(c) for c in node[1]]] = True
                cats.append(row)
    return {
        "roots": np.array(roots, dtype=np.int64),
        "column": np.array(column, dtype=np.int64),
        "test": np.array(test, dtype=float),
        "missing_left": np.array(missing_left, dtype=bool),
        "left": np.array(left, dtype=np.int64),
        "right": np.array(right, dtype=np.int64),
        "leaf": np.array(leaf, dtype=bool),
        "value": np.array(value, dtype=float),
        "is_cat": np.array(is_cat, dtype=bool),
        "cat_row": np.array(cat_row, dtype=np.int64),
        "cats": np.array(cats, dtype=bool),
    }


def from_sklearn(model: Any) -> Trees:
    """The trees of a fitted binary ``HistGradientBoostingClassifier`` as plain data.

    scikit-learn puts the categorical columns first and re-codes their values before growing
    the trees, so split columns and category codes are mapped back to the caller's."""
    order, codes = _input_columns(model)
    trees = []
    for (predictor,) in model._predictors:
        bitsets = predictor.raw_left_cat_bitsets
        tree: list[Node] = []
        for node in predictor.nodes:
            if node["is_leaf"]:
                tree.append([float(node["value"])])
                continue
            column = int(node["feature_idx"])
            test: Any = float(node["num_threshold"])
            if node["is_categorical"]:
                bits = bitsets[node["bitset_idx"]]
                raw = [v for v in range(256) if (int(bits[v // 32]) >> (v % 32)) & 1]
                test = [int(codes[column][v]) for v in raw if v < len(codes[column])]
            left, right = int(node["left"]), int(node["right"])
            tree.append([order[column], test, bool(node["missing_go_to_left"]), left, right])
        trees.append(tree)
    return Trees(float(model._baseline_prediction.ravel()[0]), trees)


def _input_columns(model: Any) -> tuple[list[int], list[Any]]:
    """The caller's column of each column the trees split on, and each categorical column's
    values in the order of its internal codes."""
    categorical = getattr(model, "is_categorical_", None)
    if categorical is None or getattr(model, "_preprocessor", None) is None:
        return list(range(model.n_features_in_)), []
    order = [int(i) for i in np.flatnonzero(categorical)]
    order += [int(i) for i in np.flatnonzero(~categorical)]
    encoder = model._preprocessor.named_transformers_["encoder"]
    codes = [[c for c in cats if not math.isnan(float(c))] for cats in encoder.categories_]
    return order, codes
