"""Training the technique detector: features from PTC articles, fits, threshold tuning."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.errors import InputError
from rashomon.techniques.data import Article
from rashomon.techniques.embedded import ENCODER, DenseModel, Encoder, fit_dense
from rashomon.techniques.features import sentence_features, span_features, token_features
from rashomon.techniques.linear import fit_linear
from rashomon.techniques.metrics import merge_spans, score_si
from rashomon.techniques.model import TechniqueModel
from rashomon.techniques.tagger import Ensemble, TaggerSettings, train_tagger
from rashomon.techniques.tc_context import CONTEXT_HEAD, span_sentence
from rashomon.techniques.tokens import Tokens, tokenize

DEFAULT_PARAMS = {"sentence": 0.3, "token": 0.6, "gap": 0}
SENTENCE_GRID = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
TOKEN_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8)
GAP_GRID = (0, 1, 2, 4)  # 0: one span per sentence
TAG_TOKEN_GRID = (0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


@dataclass
class Settings:
    """Regularisation strengths (inverse, as scikit-learn's ``C``) and feature cut-offs."""

    token_c: float = 0.5
    sentence_c: float = 4.0
    span_c: float = 16.0
    span_class_weight: str | None = "balanced"
    min_count: int = 2
    span_min_count: int = 1
    seed: int = 0
    embeddings: bool = False  # also fit MiniLM heads (needs rashomon[embeddings])
    encoder: str = ENCODER
    sentence_head_c: float = 0.3
    span_head_c: float = 1.0
    tagger: bool = False  # also fine-tune the MiniLM tagger for SI (needs rashomon[embeddings])
    tagger_settings: TaggerSettings | None = None
    tagger_from: Sequence[Path] = ()  # use these already fine-tuned taggers instead


def _covered(text: str, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    mask = np.zeros(len(text) + 1, dtype=bool)
    for start, end in merge_spans(spans):
        mask[start:end] = True
    return mask


def _hits(tokens: Tokens, mask: np.ndarray) -> list[bool]:
    """Per sentence of ``tokens``: whether it holds a character set in ``mask``."""
    return [
        bool(mask[tokens.starts[first] : tokens.ends[last - 1]].any())
        for first, last in tokens.bounds
    ]


def sentence_labels(tokens: Tokens, spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """1.0 for each sentence of ``tokens`` that overlaps one of ``spans`` (merged, empty ones
    dropped), else 0.0: the sentence labels of ``si_rows``."""
    return np.asarray(_hits(tokens, _covered(tokens.text, spans)), dtype=np.float64)


def si_rows(articles: Sequence[Article]) -> tuple[list, list[str], list, list[str]]:
    """Token rows/labels and sentence rows/labels for span identification.

    The token scorer only trims sentences the sentence scorer already picked, so it learns
    from the tokens of sentences that hold a gold span (label: token mostly inside one).
    """
    tok_rows, tok_labels, sent_rows, sent_labels = [], [], [], []
    for article in articles:
        tokens, mask = tokenize(article.text), _covered(article.text, article.si)
        features = token_features(tokens)
        for (first, last), hit in zip(tokens.bounds, _hits(tokens, mask), strict=True):
            sent_rows.append(sentence_features(tokens, first, last))
            sent_labels.append("1" if hit else "0")
            if not hit:
                continue
            tok_rows += features[first:last]
            tok_labels += [
                "1" if mask[tokens.starts[i] : tokens.ends[i]].mean() > 0.5 else "0"
                for i in range(first, last)
            ]
    return tok_rows, tok_labels, sent_rows, sent_labels


def tc_rows(
    articles: Sequence[Article], context: bool = False
) -> tuple[list[list[str]], list[str]]:
    """Span feature rows and technique labels of every gold TC span."""
    rows, labels = [], []
    for article in articles:
        tokens, lower = tokenize(article.text), article.text.lower()
        for technique, start, end in article.tc:
            rows.append(span_features(tokens, start, end, lower, context))
            labels.append(technique)
    return rows, labels


HEAD_GRID = (0.0, 0.5, 1.0)  # weights of the sentence head with the tagger


def tune_thresholds(model: TechniqueModel, dev: Sequence[Article]) -> dict[str, float]:
    """Set the sentence/token thresholds of the model's scoring mode for best SI F1 on ``dev``
    (with the tagger and the embedding heads also the sentence head's weight ``tag_head``)."""
    prefix = "tag_" if model.tagged else "embed_" if model.embedded else ""
    gold = {a.id: a.si for a in dev}
    params, best, best_f1 = dict(model.params), dict(model.params), -1.0
    token_grid = TAG_TOKEN_GRID if model.tagged else TOKEN_GRID
    gap = f"{prefix}gap" if model.tagged else "gap"
    gaps = GAP_GRID if prefix != "embed_" else [params["gap"]]
    heads = HEAD_GRID if model.tagged and model.embedded and "sentence" in model.heads else ()
    for head in heads or (None,):
        base = params if head is None else {**params, "tag_head": head}
        model.params = base
        cached = []
        for article in dev:
            tokens = tokenize(article.text)
            if len(tokens):
                cached.append((article, tokens, *model.scores(tokens)))
        for sent_t, tok_t, gap_n in itertools.product(SENTENCE_GRID, token_grid, gaps):
            model.params = {
                **base,
                f"{prefix}sentence": sent_t,
                f"{prefix}token": tok_t,
                gap: gap_n,
            }
            pred = {a.id: [(s, e) for s, e, _ in model._decode(t, p, q)] for a, t, p, q in cached}
            f1 = score_si(pred, gold).f1
            if f1 > best_f1:
                best, best_f1 = dict(model.params), f1
    model.params = best
    names = [f"{prefix}sentence", f"{prefix}token", gap] + (["tag_head"] if heads else [])
    return {k: best[k] for k in names}


def sentence_texts(articles: Sequence[Article]) -> list[str]:
    """The text of every sentence, in the order of ``si_rows``' sentence rows."""
    texts = []
    for article in articles:
        tokens = tokenize(article.text)
        texts += [article.text[tokens.starts[a] : tokens.ends[b - 1]] for a, b in tokens.bounds]
    return texts


def fit_heads(
    model: TechniqueModel,
    articles: Sequence[Article],
    sent_y: list[str],
    settings: Settings,
    encoder: Encoder,
) -> None:
    """Fit the embedding heads (sentence: SI, span: TC) and attach them to ``model``."""
    sent_x = encoder.encode(sentence_texts(articles))
    rows = [(a.text[s:e], t) for a in articles for t, s, e in a.tc]
    span_x = encoder.encode([text for text, _ in rows])
    seed = settings.seed
    labels = [t for _, t in rows]
    model.heads = {
        "sentence": fit_dense(sent_x, sent_y, settings.sentence_head_c, None, seed),
        "span": fit_dense(span_x, labels, settings.span_head_c, "balanced", seed),
        CONTEXT_HEAD: fit_context_head(articles, encoder, settings),
    }
    model.encoder_kind, model.encoder = settings.encoder, encoder


def fit_context_head(
    articles: Sequence[Article], encoder: Encoder, settings: Settings
) -> DenseModel:
    """The TC sentence head: each gold span's sentence embedding to its technique."""
    texts, labels = [], []
    for article in articles:
        tokens = tokenize(article.text)
        for technique, start, end in article.tc:
            texts.append(span_sentence(tokens, start, end))
            labels.append(technique)
    x = encoder.encode(texts)
    return fit_dense(x, labels, settings.span_head_c, "balanced", settings.seed)


def train_model(
    articles: Sequence[Article],
    dev: Sequence[Article] = (),
    settings: Settings | None = None,
    log: Callable[[str], None] = lambda _: None,
    encoder: Encoder | None = None,
) -> TechniqueModel:
    """Fit SI and TC on ``articles``; tune SI thresholds on ``dev`` when given.

    With ``settings.embeddings`` also fit the embedding heads; pass one memoising ``encoder``
    to several calls to embed each text only once. With ``settings.tagger`` also fine-tune the
    MiniLM tagger (the slow part: about 25 minutes on 2 cores).
    """
    settings = settings or Settings()
    if not any(a.si for a in articles) or not any(a.tc for a in articles):
        raise InputError("training data", "needs articles with both SI and TC labels")
    began = time.perf_counter()
    tok_x, tok_y, sent_x, sent_y = si_rows(articles)
    fit: dict[str, Any] = dict(min_count=settings.min_count, seed=settings.seed)
    token = fit_linear(tok_x, tok_y, c=settings.token_c, **fit)
    log(f"token scorer: {len(tok_x)} tokens, {len(token.vocab)} features")
    sentence = fit_linear(sent_x, sent_y, c=settings.sentence_c, **fit)
    log(f"sentence scorer: {len(sent_x)} sentences, {len(sentence.vocab)} features")
    span_x, span_y = tc_rows(articles)
    span = fit_linear(
        span_x,
        span_y,
        c=settings.span_c,
        min_count=settings.span_min_count,
        class_weight=settings.span_class_weight,
        seed=settings.seed,
    )
    log(f"span classifier: {len(span_x)} spans, {len(span.vocab)} features")
    model = TechniqueModel(token, sentence, span, dict(DEFAULT_PARAMS))
    if dev:
        log(f"thresholds tuned on {len(dev)} articles: {tune_thresholds(model, dev)}")
    if settings.embeddings:
        fit_heads(model, articles, sent_y, settings, encoder or Encoder(settings.encoder, True))
        log(f"embedding heads fitted ({settings.encoder})")
        model.use_embeddings = True
        if dev:
            log(f"embedding thresholds on {len(dev)} articles: {tune_thresholds(model, dev)}")
        model.use_embeddings = False
    if settings.tagger and settings.tagger_from:
        members = [m for folder in settings.tagger_from for m in Ensemble.load(folder).members]
        model.tagger = Ensemble(members)
        log(f"{len(members)} tagger(s) loaded from {', '.join(map(str, settings.tagger_from))}")
    elif settings.tagger:
        tagger_settings = settings.tagger_settings or TaggerSettings(seed=settings.seed)
        model.tagger = Ensemble([train_tagger(articles, tagger_settings, log)])
    if settings.tagger:
        model.use_tagger, model.use_embeddings = True, bool(model.heads)
        if dev:
            log(f"tagger thresholds on {len(dev)} articles: {tune_thresholds(model, dev)}")
        model.use_tagger, model.use_embeddings = False, False
    log(f"trained in {time.perf_counter() - began:.0f} s")
    return model
