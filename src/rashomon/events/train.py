"""Train the event-trigger classifier on ECB+ mentions and TimeML EVENT triggers.

Examples are the candidate tokens (``learned.candidate``) of ECB+ validated sentences (a gold
mention's head word is positive, its other words are left out, every other candidate is
negative) and of every TimeML sentence (EVENT words positive). The decision threshold is chosen
by cross-validation over ECB+ topics (TimeML always in the training part); the shipped model is
then fitted on everything. Seeded and deterministic.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rashomon import lang
from rashomon.events.learned import TriggerModel, candidate, token_features

C = 0.5  # inverse regularisation, fixed a priori (not tuned)
SEED = 0
FOLDS = 5
THRESHOLDS = [round(0.05 + 0.05 * n, 2) for n in range(16)]  # 0.05 .. 0.80
MIN_WEIGHT = 0.02  # smaller weights are dropped from the shipped file


@dataclass
class Example:
    """One candidate token: its group (ECB+ topic, or -1 for TimeML), features and label."""

    group: int
    features: list[str]
    label: bool


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def ecb_examples(rows: list[dict[str, Any]], nlp: Any) -> Iterator[Example]:
    """Examples from ECB+ documents: validated sentences only."""
    stream = ((r["text"], r) for r in rows)
    for doc, row in nlp.pipe(stream, as_tuples=True, batch_size=32):
        wanted = {m["sentence"] for m in row["mentions"]}
        heads: set[int] = set()
        inside: set[int] = set()
        for m in row["mentions"]:
            span = doc.char_span(m["start"], m["end"], alignment_mode="expand")
            if span is not None and len(span):
                heads.add(span.root.i)
                inside.update(t.i for t in span)
        breaks = [n for n, ch in enumerate(row["text"]) if ch == "\n"]
        for token in doc:
            if bisect_right(breaks, token.idx) not in wanted or not candidate(token):
                continue
            if token.i in inside and token.i not in heads:
                continue
            yield Example(int(row["topic"]), token_features(token), token.i in heads)


def timeml_examples(rows: list[dict[str, Any]], nlp: Any) -> Iterator[Example]:
    """Examples from TimeML documents: every sentence, EVENT words positive."""
    stream = ((r["text"], r) for r in rows)
    for doc, row in nlp.pipe(stream, as_tuples=True, batch_size=16):
        starts = {e["start"] for e in row.get("events") or []}
        for token in doc:
            if candidate(token):
                yield Example(-1, token_features(token), token.idx in starts)


def _fit(examples: list[Example]) -> dict[str, float]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(e.features, 1) for e in examples]).tocsr()
    x.indices = x.indices.astype(np.int32)  # liblinear takes 32-bit indices only
    x.indptr = x.indptr.astype(np.int32)
    y = np.array([e.label for e in examples])
    clf = LogisticRegression(C=C, max_iter=3000, random_state=SEED, solver="liblinear")
    clf.fit(x, y)
    weights = {
        name: round(float(w), 4)
        for name, w in zip(vec.get_feature_names_out(), clf.coef_[0], strict=True)
        if abs(w) >= MIN_WEIGHT
    }
    weights["bias"] = round(weights.get("bias", 0.0) + float(clf.intercept_[0]), 4)
    return weights


def _f1(model: TriggerModel, examples: list[Example], threshold: float) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for e in examples:
        score = sum(model.weights.get(f, 0.0) for f in e.features)
        guess = 1.0 / (1.0 + np.exp(-score)) >= threshold
        tp += guess and e.label
        fp += guess and not e.label
        fn += e.label and not guess
    return tp, fp, fn


def cross_validate(
    ecb: list[Example], timeml: list[Example], log: Callable[[str], None]
) -> dict[float, float]:
    """Token F1 on held-out ECB+ topics per threshold (TimeML always trained on)."""
    topics = sorted({e.group for e in ecb})
    counts = {t: [0, 0, 0] for t in THRESHOLDS}
    for fold in range(FOLDS):
        held = set(topics[fold::FOLDS])
        train = [e for e in ecb if e.group not in held] + timeml
        model = TriggerModel(_fit(train))
        test = [e for e in ecb if e.group in held]
        for t in THRESHOLDS:
            for n, v in enumerate(_f1(model, test, t)):
                counts[t][n] += v
        log(f"fold {fold + 1}/{FOLDS} done")
    return {t: 2 * tp / (2 * tp + fp + fn) if tp else 0.0 for t, (tp, fp, fn) in counts.items()}


def load_examples(
    ecb_path: Path, timeml_path: Path | None, split: str, log: Callable[[str], None]
) -> tuple[list[Example], list[Example]]:
    """Parse the training documents into ECB+ and TimeML examples."""
    from rashomon.pipeline import load_spacy

    nlp = load_spacy()
    rows = [r for r in _rows(ecb_path) if split == "all" or r.get("split") == split]
    ecb = list(ecb_examples(rows, nlp))
    log(f"ECB+ {len(rows)} documents, {len(ecb)} candidate tokens")
    timeml = list(timeml_examples(_rows(timeml_path), nlp)) if timeml_path else []
    log(f"TimeML {len(timeml)} candidate tokens")
    return ecb, timeml


def fit_triggers(
    ecb: list[Example], timeml: list[Example], split: str, log: Callable[[str], None]
) -> TriggerModel:
    """Cross-validate the threshold over ECB+ topics, then fit on all the examples."""
    scores = cross_validate(ecb, timeml, log)
    threshold = max(THRESHOLDS, key=lambda t: (scores[t], -t))
    weights = _fit(ecb + timeml)
    meta = {
        "cv_f1": {str(t): round(float(f), 4) for t, f in scores.items()},
        "c": C,
        "seed": SEED,
        "split": split,
        "examples": len(ecb) + len(timeml),
        "timeml": bool(timeml),
    }
    return TriggerModel(weights, threshold, meta)


def train_triggers(
    ecb_path: Path, timeml_path: Path | None, split: str, log: Callable[[str], None]
) -> TriggerModel:
    """Parse, cross-validate the threshold over ECB+ topics, fit on all the training data;
    features on names (words the training texts only capitalise) are dropped."""
    ecb, timeml = load_examples(ecb_path, timeml_path, split, log)
    model = fit_triggers(ecb, timeml, split, log)
    paths = [ecb_path] + ([timeml_path] if timeml_path else [])
    names = lang.capitalised_only(str(row.get("text", "")) for p in paths for row in _rows(p))
    for feature in [f for f in model.weights if lang.names_in_feature(f, names)]:
        del model.weights[feature]
    return model
