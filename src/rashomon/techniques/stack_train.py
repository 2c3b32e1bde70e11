"""A sentence stacker with more data: fitted on the train split's out-of-fold n-gram scores.

The stacker of ``techniques.stack`` learns from the 52 tagger-unseen fold articles only. The
n-gram sentence scorer, unlike the taggers, is cheap to refit, so its scores on the 308 train
articles can be made honest by refitting it on the other train folds (``TRAIN_FOLDS``); a
logistic regression over those scores and their context (neighbours, the article's
distribution, rank, length, position, quotes, punctuation) is fitted on about 15,000 train
sentences, then replaces the n-gram sentence score of the fold articles before the usual mix
with the taggers and the sentence head. Measured by ``techniques eval --cv --si-only --stack``
beside the fixed mix; not part of the inference path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace

import numpy as np

from rashomon.techniques.cv import Prepared, part_of, scores
from rashomon.techniques.data import Article
from rashomon.techniques.features import sentence_features
from rashomon.techniques.linear import fit_linear
from rashomon.techniques.stack import (
    Scores,
    StackResult,
    choose,
    context_columns,
    gold_sentences,
    logit,
    shape_columns,
)
from rashomon.techniques.tokens import Tokens, tokenize
from rashomon.techniques.train import Settings

TRAIN_FOLDS = 5
CONTEXT_FEATURES = (
    "ngram",  # log-odds of the n-gram sentence score
    "previous",  # the neighbours' (-4 beyond the article)
    "next",
    "article_mean",
    "article_std",
    "rank",  # by the n-gram score in the article, 0 = best, over sentences
    "relative",  # minus the article's mean
    "log_sentences",
    "log_length",
    "position",
    "title",
    "quoted",
    "exclamation",
    "question",
)
C_GRID = (0.01, 1.0)


def context_rows(tokens: Tokens, ngram: np.ndarray) -> np.ndarray:
    """One row of ``CONTEXT_FEATURES`` per sentence, from its n-gram sentence scores."""
    own = logit(ngram)
    return np.column_stack(
        [own, context_columns(own), np.full(len(own), np.log(len(own))), shape_columns(tokens)]
    )


def _fold(article_id: str) -> int:
    return part_of(article_id, "rashomon-stack", TRAIN_FOLDS)


def train_rows(
    train: Sequence[Article], settings: Settings, log: Callable[[str], None]
) -> tuple[np.ndarray, np.ndarray]:
    """Context rows and gold-sentence labels of the train articles, each article's n-gram
    scores from a sentence scorer fitted on the other ``TRAIN_FOLDS`` - 1 folds."""
    tokens = {a.id: tokenize(a.text) for a in train}
    kept = [a for a in train if len(tokens[a.id])]
    feats = {a.id: [sentence_features(tokens[a.id], *b) for b in tokens[a.id].bounds] for a in kept}
    labels = {a.id: gold_sentences(tokens[a.id], a.si) for a in kept}
    rows, ys = [], []
    for fold in range(TRAIN_FOLDS):
        fit_on = [a.id for a in kept if _fold(a.id) != fold]
        scorer = fit_linear(
            [r for k in fit_on for r in feats[k]],
            [str(int(y)) for k in fit_on for y in labels[k]],
            c=settings.sentence_c,
            min_count=settings.min_count,
            seed=settings.seed,
        )
        for a in kept:
            if _fold(a.id) == fold:
                rows.append(context_rows(tokens[a.id], scorer.proba(feats[a.id])))
                ys.append(labels[a.id])
        log(f"train-split stacker: n-gram fold {fold + 1}/{TRAIN_FOLDS} scored")
    return np.vstack(rows), np.concatenate(ys)


def evaluate_train_stack(
    items: Sequence[Prepared],
    train: Sequence[Article],
    params: Mapping[str, float],
    log: Callable[[str], None],
    base: StackResult | None = None,
) -> StackResult:
    """The train-split stacker in place of the n-gram sentence score (the taggers and the
    head mixed in as ``params`` say), its C and thresholds chosen by the mean fold F1
    (``base``: the fixed mix's figures, as ``choose`` takes them)."""
    from sklearn.linear_model import LogisticRegression

    x, y = train_rows(train, Settings(), log)
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-9
    rows = {i.article.id: (context_rows(i.tokens, i.sent) - mean) / std for i in items}

    def variants() -> Iterator[tuple[dict[str, float], Scores]]:
        for c in C_GRID:
            clf = LogisticRegression(C=c, max_iter=3000).fit((x - mean) / std, y)
            yield (
                {"stack_c": c},
                {
                    i.article.id: scores(
                        replace(i, sent=np.asarray(clf.predict_proba(rows[i.article.id])[:, 1])),
                        params,
                        True,
                    )
                    for i in items
                },
            )

    return choose(items, params, variants(), log, base=base)
