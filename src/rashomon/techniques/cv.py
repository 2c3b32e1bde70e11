"""Honest model selection for SI: article-level cross-validation over tagger-unseen articles.

The shipped taggers were fine-tuned on the train split (308 articles), so only the dev split
(63 articles, chosen by a hash of the id) is unseen by them. Those are divided by another hash
into ``PARTS`` parts: part 0 is the **test** part, never used for any choice; parts 1..5 are
the cross-validation folds. The n-gram parts and heads scored here are trained on the train
split only, so no fold article is seen by any trained part. Every choice (mixing weights,
thresholds, gap, the form rule, the calibrator and its threshold) is made by the mean F1 over
the folds; the calibrator of fold f is fitted on the other folds' spans.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rashomon.techniques.data import Article
from rashomon.techniques.decode import (
    Candidate,
    calibrated,
    combine,
    decode,
    fit_calibrator,
    form_lines,
    token_means,
)
from rashomon.techniques.metrics import SIScore, merge_spans, score_si
from rashomon.techniques.model import TechniqueModel
from rashomon.techniques.tokens import Tokens, tokenize

PARTS = 6  # part 0: test; 1..5: folds
SENTENCE_GRID = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
TOKEN_GRID = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75)
GAP_GRID = (0, 1, 2, 4)
MIX_GRID = ((0.5, 2.0, 1.0), (0.5, 2.0, 0.5), (0.7, 2.0, 1.0), (0.5, 3.0, 1.0), (0.3, 2.0, 1.0))
# second step: the token threshold again, finer, with the sentence-dependent ``slope``
FINE_TOKEN_GRID = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
SLOPE_GRID = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8)
MIN_GRID = (0.0, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
DECODE_KEYS = ("sentence", "token", "gap", "forms")
# candidate thresholds on the calibrated confidence for what the pipeline keeps and the report
# counts, chosen by the mean fold F0.5 (precision weighted twice: a report that says an outlet
# uses a technique should rather miss a span than count a wrong one)
REPORT_GRID = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5)
REPORT_BETA = 0.5
Trial = tuple[float, dict[str, float], list[float]]  # mean fold F1, parameters, fold F1s


def part_of(article_id: str, salt: str = "rashomon-cv", n: int = PARTS) -> int:
    """The CV part of an article (0: test), a stable hash of its id; ``salt`` and ``n`` (the
    number of parts) give other stable splits."""
    return int(hashlib.sha1(f"{salt}:{article_id}".encode()).hexdigest()[:8], 16) % n


@dataclass
class Prepared:
    """The expensive scores of one article, computed once: n-gram, head and tagger."""

    article: Article
    tokens: Tokens
    tok: np.ndarray
    sent: np.ndarray
    forms: np.ndarray  # slogan-like lines (``decode.form_lines``)
    openers: np.ndarray  # those with a slogan opening only (always decoded)
    head: np.ndarray | None = None
    tagged: np.ndarray | None = None  # ensemble mean of the members' token probabilities

    @property
    def part(self) -> int:
        """The article's CV part."""
        return part_of(self.article.id)


def prepare(
    articles: Sequence[Article],
    model: TechniqueModel,
    char_probs: Mapping[str, Sequence[np.ndarray]] | None = None,
    members: Sequence[int] | None = None,
    heads: Path | None = None,
) -> list[Prepared]:
    """Score each article with ``model``'s n-gram parts (and its sentence head when it has
    one); ``char_probs``: the cached tagger members' character probabilities by id;
    ``heads``: a folder caching the sentence head's probabilities (one MiniLM pass each)."""
    from rashomon.techniques.features import sentence_features, token_features

    out = []
    for article in articles:
        tokens = tokenize(article.text)
        if not len(tokens):
            continue
        tok = model.token.proba(token_features(tokens))
        sent = model.sentence.proba([sentence_features(tokens, a, b) for a, b in tokens.bounds])
        item = Prepared(article, tokens, tok, sent, form_lines(tokens), form_lines(tokens, False))
        if "sentence" in model.heads:
            item.head = _head(model, tokens, heads)
        if char_probs is not None:
            chosen = [
                char_probs[article.id][m]
                for m in members or range(99)
                if m < len(char_probs[article.id])
            ]
            item.tagged = token_means(np.mean(chosen, axis=0), tokens)
        out.append(item)
    return out


def _head(model: TechniqueModel, tokens: Tokens, cache: Path | None) -> np.ndarray:
    """The sentence head's probabilities for each sentence, read from ``cache`` when there
    (keyed by the text; the folder belongs to one model)."""
    path = None
    if cache is not None:
        path = cache / f"{hashlib.sha1(tokens.text.encode()).hexdigest()[:16]}.npy"
        if path.is_file():
            return np.load(path)
    texts = [tokens.text[tokens.starts[a] : tokens.ends[b - 1]] for a, b in tokens.bounds]
    probs = model.heads["sentence"].class_proba(model._encode(texts))[:, 1]
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, probs)
    return probs


def scores(
    item: Prepared, params: Mapping[str, float], tagged: bool
) -> tuple[np.ndarray, np.ndarray]:
    """Token and sentence scores of the mode, as the model's inference path mixes them."""
    if not tagged or item.tagged is None:
        return item.tok, item.sent
    chosen = np.ones(len(item.tokens.bounds), dtype=bool)
    return combine(item.tokens, item.tok, item.sent, item.tagged, chosen, params, item.head)


def candidates(
    item: Prepared,
    tok: np.ndarray,
    sent: np.ndarray,
    params: Mapping[str, float],
    features: bool = True,
) -> list[Candidate]:
    """Decoded candidate spans of one article under ``params`` (unprefixed keys)."""
    forms = item.forms if params.get("forms", 0.0) else item.openers
    t = item.tokens
    return decode(
        t,
        tok,
        sent,
        params["sentence"],
        params["token"],
        int(params["gap"]),
        forms,
        features,
        params.get("slope", 0.0),
    )


def si_score(items: Sequence[Prepared], spans: Mapping[str, Iterable[tuple[int, int]]]) -> SIScore:
    """SI score of predicted spans over these articles."""
    return score_si(
        {i.article.id: list(spans.get(i.article.id, ())) for i in items},
        {i.article.id: i.article.si for i in items},
    )


def credit(item: Prepared, cands: Sequence[Candidate]) -> np.ndarray:
    """Share of each candidate covered by the article's gold spans (SI precision credit)."""
    gold = merge_spans(item.article.si)
    out = []
    for c in cands:
        covered = sum(max(0, min(c.end, e) - max(c.start, s)) for s, e in gold)
        out.append(covered / max(1, c.end - c.start))
    return np.asarray(out)


@dataclass
class Selection:
    """What CV chose for one mode and how it scores, fold by fold and on the test part."""

    params: dict[str, float]
    calibration: list[float]
    folds: list[float]
    test: SIScore
    base_folds: list[float]
    base_test: SIScore
    report_folds: list[float] = field(default_factory=list)  # F0.5 at the report threshold
    report_test: SIScore | None = None


def _by_part(items: Sequence[Prepared]) -> dict[int, list[Prepared]]:
    parts: dict[int, list[Prepared]] = {}
    for item in items:
        parts.setdefault(item.part, []).append(item)
    return parts


def _fold_f1(
    parts: Mapping[int, Sequence[Prepared]], found: Mapping[str, list[Candidate]]
) -> list[float]:
    return [
        si_score(
            items, {i.article.id: [(c.start, c.end) for c in found[i.article.id]] for i in items}
        ).f1
        for p, items in sorted(parts.items())
        if p != 0
    ]


def search_decoding(
    items: Sequence[Prepared], tagged: bool, log: Callable[[str], None] = lambda _: None
) -> tuple[dict[str, float], list[float]]:
    """The mixing and decoding parameters with the best mean F1 over the CV folds."""
    parts = {p: v for p, v in _by_part(items).items() if p != 0}
    cv_items = [i for v in parts.values() for i in v]
    best: Trial = (-1.0, {}, [])
    for weight, mix, head in MIX_GRID if tagged else ((0.0, 0.0, 0.0),):
        mixing = {"tag_weight": weight, "tag_mix": mix, "tag_head": head}
        scored = {i.article.id: scores(i, mixing, tagged) for i in cv_items}
        for values in itertools.product(SENTENCE_GRID, TOKEN_GRID, GAP_GRID, (0.0, 1.0)):
            params = {"slope": 0.0, **mixing, **dict(zip(DECODE_KEYS, values, strict=True))}
            best = _try(parts, cv_items, scored, params, best)
        log(f"mixing {mixing}: best so far {best[0]:.3f} with {best[1]}")
    # second step: the token threshold and its ``slope`` together (the first step's choice,
    # slope 0, stays unless a pair beats its mean fold F1; pairs it already tried are skipped)
    scored = {i.article.id: scores(i, best[1], tagged) for i in cv_items}
    for token, slope in itertools.product(FINE_TOKEN_GRID, SLOPE_GRID):
        if slope == 0.0 and token in TOKEN_GRID:
            continue
        best = _try(parts, cv_items, scored, {**best[1], "token": token, "slope": slope}, best)
    return best[1], best[2]


def _try(
    parts: Mapping[int, Sequence[Prepared]],
    cv_items: Sequence[Prepared],
    scored: Mapping[str, tuple[np.ndarray, np.ndarray]],
    params: dict[str, float],
    best: Trial,
) -> Trial:
    """``best``, or the decoding ``params`` with their fold F1s when their mean is higher."""
    found = {i.article.id: candidates(i, *scored[i.article.id], params, False) for i in cv_items}
    folds = _fold_f1(parts, found)
    return (float(np.mean(folds)), params, folds) if np.mean(folds) > best[0] else best


def calibrate(
    items: Sequence[Prepared], params: dict[str, float], tagged: bool
) -> tuple[dict[str, float], list[float], list[float]]:
    """Pick a (looser) sentence threshold + calibrated ``min`` by mean fold F1; the calibrator
    of each fold is fitted on the other folds. Returns params, the calibrator fitted on all
    folds, and the fold F1s."""
    parts = {p: v for p, v in _by_part(items).items() if p != 0}
    best: tuple[float, dict[str, float], list[float]] = (-1.0, params, [])
    for loosen in (0.0, 0.05, 0.1, 0.15):
        trial = {**params, "sentence": max(0.05, params["sentence"] - loosen)}
        found = {
            i.article.id: candidates(i, *scores(i, trial, tagged), trial)
            for v in parts.values()
            for i in v
        }
        conf = _out_of_fold(parts, found)
        for least in MIN_GRID:
            kept = {
                k: [c for c, s in zip(v, conf[k], strict=True) if s >= least]
                for k, v in found.items()
            }
            folds = _fold_f1(parts, kept)
            if np.mean(folds) > best[0]:
                best = (float(np.mean(folds)), {**trial, "min": least}, folds)
    chosen = best[1]
    found = {
        i.article.id: candidates(i, *scores(i, chosen, tagged), chosen)
        for v in parts.values()
        for i in v
    }
    return chosen, _fit([i for v in parts.values() for i in v], found), best[2]


def _out_of_fold(
    parts: Mapping[int, Sequence[Prepared]], found: Mapping[str, list[Candidate]]
) -> dict[str, np.ndarray]:
    """Each fold's candidates' confidence from the calibrator fitted on the other folds."""
    conf: dict[str, np.ndarray] = {}
    for p, held in parts.items():
        weights = _fit([i for q, v in parts.items() if q != p for i in v], found)
        for i in held:
            conf[i.article.id] = calibrated(found[i.article.id], weights)
    return conf


def at_least(
    items: Sequence[Prepared],
    params: Mapping[str, float],
    tagged: bool,
    least: float,
    weights: Sequence[float] = (),
) -> tuple[list[SIScore], SIScore]:
    """Fold scores (out-of-fold calibrators) and the test part's score (``weights``) when only
    spans with a calibrated confidence of at least ``least`` are kept."""
    folds = _fold_scores(_fold_confidence(items, params, tagged), least)
    test = _by_part(items).get(0, [])
    return folds, si_score(test, apply(test, {**params, "min": least}, tagged, weights))


_Confident = tuple[
    Mapping[int, Sequence[Prepared]], Mapping[str, list[Candidate]], Mapping[str, np.ndarray]
]


def _fold_confidence(
    items: Sequence[Prepared], params: Mapping[str, float], tagged: bool
) -> _Confident:
    """The cross-validation parts, their decoded candidates and out-of-fold confidences (what
    every threshold tried shares)."""
    parts = {p: v for p, v in _by_part(items).items() if p != 0}
    found = {
        i.article.id: candidates(i, *scores(i, params, tagged), params)
        for v in parts.values()
        for i in v
    }
    return parts, found, _out_of_fold(parts, found)


def _fold_scores(confident: _Confident, least: float) -> list[SIScore]:
    """Each fold's score when only candidates of confidence at least ``least`` are kept."""
    parts, found, conf = confident
    kept = {k: [c for c, s in zip(v, conf[k], strict=True) if s >= least] for k, v in found.items()}
    return [
        si_score(v, {i.article.id: [(c.start, c.end) for c in kept[i.article.id]] for i in v})
        for _, v in sorted(parts.items())
    ]


def f_beta(score: SIScore, beta: float = REPORT_BETA) -> float:
    """F-beta of an SI score (beta < 1 weights precision more)."""
    p, r = score.precision, score.recall
    return 0.0 if p + r == 0 else (1 + beta**2) * p * r / (beta**2 * p + r)


def report_threshold(
    items: Sequence[Prepared], params: Mapping[str, float], tagged: bool
) -> tuple[float, list[float]]:
    """The calibrated confidence threshold with the best mean fold F0.5, and its fold F0.5s."""
    best: tuple[float, float, list[float]] = (-1.0, 0.0, [])
    confident = _fold_confidence(items, params, tagged)  # decoded and calibrated once
    for least in REPORT_GRID:
        folds = [f_beta(s) for s in _fold_scores(confident, least)]
        if np.mean(folds) > best[0]:
            best = (float(np.mean(folds)), least, folds)
    return best[1], best[2]


def _fit(items: Sequence[Prepared], found: Mapping[str, list[Candidate]]) -> list[float]:
    feats = [c.features for i in items for c in found[i.article.id]]
    target = np.concatenate([credit(i, found[i.article.id]) for i in items] or [np.zeros(0)])
    return fit_calibrator(np.asarray(feats), target)


def apply(
    items: Sequence[Prepared],
    params: Mapping[str, float],
    tagged: bool,
    weights: Sequence[float] = (),
) -> dict[str, list[tuple[int, int]]]:
    """Predicted spans of the articles under chosen params (and calibrator + ``min``)."""
    out = {}
    for item in items:
        found = candidates(item, *scores(item, params, tagged), params)
        if weights:
            conf = calibrated(found, weights)
            found = [c for c, s in zip(found, conf, strict=True) if s >= params.get("min", 0.0)]
        out[item.article.id] = [(c.start, c.end) for c in found]
    return out


def select(
    items: Sequence[Prepared],
    tagged: bool,
    baseline: Mapping[str, float],
    log: Callable[[str], None] = lambda _: None,
) -> Selection:
    """Search, calibrate, and score the choice and the ``baseline`` params on folds and test."""
    params, _ = search_decoding(items, tagged, log)
    params, weights, folds = calibrate(items, params, tagged)
    parts = _by_part(items)
    test = parts.get(0, [])
    cv_items = [i for p, v in parts.items() if p != 0 for i in v]
    base_found = {
        i.article.id: candidates(i, *scores(i, baseline, tagged), baseline) for i in cv_items
    }
    params["report"], report_folds = report_threshold(items, params, tagged)
    report_test = at_least(items, params, tagged, params["report"], weights)[1]
    return Selection(
        params,
        weights,
        folds,
        si_score(test, apply(test, params, tagged, weights)),
        _fold_f1({p: v for p, v in parts.items() if p != 0}, base_found),
        si_score(test, apply(test, baseline, tagged)),
        report_folds,
        report_test,
    )
