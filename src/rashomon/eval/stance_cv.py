"""Train and cross-validate the stance model on BASIL author feelings (grouped by triplet).

Features come from the analysed store (``linking.stance_model.document_features``); each gold
(article, entity) pair matched to an actor is one example. Folds never split a triplet, so an
event's three articles are always on the same side of the split. The model is a logistic
regression of "hostile" against the rest over ``MODEL_FEATURES``; its threshold (the
probability from which it answers "negative" instead of abstaining) is the one of ``THRESHOLDS``
with the best 3-way accuracy on out-of-fold predictions of the training articles alone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from rashomon.eval.stance import align, score_pairs
from rashomon.linking.stance_model import (
    FEATURES,
    MODEL_FEATURES,
    DocumentItems,
    Evidence,
    StanceModel,
    combined_score,
    document_features,
)
from rashomon.store.base import Store

C = 0.01  # inverse L2 strength: strong, 88 non-neutral pairs (0.1 ranked worse under CV)
SEED = 0
FOLDS = 5
# P(hostile) cuts tried; 1.01 never answers a sign (the "always neutral" answer)
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 1.01)


@dataclass(frozen=True)
class ModelSpec:
    """What the model reads and how strongly it is regularised (``eval stance --features/--c``
    tries others under the same CV; the shipped model is the default)."""

    features: tuple[str, ...] = MODEL_FEATURES
    c: float = C

    @classmethod
    def parse(cls, features: str | None, c: float | None) -> ModelSpec:
        """From the command line: a comma list of features ('+a,b': the shipped ones and
        these), each one of ``FEATURES``."""
        names: tuple[str, ...] = MODEL_FEATURES
        if features:
            listed = tuple(n.strip() for n in features.lstrip("+").split(",") if n.strip())
            unknown = [n for n in listed if n not in FEATURES]
            if unknown:
                raise ValueError(f"unknown stance features {unknown}; known: {list(FEATURES)}")
            names = MODEL_FEATURES + listed if features.startswith("+") else listed
        return cls(tuple(dict.fromkeys(names)), C if c is None else c)


def store_features(store: Store) -> dict[tuple[str, str], Evidence]:
    """(document, actor) -> features and evidence, for every actor named in every document."""
    links = store.actor_links()
    found: dict[tuple[str, str], Evidence] = {}
    for doc in store.documents():
        items = {
            kind: list(store.items(kind, doc=doc.id))
            for kind in ("mentions", "sentences", "labels", "quotes", "events", "techniques")
        }
        docs = DocumentItems(doc.id, **items)
        for actor, evidence in document_features(docs, links).items():
            found[(doc.id, actor)] = evidence
    return found


def examples(
    store: Store, records: list[dict[str, Any]], features: tuple[str, ...] = MODEL_FEATURES
) -> tuple[list[Evidence], list[tuple[str, str]], np.ndarray, np.ndarray, list[str]]:
    """Evidence, keys, feature matrix, gold classes and triplet groups of the matched pairs."""
    scored = store_features(store)
    found, keys, rows, gold, groups = [], [], [], [], []
    triplet = {r["id"]: r.get("triplet", r["id"]) for r in records}
    for doc, _, value, actor in align(store, records):
        if actor is None or (doc, actor) not in scored:
            continue
        found.append(scored[(doc, actor)])
        keys.append((doc, actor))
        rows.append([found[-1].features[n] for n in features])
        gold.append(value)
        groups.append(triplet[doc])
    return found, keys, np.array(rows, dtype=float), np.array(gold), groups


def _fit_weights(x: np.ndarray, y: np.ndarray, model: ModelSpec) -> StanceModel:
    """A standardised logistic regression of hostile (-1) against the rest, as a two-class
    softmax (neutral's logit 0), with the default threshold."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    fitted = LogisticRegression(C=model.c, max_iter=2000, random_state=SEED)
    fitted.fit((x - mean) / scale, (y == -1).astype(int))
    return StanceModel(
        model.features,
        tuple(mean.tolist()),
        tuple(scale.tolist()),
        (0, -1),
        (tuple(0.0 for _ in model.features), tuple(fitted.coef_[0].tolist())),
        (0.0, float(fitted.intercept_[0])),
    )


def _hostile(model: StanceModel, x: np.ndarray) -> np.ndarray:
    rows = [dict(zip(model.features, row, strict=True)) for row in x.tolist()]
    return np.array([model.probabilities(r).get(-1, 0.0) for r in rows])


def choose_threshold(
    x: np.ndarray, y: np.ndarray, groups: list[str], model: ModelSpec | None = None
) -> float:
    """The threshold with the best 3-way accuracy on out-of-fold predictions (ties: the higher,
    which abstains more)."""
    from sklearn.model_selection import GroupKFold

    folds = min(FOLDS, len(set(groups)))
    if folds < 2:
        return 0.5
    p = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
        p[test] = _hostile(_fit_weights(x[train], y[train], model or ModelSpec()), x[test])

    def accuracy(t: float) -> tuple[float, float]:
        return float(np.mean(np.where(p >= t, -1, 0) == y)), t

    return max(THRESHOLDS, key=accuracy)


def fit(
    x: np.ndarray, y: np.ndarray, groups: list[str], spec: ModelSpec | None = None
) -> StanceModel:
    """The model fitted on all the examples, its threshold chosen by CV within them."""
    spec = spec or ModelSpec()
    model = _fit_weights(x, y, spec)
    return replace(model, threshold=choose_threshold(x, y, groups, spec))


Scores = dict[tuple[str, str], float]


def cross_validated_scores(
    store: Store, records: list[dict[str, Any]], folds: int = FOLDS, spec: ModelSpec | None = None
) -> tuple[Scores, Scores, dict[tuple[str, str], int]]:
    """(document, actor) -> the score of a model (weights and threshold) fitted on the other
    triplets' articles: combined with the article's own cues as the linker does, and alone;
    and (document, actor) -> the fold it was held out in."""
    from sklearn.model_selection import GroupKFold

    spec = spec or ModelSpec()
    evidence, keys, x, y, groups = examples(store, records, spec.features)
    combined: Scores = {}
    alone: Scores = {}
    fold_of: dict[tuple[str, str], int] = {}
    for k, (train, test) in enumerate(GroupKFold(n_splits=folds).split(x, y, groups)):
        model = fit(x[train], y[train], [groups[i] for i in train], spec)
        for i in test:
            alone[keys[i]] = model.score(evidence[i].features)
            combined[keys[i]] = combined_score(alone[keys[i]], evidence[i])
            fold_of[keys[i]] = k
    return combined, alone, fold_of


def per_fold(
    store: Store,
    records: list[dict[str, Any]],
    scores: Scores,
    fold_of: dict[tuple[str, str], int],
) -> dict[str, list[float]]:
    """Per held-out fold, the 3-way accuracy of ``scores`` and of "always neutral" on the same
    pairs (the spread a mean hides: folds differ more than the systems do)."""
    pairs: dict[int, list[tuple[int, float]]] = {}
    for doc, _, value, actor in align(store, records):
        key = (doc, actor or "")
        if key in fold_of and key in scores:
            pairs.setdefault(fold_of[key], []).append((value, scores[key]))
    out: dict[str, list[float]] = {"system": [], "always neutral": []}
    for k in sorted(pairs):
        gold = [g for g, _ in pairs[k]]
        out["system"].append(score_pairs(gold, [p for _, p in pairs[k]])["accuracy3"])
        out["always neutral"].append(score_pairs(gold, [0.0] * len(gold))["accuracy3"])
    return out


def fit_and_save(store: Store, records: list[dict[str, Any]], path: Path) -> StanceModel:
    """Fit on every matched gold pair and write the model as YAML."""
    _, _, x, y, groups = examples(store, records)
    model = fit(x, y, groups)
    header = (
        "# Stance model: logistic regression (hostile or not) over linking/stance_model.py\n"
        f"# MODEL_FEATURES, fitted by `rashomon eval stance --fit` on {len(y)} BASIL (article,\n"
        "# entity) pairs; threshold chosen by 5-fold CV by triplet (eval/stance_cv.py).\n"
    )
    path.write_text(header + yaml.safe_dump(model.as_dict(), sort_keys=False), encoding="utf-8")
    return model
