"""Training the technique detector: features from PTC articles, fits, threshold tuning."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from rashomon.errors import InputError
from rashomon.techniques.data import Article
from rashomon.techniques.features import sentence_features, span_features, token_features
from rashomon.techniques.linear import fit_linear
from rashomon.techniques.metrics import merge_spans, score_si
from rashomon.techniques.model import TechniqueModel
from rashomon.techniques.tokens import tokenize

DEFAULT_PARAMS = {"sentence": 0.3, "token": 0.15}
SENTENCE_GRID = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45)
TOKEN_GRID = (0.1, 0.15, 0.2, 0.25, 0.3)


@dataclass
class Settings:
    """Regularisation strengths (inverse, as scikit-learn's ``C``) and feature cut-offs."""

    token_c: float = 0.5
    sentence_c: float = 4.0
    span_c: float = 8.0
    min_count: int = 2
    span_min_count: int = 1
    seed: int = 0


def _covered(text: str, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    mask = np.zeros(len(text) + 1, dtype=bool)
    for start, end in merge_spans(spans):
        mask[start:end] = True
    return mask


def si_rows(articles: Sequence[Article]) -> tuple[list, list[str], list, list[str]]:
    """Token rows/labels (token mostly inside a gold span) and sentence rows/labels."""
    tok_rows, tok_labels, sent_rows, sent_labels = [], [], [], []
    for article in articles:
        tokens, mask = tokenize(article.text), _covered(article.text, article.si)
        tok_rows += token_features(tokens)
        tok_labels += [
            "1" if mask[s:e].mean() > 0.5 else "0"
            for s, e in zip(tokens.starts, tokens.ends, strict=True)
        ]
        for first, last in tokens.bounds:
            sent_rows.append(sentence_features(tokens, first, last))
            hit = mask[tokens.starts[first] : tokens.ends[last - 1]].any()
            sent_labels.append("1" if hit else "0")
    return tok_rows, tok_labels, sent_rows, sent_labels


def tc_rows(articles: Sequence[Article]) -> tuple[list[list[str]], list[str]]:
    """Span feature rows and technique labels of every gold TC span."""
    rows, labels = [], []
    for article in articles:
        tokens, lower = tokenize(article.text), article.text.lower()
        for technique, start, end in article.tc:
            rows.append(span_features(tokens, start, end, lower))
            labels.append(technique)
    return rows, labels


def tune_thresholds(model: TechniqueModel, dev: Sequence[Article]) -> dict[str, float]:
    """The sentence/token thresholds that maximise SI F1 on ``dev``."""
    cached = []
    for article in dev:
        tokens = tokenize(article.text)
        if len(tokens):
            tok = model.token.proba(token_features(tokens))
            cached.append((article, tokens, tok, model._sent(tokens)))
    gold = {a.id: a.si for a in dev}
    best, best_f1 = dict(DEFAULT_PARAMS), -1.0
    for sent_t, tok_t in itertools.product(SENTENCE_GRID, TOKEN_GRID):
        model.params = {"sentence": sent_t, "token": tok_t}
        pred = {a.id: [(s, e) for s, e, _ in model._decode(t, p, q)] for a, t, p, q in cached}
        f1 = score_si(pred, gold).f1
        if f1 > best_f1:
            best, best_f1 = dict(model.params), f1
    model.params = best
    return best


def train_model(
    articles: Sequence[Article],
    dev: Sequence[Article] = (),
    settings: Settings | None = None,
    log: Callable[[str], None] = lambda _: None,
) -> TechniqueModel:
    """Fit SI and TC on ``articles``; tune SI thresholds on ``dev`` when given."""
    settings = settings or Settings()
    if not any(a.si for a in articles) or not any(a.tc for a in articles):
        raise InputError("training data", "needs articles with both SI and TC labels")
    began = time.perf_counter()
    tok_x, tok_y, sent_x, sent_y = si_rows(articles)
    fit = dict(min_count=settings.min_count, seed=settings.seed)
    token = fit_linear(tok_x, tok_y, c=settings.token_c, **fit)
    log(f"token scorer: {len(tok_x)} tokens, {len(token.vocab)} features")
    sentence = fit_linear(sent_x, sent_y, c=settings.sentence_c, **fit)
    log(f"sentence scorer: {len(sent_x)} sentences, {len(sentence.vocab)} features")
    span_x, span_y = tc_rows(articles)
    span = fit_linear(
        span_x, span_y, c=settings.span_c, min_count=settings.span_min_count, seed=settings.seed
    )
    log(f"span classifier: {len(span_x)} spans, {len(span.vocab)} features")
    model = TechniqueModel(token, sentence, span, dict(DEFAULT_PARAMS))
    if dev:
        log(f"thresholds tuned on {len(dev)} articles: {tune_thresholds(model, dev)}")
    log(f"trained in {time.perf_counter() - began:.0f} s")
    return model
