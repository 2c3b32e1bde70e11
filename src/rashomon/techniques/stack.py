"""A stacked sentence classifier for SI, measured against the fixed score mix by the CV.

The tagged mode decides which sentences carry a technique by a fixed log-odds mix of the
n-gram sentence score, the taggers' best token and the sentence head (``decode.combine``).
Most of its false-positive spans lie in sentences without any gold span, so this module asks
whether a classifier over per-sentence evidence (the parts' scores, the taggers' token
statistics, length, position, quotes, the neighbours' and the article's scores) ranks the
sentences better. Its inputs are the tagger-unseen fold articles' scores (the taggers saw
every train article, so only their outputs on the dev split are honest); it is fitted out of
fold (fold f from the other folds, the test part from all of them), and its regularisation,
its blend with the fixed mix and the thresholds are chosen by the mean fold F1.
``techniques eval --cv --si-only --stack`` prints it beside the mix in the same run; it is
not part of the inference path (it has not beaten the mix, see docs/techniques.md).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from rashomon.techniques.cv import (
    PARTS,
    Prepared,
    _by_part,
    _fold_f1,
    candidates,
    scores,
    si_score,
)
from rashomon.techniques.decode import Candidate
from rashomon.techniques.metrics import SIScore
from rashomon.techniques.tokens import Tokens
from rashomon.techniques.train import sentence_labels as gold_sentences

# per-sentence inputs, in column order
STACK_FEATURES = (
    "mix",  # log-odds of the mixed sentence score (what the shipped decoding thresholds)
    "ngram",  # the n-gram sentence scorer
    "head",  # the embedding sentence head
    "tagger_max",  # the taggers' best token
    "tagger_mean",
    "tagger_top3",  # mean of the three best tokens
    "tagger_share",  # share of tokens above 0.5
    "log_length",
    "position",  # index / (sentences - 1)
    "title",
    "quoted",  # share of tokens inside quotation marks
    "exclamation",
    "question",
    "previous",  # the neighbours' mixed log-odds (-4 beyond the article)
    "next",
    "article_mean",  # the article's mean and spread of mixed log-odds
    "article_std",
    "rank",  # the sentence's rank in its article by the mixed score, 0 = best, over sentences
    "relative",  # mixed log-odds minus the article's mean
)
C_GRID = (0.01, 0.1, 1.0)
BLEND_GRID = (0.5, 1.0)  # weight of the stacker's log-odds against the mix's (1: replace)
SENTENCE_GRID = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
TOKEN_STEPS = (-0.05, 0.0, 0.05)  # around the mix's chosen token threshold
_EPS = 1e-4
Scores = Mapping[str, tuple[np.ndarray, np.ndarray]]  # article id -> (token, sentence) scores
Data = Mapping[str, tuple[np.ndarray, np.ndarray]]  # article id -> (sentence rows, labels)


def logit(p: np.ndarray) -> np.ndarray:
    """Log-odds, clipped away from 0 and 1."""
    p = np.clip(np.asarray(p, dtype=np.float64), _EPS, 1 - _EPS)
    return np.log(p / (1 - p))


def shape_columns(tokens: Tokens) -> np.ndarray:
    """Per sentence: log length, position (index / (sentences - 1)), title, quoted share,
    exclamation and question, in this column order."""
    n = len(tokens.bounds)
    return np.asarray(
        [
            [
                float(np.log(last - first)),
                i / max(1, n - 1),
                float(i == 0),
                float(np.mean(tokens.quoted[first:last])),
                float("!" in tokens.lower[first:last]),
                float("?" in tokens.lower[first:last]),
            ]
            for i, (first, last) in enumerate(tokens.bounds)
        ]
    )


def context_columns(own: np.ndarray) -> np.ndarray:
    """Per sentence, from an article's sentence log-odds ``own``: the neighbours' (-4 beyond
    the article), the article's mean and spread, the rank (0 = best, over sentences) and
    ``own`` minus the article's mean, in this column order."""
    n = len(own)
    edge = np.full(1, -4.0)
    rank = np.argsort(np.argsort(-own, kind="stable"), kind="stable") / n
    return np.column_stack(
        [
            np.r_[edge, own[:-1]],
            np.r_[own[1:], edge],
            np.full(n, own.mean()),
            np.full(n, own.std()),
            rank,
            own - own.mean(),
        ]
    )


def sentence_rows(item: Prepared, sent: np.ndarray) -> np.ndarray:
    """One row of ``STACK_FEATURES`` per sentence of a tagged article; ``sent``: its mixed
    sentence scores."""
    t = item.tokens
    tagged = item.tagged if item.tagged is not None else item.tok
    head = item.head if item.head is not None else item.sent
    mixed = logit(sent)
    taggers = np.asarray(
        [
            [
                float(tg.max()),
                float(tg.mean()),
                float(np.sort(tg)[-3:].mean()),
                float(np.mean(tg > 0.5)),
            ]
            for tg in (tagged[first:last] for first, last in t.bounds)
        ]
    )
    taggers[:, :3] = logit(taggers[:, :3])
    columns = [mixed, logit(item.sent), logit(head), taggers, shape_columns(t)]
    return np.column_stack([*columns, context_columns(mixed)])


def sentence_labels(item: Prepared) -> np.ndarray:
    """1 for each sentence that overlaps a gold span, else 0."""
    return gold_sentences(item.tokens, item.article.si)


def stack_data(items: Sequence[Prepared], mixed: Scores) -> Data:
    """Each article's ``sentence_rows`` (from its ``mixed`` sentence scores) and labels."""
    return {
        i.article.id: (sentence_rows(i, mixed[i.article.id][1]), sentence_labels(i)) for i in items
    }


def _fit_predict(
    train: Sequence[tuple[np.ndarray, np.ndarray]], rows: Sequence[np.ndarray], c: float
) -> list[np.ndarray]:
    """Fit a standardised logistic regression on ``train`` (rows, labels) and score ``rows``."""
    from sklearn.linear_model import LogisticRegression

    x = np.vstack([r for r, _ in train])
    y = np.concatenate([label for _, label in train])
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    clf = LogisticRegression(C=c, max_iter=2000).fit((x - mean) / std, y)
    return [clf.predict_proba((r - mean) / std)[:, 1] for r in rows]


def out_of_fold(items: Sequence[Prepared], data: Data, c: float) -> dict[str, np.ndarray]:
    """Each article's stacked sentence probabilities (``data``: ``stack_data``): a fold's
    articles from a classifier fitted on the other folds, the test part's (part 0) from one
    fitted on all folds."""
    parts = _by_part(items)
    out: dict[str, np.ndarray] = {}
    for p, held in parts.items():
        train = [data[i.article.id] for q, v in parts.items() if q not in (0, p) for i in v]
        predicted = _fit_predict(train, [data[i.article.id][0] for i in held], c)
        out.update({i.article.id: probs for i, probs in zip(held, predicted, strict=True)})
    return out


def blended(mix: np.ndarray, stacked: np.ndarray, weight: float) -> np.ndarray:
    """Sentence probabilities from the mix's and the stacker's log-odds (``weight``: the
    stacker's share)."""
    return 1.0 / (1.0 + np.exp(-((1 - weight) * logit(mix) + weight * logit(stacked))))


@dataclass
class StackResult:
    """The stacker's CV choice and its scores beside the fixed mix's."""

    params: dict[str, float]  # decoding, with ``stack_c`` and ``stack_blend``
    folds: list[float]
    test: SIScore
    base_folds: list[float]
    base_test: SIScore
    auc: float  # sentence AUC over the fold articles (out of fold)
    base_auc: float


def _auc(labels: np.ndarray, probs: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, probs)) if 0 < labels.mean() < 1 else 0.5


def _spans(
    items: Sequence[Prepared], scored: Scores, params: dict[str, float]
) -> dict[str, list[tuple[int, int]]]:
    return {k: [(c.start, c.end) for c in v] for k, v in _found(items, scored, params).items()}


def _found(
    items: Sequence[Prepared], scored: Scores, params: dict[str, float]
) -> dict[str, list[Candidate]]:
    return {i.article.id: candidates(i, *scored[i.article.id], params, False) for i in items}


def choose(
    items: Sequence[Prepared],
    params: Mapping[str, float],
    variants: Iterable[tuple[dict[str, float], Scores]],
    log: Callable[[str], None],
    mixed: Scores | None = None,
    base: StackResult | None = None,
) -> StackResult:
    """The variant (its own parameters and token/sentence scores per article) and sentence and
    token thresholds with the best mean fold F1, scored with the fixed mix at ``params`` (the
    other decoding parameters kept) on the folds and the test part. ``mixed``: the fixed mix's
    scores if already computed; ``base``: a result for the same articles and ``params`` whose
    fixed-mix figures are taken over instead of computed again."""
    parts = _by_part(items)
    folds = {p: v for p, v in parts.items() if p != 0}
    cv_items = [i for v in folds.values() for i in v]
    if mixed is None:
        mixed = {i.article.id: scores(i, params, True) for i in items}
    best: tuple[float, dict[str, float], list[float], Scores] = (-1.0, {}, [], mixed)
    for extra, scored in variants:
        for threshold, step in itertools.product(SENTENCE_GRID, TOKEN_STEPS):
            trial = {**params, "sentence": threshold, "token": params["token"] + step}
            fold = _fold_f1(folds, _found(cv_items, scored, trial))
            if np.mean(fold) > best[0]:
                best = (float(np.mean(fold)), {**trial, **extra}, fold, scored)
        log(f"stacker {extra}: best so far {best[0]:.3f} with {best[1]}")
    _, chosen, fold, scored = best
    test = parts.get(0, [])
    labels = np.concatenate([sentence_labels(i) for i in cv_items])
    if base is None:
        base_folds = _fold_f1(folds, _found(cv_items, mixed, dict(params)))
        base_test = si_score(test, _spans(test, mixed, dict(params)))
        base_auc = _auc(labels, np.concatenate([mixed[i.article.id][1] for i in cv_items]))
    else:
        base_folds, base_test, base_auc = base.base_folds, base.base_test, base.base_auc
    return StackResult(
        chosen,
        fold,
        si_score(test, _spans(test, scored, chosen)),
        base_folds,
        base_test,
        _auc(labels, np.concatenate([scored[i.article.id][1] for i in cv_items])),
        base_auc,
    )


def evaluate_stack(
    items: Sequence[Prepared], params: Mapping[str, float], log: Callable[[str], None]
) -> StackResult:
    """The stacker fitted out of fold on the fold articles: its C, blend and thresholds chosen
    by the mean fold F1, scored beside the fixed mix at ``params``."""
    mixed = {i.article.id: scores(i, params, True) for i in items}
    data = stack_data(items, mixed)

    def variants() -> Iterator[tuple[dict[str, float], Scores]]:
        for c in C_GRID:
            stacked = out_of_fold(items, data, c)
            for weight in BLEND_GRID:
                yield (
                    {"stack_c": c, "stack_blend": weight},
                    {k: (mixed[k][0], blended(mixed[k][1], v, weight)) for k, v in stacked.items()},
                )

    return choose(items, params, variants(), log, mixed)


def report_lines(result: StackResult, name: str = "stacked classifier") -> list[str]:
    """The stacker's line beside the mix's, folds and test part."""

    def line(what: str, folds: list[float], test: SIScore, auc: float) -> str:
        return (
            f"SI stacked sentences: {what} folds {np.mean(folds):.3f} ± {np.std(folds):.3f}"
            f" (sentence AUC {auc:.3f}); test P {test.precision:.3f} R {test.recall:.3f}"
            f" F1 {test.f1:.3f}"
        )

    chosen = {k: round(v, 3) for k, v in result.params.items()}
    return [
        line(
            "fixed mix (the shipped decoding)", result.base_folds, result.base_test, result.base_auc
        ),
        line(f"{name} (CV choice)", result.folds, result.test, result.auc),
        f"   chosen: {chosen} (of {PARTS - 1} folds; not written into the model)",
    ]
