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

from rashomon.eval.stance import align, score_pairs, sign
from rashomon.linking.stance_model import (
    FEATURES,
    MODEL_FEATURES,
    CueRule,
    DocumentItems,
    Evidence,
    StanceModel,
    article_cues,
    combined_score,
    document_features,
)
from rashomon.store.base import Store

C = 0.01  # inverse L2 strength: strong, 88 non-neutral pairs (0.1 ranked worse under CV)
SEED = 0
FOLDS = 5
# P(hostile) cuts tried; 1.01 never answers a sign (the "always neutral" answer)
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 1.01)
ARTICLE_CUES = (1, 2, 3)  # min_article_cues tried (1: every label of the outlet is a cue)


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


@dataclass
class Examples:
    """The gold (article, entity) pairs matched to an actor with features, as arrays."""

    evidence: list[Evidence]
    keys: list[tuple[str, str]]
    x: np.ndarray
    y: np.ndarray
    groups: list[str]
    in_article: list[int]
    """Each pair's article's cue count, on all its actors (``stance_model.article_cues``)."""


def examples(
    store: Store, records: list[dict[str, Any]], features: tuple[str, ...] = MODEL_FEATURES
) -> Examples:
    """Evidence, keys, feature matrix, gold classes, triplet groups and article cue counts of
    the matched pairs."""
    scored = store_features(store)
    by_doc: dict[str, list[Evidence]] = {}
    for (doc, _), evidence in scored.items():
        by_doc.setdefault(doc, []).append(evidence)
    found, keys, rows, gold, groups, counts = [], [], [], [], [], []
    triplet = {r["id"]: r.get("triplet", r["id"]) for r in records}
    for doc, _, value, actor in align(store, records):
        if actor is None or (doc, actor) not in scored:
            continue
        found.append(scored[(doc, actor)])
        keys.append((doc, actor))
        rows.append([found[-1].features[n] for n in features])
        gold.append(value)
        groups.append(triplet[doc])
        counts.append(article_cues(by_doc[doc]))
    return Examples(found, keys, np.array(rows, dtype=float), np.array(gold), groups, counts)


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


def _combined(data: Examples, index: Any, alone: np.ndarray, k: int) -> np.ndarray:
    """The 3-way answers (-1/0/+1) of the model's scores moved by the cues, labels counting
    only in articles with at least ``k`` cues."""
    rule = CueRule(min_article_cues=k)
    return np.array(
        [sign(combined_score(alone[i], data.evidence[i], rule, data.in_article[i])) for i in index]
    )


def choose_article_cues(data: Examples, index: Any, alone: np.ndarray) -> int:
    """The ``min_article_cues`` of ``ARTICLE_CUES`` with the best 3-way accuracy on the pairs
    ``index`` (ties: the lower, which keeps more of the outlet's labels)."""
    y = data.y[index]
    return max(
        ARTICLE_CUES, key=lambda k: (float(np.mean(_combined(data, index, alone, k) == y)), -k)
    )


def cross_validated_scores(
    store: Store, records: list[dict[str, Any]], folds: int = FOLDS, spec: ModelSpec | None = None
) -> tuple[Scores, Scores, dict[tuple[str, str], int], list[int]]:
    """(document, actor) -> the score of a model (weights and threshold) fitted on the other
    triplets' articles: combined with the article's own cues as the linker does (labels counting
    from the ``min_article_cues`` chosen on the other triplets), and alone; (document, actor) ->
    the fold it was held out in; and each fold's chosen ``min_article_cues``."""
    from sklearn.model_selection import GroupKFold

    spec = spec or ModelSpec()
    data = examples(store, records, spec.features)
    combined: Scores = {}
    alone: Scores = {}
    fold_of: dict[tuple[str, str], int] = {}
    chosen: list[int] = []
    split = GroupKFold(n_splits=folds).split(data.x, data.y, data.groups)
    for k, (train, test) in enumerate(split):
        model = fit(data.x[train], data.y[train], [data.groups[i] for i in train], spec)
        plain = np.array([model.score(e.features) for e in data.evidence])
        chosen.append(choose_article_cues(data, train, plain))
        rule = CueRule(min_article_cues=chosen[-1])
        for i in test:
            key = data.keys[i]
            alone[key] = float(plain[i])
            combined[key] = combined_score(plain[i], data.evidence[i], rule, data.in_article[i])
            fold_of[key] = k
    return combined, alone, fold_of, chosen


def article_cues_on_all(store: Store, records: list[dict[str, Any]]) -> int:
    """The ``min_article_cues`` chosen on every matched pair (the shipped default's source),
    with the model fitted on all of them."""
    data = examples(store, records)
    model = fit(data.x, data.y, data.groups)
    plain = np.array([model.score(e.features) for e in data.evidence])
    return choose_article_cues(data, np.arange(len(data.y)), plain)


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
    data = examples(store, records)
    model = fit(data.x, data.y, data.groups)
    header = (
        "# Stance model: logistic regression (hostile or not) over linking/stance_model.py\n"
        f"# MODEL_FEATURES, fitted by `rashomon eval stance --fit` on {len(data.y)} BASIL (article,\n"
        "# entity) pairs; threshold chosen by 5-fold CV by triplet (eval/stance_cv.py).\n"
    )
    path.write_text(header + yaml.safe_dump(model.as_dict(), sort_keys=False), encoding="utf-8")
    return model
