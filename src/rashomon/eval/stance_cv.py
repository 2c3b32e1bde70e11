"""Train and cross-validate the stance model on BASIL author feelings (grouped by triplet).

Features come from the analysed store (``linking.stance_model.document_features``); each gold
(article, entity) pair matched to an actor is one example. Folds never split a triplet, so an
event's three articles are always on the same side of the split.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import yaml

from rashomon.eval.stance import align
from rashomon.linking.stance_model import (
    FEATURES,
    DocumentItems,
    Evidence,
    StanceModel,
    combined_score,
    document_features,
)
from rashomon.store.base import Store

C = 0.3  # inverse regularisation strength of the logistic regression
SEED = 0


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
    store: Store, records: list[dict[str, Any]]
) -> tuple[list[Evidence], list[tuple[str, str]], np.ndarray, np.ndarray, list[str]]:
    """Evidence, keys, feature matrix, gold classes and triplet groups of the matched pairs."""
    features = store_features(store)
    found, keys, rows, gold, groups = [], [], [], [], []
    triplet = {r["id"]: r.get("triplet", r["id"]) for r in records}
    for doc, _, value, actor in align(store, records):
        if actor is None or (doc, actor) not in features:
            continue
        found.append(features[(doc, actor)])
        keys.append((doc, actor))
        rows.append([found[-1].features[n] for n in FEATURES])
        gold.append(value)
        groups.append(triplet[doc])
    return found, keys, np.array(rows, dtype=float), np.array(gold), groups


def fit(x: np.ndarray, y: np.ndarray) -> StanceModel:
    """A standardised multinomial logistic regression over the examples."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=C, max_iter=2000, random_state=SEED)
    model.fit((x - mean) / scale, y)
    return StanceModel(
        FEATURES,
        tuple(mean.tolist()),
        tuple(scale.tolist()),
        tuple(int(c) for c in model.classes_),
        tuple(tuple(row) for row in model.coef_.tolist()),
        tuple(model.intercept_.tolist()),
    )


def cross_validated_scores(
    store: Store, records: list[dict[str, Any]], folds: int = 5
) -> dict[tuple[str, str], float]:
    """(document, actor) -> the score of a model trained on the other triplets' articles."""
    from sklearn.model_selection import GroupKFold

    evidence, keys, x, y, groups = examples(store, records)
    scores: dict[tuple[str, str], float] = {}
    for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
        model = fit(x[train], y[train])
        for i in test:
            scores[keys[i]] = combined_score(model.score(evidence[i].features), evidence[i])
    return scores


def fit_and_save(store: Store, records: list[dict[str, Any]], path: Path) -> StanceModel:
    """Fit on every matched gold pair and write the model as YAML."""
    _, _, x, y, _ = examples(store, records)
    model = fit(x, y)
    header = (
        "# Stance model: multinomial logistic regression over linking/stance_model.py features,\n"
        f"# fitted by `rashomon eval stance --fit` on {len(y)} BASIL (article, entity) pairs.\n"
    )
    path.write_text(header + yaml.safe_dump(model.as_dict(), sort_keys=False), encoding="utf-8")
    return model
