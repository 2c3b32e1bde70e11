"""Fit the attribution model of :mod:`rashomon.quotes.learned` on PolNeAR-style JSONL.

Each article's candidates (from its parse) are labelled by the gold attributions: a candidate is
positive when its content overlaps a gold content by at least half of the longer span (the
scoring rule of ``rashomon eval quotes-real``). The threshold is chosen on a held-out fifth of
the training articles (by F1 of the candidates chosen), then the model is refitted on all of
them. Seeded: the same file and seed give the same model.
"""

from __future__ import annotations

import gzip
import json
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from rashomon import lang
from rashomon.quotes.attribution import is_speech_like
from rashomon.quotes.competition import RIVAL_COLUMNS, Stage2, stage2_rows
from rashomon.quotes.features import class_lemmas
from rashomon.quotes.indirect import Indirect
from rashomon.quotes.learned import (
    LEARNED,
    AttributionModel,
    Candidate,
    Weights,
    candidates,
    choose,
    inside_mixed,
    mixed_holders,
)
from rashomon.quotes.quote_marks import find_quotes
from rashomon.quotes.trees import Columns, fit_columns, from_sklearn

THRESHOLDS = [round(0.2 + 0.025 * i, 3) for i in range(25)]  # 0.20 .. 0.80


@dataclass(frozen=True)
class TrainingSettings:
    """How ``rashomon quotes train`` fits the model and picks its threshold."""

    holdout: float = 0.2  # share of training articles that picks the threshold
    c_value: float = 0.5  # inverse regularisation strength (1.0: same held-out F1, lower P)
    # The threshold maximises held-out F1 among those whose precision reaches this, counting
    # the direct quotes of the quote-mark rules as the analyser reports them (less those
    # inside a chosen mixed content): the bar of 0.80, with a margin for what
    # held-out train misses.
    precision_floor: float = 0.81
    # A candidate whose content matches a gold content whose cue is another word (a content
    # shared by two cues, or a rival cue's object that happens to cover an attribution):
    # "positive" (matched by span alone), "negative" (only the gold cue's own candidates are
    # positive) or "skip" (left out of the fit; scoring still counts it as a hit). Of 22,180
    # positive candidates in PolNeAR train by span, 8,556 are such; held-out fifth F1 0.687
    # (positive) -> 0.699 (skip).
    other_cue: str = "skip"
    # The second stage (boosted trees over the features, the first stage's logit and the
    # candidate's rivals, quotes/competition.py): fitted on first-stage logits of articles
    # each fold's fit did not see. Off: held-out train F1 0.687 -> 0.693, PolNeAR dev F1
    # 0.702 -> 0.701 at lower precision (0.815 -> 0.805), for 2.5 times the scoring time.
    trees: bool = False
    folds: int = 3
    tree_iterations: int = 400
    tree_rate: float = 0.05
    tree_leaves: int = 31
    tree_min_leaf: int = 20
    min_category: int = 10  # a string feature's value seen this often gets its own code


TRAINING = TrainingSettings()


@dataclass
class Example:
    """One article's candidates, their labels, and its gold content spans."""

    cands: list[Candidate]
    labels: list[int]
    gold: list[tuple[int, int]]
    text: str = ""
    direct: list[tuple[int, int]] = field(default_factory=list)  # quoted parts of speech
    weights: list[float] = field(default_factory=list)  # each candidate's weight in the fit

    def weight_list(self) -> list[float]:
        """The candidates' fit weights (1.0 each when none were given)."""
        return self.weights or [1.0] * len(self.labels)


def cue_vocabulary(pairs: Iterable[tuple[Doc, dict[str, Any]]], min_count: int) -> frozenset[str]:
    """Lemmas of the tokens inside gold cue spans that occur there at least ``min_count`` times."""
    counts: Counter[str] = Counter()
    for doc, record in pairs:
        for q in record["quotes"]:
            cue = q.get("cue")
            if not cue:
                continue
            span = doc.char_span(cue["start"], cue["end"], alignment_mode="expand")
            for t in span or []:
                if t.pos_ in ("VERB", "AUX", "NOUN", "ADJ"):
                    counts[t.lemma_.lower()] += 1
    return frozenset(w for w, n in counts.items() if n >= min_count)


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Overlap of at least half of the longer span."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and 2 * shared >= max(a[1] - a[0], b[1] - b[0])


def example(doc: Doc, record: dict[str, Any], vocab: frozenset[str]) -> Example:
    """The labelled candidates of one article."""
    text = doc.text
    speech = [part for q in find_quotes(text) if is_speech_like(text, q) for part in q.parts]
    cands = candidates(doc, speech, vocab)
    gold = [(q["start"], q["end"]) for q in record["quotes"]]
    labelled = [_label(c, record["quotes"]) for c in cands]
    labels = [y for y, _ in labelled]
    return Example(cands, labels, gold, text, speech, [w for _, w in labelled])


def _label(cand: Candidate, golds: list[dict[str, Any]]) -> tuple[int, float]:
    """The candidate's label and weight in the fit: positive when its first piece matches a
    gold content and every other piece matches one too (a content is scored by its pieces, so
    a half-right two-piece content is a false positive as well as a hit); a match only
    through another cue than the gold's is treated as ``TrainingSettings.other_cue`` says."""
    if not any(_same(cand, q, False) for q in golds):
        return 0, 1.0
    rest = units(cand.found)[1:]
    spans = [(q["start"], q["end"]) for q in golds]
    if not all(any(overlaps(u, s) for s in spans) for u in rest):
        return 0, 1.0
    if TRAINING.other_cue == "positive" or any(_same(cand, q, True) for q in golds):
        return 1, 1.0
    return 0, 0.0 if TRAINING.other_cue == "skip" else 1.0


def _same(cand: Candidate, gold: dict[str, Any], by_cue: bool) -> bool:
    """The candidate's content matches the gold content (``by_cue``: through the gold cue when it
    has one, so the model learns which cue, and so which source, a content belongs to)."""
    if not overlaps(units(cand.found)[0], (gold["start"], gold["end"])):
        return False
    if not by_cue:
        return True
    cue = gold.get("cue")
    if not cue or "fragments" in cue:
        return True
    a, b = cand.found.cue
    return a < cue["end"] and cue["start"] < b


def units(found: Indirect) -> list[tuple[int, int]]:
    """The spans a content is scored by: its pieces when it has several, else itself."""
    return list(found.parts) or [(found.start, found.end)]


def _fit(examples: list[Example], seed: int) -> tuple[Any, Any]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    feats = [c.features for e in examples for c in e.cands]
    labels = [y for e in examples for y in e.labels]
    weights = [w for e in examples for w in e.weight_list()]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(feats)
    classifier = LogisticRegression(C=TRAINING.c_value, max_iter=2000, random_state=seed)
    classifier.fit(matrix, labels, sample_weight=weights)
    return vectorizer, classifier


def _logits(examples: list[Example], vectorizer: Any, classifier: Any) -> list[list[float]]:
    """Each example's first-stage logits."""
    return [
        list(classifier.decision_function(vectorizer.transform([c.features for c in e.cands])))
        if e.cands
        else []
        for e in examples
    ]


def _out_of_fold(examples: list[Example], seed: int) -> list[list[float]]:
    """Each example's first-stage logits from a fit on the other folds (as unseen articles
    get them), the second stage's training input."""
    out: list[list[float]] = [[] for _ in examples]
    for k in range(TRAINING.folds):
        test = range(k, len(examples), TRAINING.folds)
        rest = [e for i, e in enumerate(examples) if i % TRAINING.folds != k]
        vectorizer, classifier = _fit(rest, seed)
        scored = _logits([examples[i] for i in test], vectorizer, classifier)
        for i, logits in zip(test, scored, strict=True):
            out[i] = logits
    return out


def _fit_stage2(
    examples: list[Example], logits: list[list[float]], seed: int, drop: Any = None
) -> tuple[Columns, Any]:
    """Fit the boosted trees on the examples' features, first-stage logits and rivals."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier

    rows = [c.features for e in examples for c in e.cands]
    columns = fit_columns(rows, RIVAL_COLUMNS, TRAINING.min_category, drop)
    matrix = np.array(
        [r for e, lg in zip(examples, logits, strict=True) for r in _rows(columns, e, lg)]
    )
    model = HistGradientBoostingClassifier(
        max_iter=TRAINING.tree_iterations,
        learning_rate=TRAINING.tree_rate,
        max_leaf_nodes=TRAINING.tree_leaves,
        min_samples_leaf=TRAINING.tree_min_leaf,
        l2_regularization=1.0,
        categorical_features=columns.categorical(),
        early_stopping=False,
        random_state=seed,
    )
    model.fit(
        matrix,
        [y for e in examples for y in e.labels],
        sample_weight=[w for e in examples for w in e.weight_list()],
    )
    return columns, model


def _rows(columns: Columns, e: Example, logits: list[float]) -> list[list[float]]:
    return stage2_rows(columns, [c.found for c in e.cands], [c.features for c in e.cands], logits)


def _stage2_probabilities(
    examples: list[Example], logits: list[list[float]], columns: Columns, model: Any
) -> list[list[float]]:
    """Each example's second-stage probabilities."""
    return [
        list(model.predict_proba(_rows(columns, e, lg))[:, 1]) if e.cands else []
        for e, lg in zip(examples, logits, strict=True)
    ]


def _probabilities(examples: list[Example], vectorizer: Any, classifier: Any) -> list[list[float]]:
    """Each example's candidate probabilities (scored once, whatever the thresholds tried):
    the logistic model's first-stage logits through the logistic function, as ``predict_proba``
    computes them."""
    import numpy as np
    from scipy.special import expit

    return [list(expit(np.asarray(logits))) for logits in _logits(examples, vectorizer, classifier)]


def _prf(
    examples: list[Example], probs: list[list[float]], threshold: float
) -> tuple[float, float, float]:
    """P/R/F1 of the chosen contents and the quoted parts of speech outside them, against all
    gold contents (as ``rashomon eval quotes-real`` matches them)."""
    tp = n_pred = n_gold = found = 0
    for e, p_cands in zip(examples, probs, strict=True):
        n_gold += len(e.gold)
        chosen = choose(e.cands, p_cands, threshold) if e.cands else []
        held = mixed_holders(e.text, chosen)
        spans = [u for f in chosen for u in units(f)]
        spans += [d for d in e.direct if not inside_mixed(e.text, [d], held)]
        n_pred += len(spans)
        tp += sum(any(overlaps(u, g) for g in e.gold) for u in spans)
        found += sum(any(overlaps(u, g) for u in spans) for g in e.gold)
    p = tp / n_pred if n_pred else 0.0
    r = found / n_gold if n_gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def train(
    pairs: list[tuple[Doc, dict[str, Any]]], seed: int = 13, log: Any = print
) -> dict[str, Any]:
    """Fit the model on parsed articles with their records; the fields of the model file."""
    vocab = cue_vocabulary(pairs, LEARNED.min_cue_count)
    if LEARNED.class_vocab:
        vocab |= class_lemmas()
    examples = [example(doc, record, vocab) for doc, record in pairs]
    order = list(range(len(examples)))
    random.Random(seed).shuffle(order)
    cut = int(len(order) * TRAINING.holdout)
    held = [examples[i] for i in order[:cut]]
    fit = [examples[i] for i in order[cut:]]
    n = sum(len(e.cands) for e in examples)
    log(f"{len(examples)} articles, {len(vocab)} cue lemmas, {n} candidates")
    scores = _held_out_scores(fit, held, seed)
    for t, (p, r, f) in scores.items():
        log(f"  threshold {t:.3f}: held-out P {p:.3f} R {r:.3f} F1 {f:.3f}")
    precise = [t for t in THRESHOLDS if scores[t][0] >= TRAINING.precision_floor] or [
        THRESHOLDS[-1]
    ]
    threshold = max(precise, key=lambda t: scores[t][2])
    log(f"threshold {threshold} (held-out F1 {scores[threshold][2]:.3f} on {len(held)} articles)")
    vectorizer, classifier = _fit(examples, seed)
    names = lang.capitalised_only(doc.text for doc, _ in pairs)
    keep = [not lang.names_in_feature(f, names) for f in vectorizer.get_feature_names_out()]
    vectorizer.restrict(keep)  # the shipped model keeps no names of its training articles
    classifier.coef_ = classifier.coef_[:, keep]
    classifier.n_features_in_ = int(sum(keep))
    info = {"articles": len(examples), "candidates": n, "seed": seed, "heldout_f1": scores}
    data = {
        "vectorizer": vectorizer,
        "classifier": classifier,
        "vocab": sorted(vocab - names),
        "threshold": threshold,
        "info": info,
    }
    if TRAINING.trees:

        def drop(key: str, value: str) -> bool:
            return lang.names_in_feature(f"{key}={value}", names)

        logits = _out_of_fold(examples, seed)
        data["columns"], data["trees"] = _fit_stage2(examples, logits, seed, drop)
    return data


def _held_out_scores(
    fit: list[Example], held: list[Example], seed: int
) -> dict[float, tuple[float, float, float]]:
    """P/R/F1 on the held-out articles at each threshold, for a model fitted on the rest."""
    vectorizer, classifier = _fit(fit, seed)
    if TRAINING.trees:
        columns, model = _fit_stage2(fit, _out_of_fold(fit, seed), seed)
        logits = _logits(held, vectorizer, classifier)
        probs = _stage2_probabilities(held, logits, columns, model)
    else:
        probs = _probabilities(held, vectorizer, classifier)
    return {t: _prf(held, probs, t) for t in THRESHOLDS}


def weights_of(vectorizer: Any, classifier: Any) -> Weights:
    """The fitted DictVectorizer and binary LogisticRegression as plain per-feature weights."""
    names = vectorizer.get_feature_names_out()
    coef = classifier.coef_[0]
    return Weights(
        {str(n): float(w) for n, w in zip(names, coef, strict=True)},
        float(classifier.intercept_[0]),
    )


def save(data: dict[str, Any], path: Path) -> AttributionModel:
    """Write the model file (gzipped JSON of plain weights, no pickle) and return the model."""
    weights = weights_of(data["vectorizer"], data["classifier"])
    plain = {
        "weights": weights.weights,
        "intercept": weights.intercept,
        "vocab": sorted(data["vocab"]),
        "threshold": float(data["threshold"]),
        "info": data["info"],
    }
    stage2 = None
    if "trees" in data:
        columns: Columns = data["columns"]
        trees = from_sklearn(data["trees"])
        plain["columns"] = {
            "keys": columns.keys,
            "categories": columns.categories,
            "extras": columns.extras,
        }
        plain["trees"] = {"baseline": trees.baseline, "trees": trees.trees}
        stage2 = Stage2(columns, trees)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(plain, sort_keys=True, default=float).encode("utf-8")
    # No mtime and no file name in the header: the same model gives the same bytes wherever
    # it is written (the name of the output file went into the header before).
    with path.open("wb") as raw, gzip.GzipFile("", "wb", fileobj=raw, mtime=0) as handle:
        handle.write(text)
    vocab = frozenset(plain["vocab"])
    return AttributionModel(weights, vocab, plain["threshold"], data["info"], stage2)
