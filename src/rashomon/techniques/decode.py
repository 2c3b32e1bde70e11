"""From token and sentence scores to spans: score mixing, decoding, form rules, calibration.

Pure functions over arrays, shared by the model's inference path and by cross-validation
(``techniques.cv``), so that the figures measured there are those of the path that runs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from rashomon.techniques.embedded import mix_binary
from rashomon.techniques.tokens import Tokens

TAG_WEIGHT = 0.5  # weight of the tagger's token probability against the n-gram one
TAG_MIX = 2.0  # weight of the tagger's log-odds in a sentence's score
SLOGANS = "Slogans"
FORM_MAX_WORDS = 12  # a line this short that ends with "!" (or is all capitals) is slogan-like
_EPS = 1e-4
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")  # the tokenizer's word tokens
# calibration features, in order (their weights are stored with the model)
CAL_FEATURES = (
    "sentence",
    "mean_token",
    "max_token",
    "log_tokens",
    "share",
    "form",
    "article_mean",  # log-odds of the article's mean sentence score
    "article_share",  # share of the article's sentences above the sentence threshold
    "neighbours",  # log-odds of the best score among the sentence and its neighbours
)


@dataclass
class Candidate:
    """A decoded span (character offsets) with the features its confidence is computed from."""

    start: int
    end: int
    score: float  # the sentence score (uncalibrated)
    features: list[float] = field(default_factory=list)


def token_means(chars: np.ndarray, tokens: Tokens) -> np.ndarray:
    """Mean of per-character values over each token's characters."""
    sums = np.concatenate([[0.0], np.cumsum(chars, dtype=np.float64)])
    starts, ends = np.asarray(tokens.starts), np.asarray(tokens.ends)
    return (sums[ends] - sums[starts]) / np.maximum(ends - starts, 1)


def combine(
    tokens: Tokens,
    tok: np.ndarray,
    sent: np.ndarray,
    tagged: np.ndarray,
    chosen: np.ndarray,
    params: Mapping[str, float],
    head: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Mix the tagger's token probabilities ``tagged`` into the n-gram scores.

    For each ``chosen`` sentence the token score becomes ``tag_weight`` x tagger + the rest
    x n-gram, the sentence score a log-odds mix with the tagger's best token (weight
    ``tag_mix``) and, when ``head`` (the sentence head's probabilities) is given, with it
    (weight ``tag_head``).
    """
    tok, sent = tok.copy(), sent.copy()
    weight = params.get("tag_weight", TAG_WEIGHT)
    mix = params.get("tag_mix", TAG_MIX)
    for i, (first, last) in enumerate(tokens.bounds):
        if not chosen[i]:
            continue
        tok[first:last] = weight * tagged[first:last] + (1 - weight) * tok[first:last]
        sent[i] = mix_binary(sent[i : i + 1], tagged[first:last].max(initial=0.0)[None], mix)[0]
    weight = params.get("tag_head", 0.0)
    if head is not None and weight > 0:
        sent[chosen] = mix_binary(sent[chosen], head[chosen], weight)
    return tok, sent


@functools.cache
def _openers() -> tuple[tuple[str, ...], ...]:
    """Slogan openings (``lang/en/techniques_slogan_openers.txt``) as word tuples."""
    from rashomon.lang import word_list

    return tuple(tuple(_WORD.findall(p)) for p in word_list("techniques_slogan_openers"))


def opens_slogan(words: Sequence[str]) -> bool:
    """Whether lower-case ``words`` (at most ``FORM_MAX_WORDS``) start with a slogan opening
    ("down with ...", "long live ...": the form of a chant, not its words)."""
    if not words or len(words) > FORM_MAX_WORDS:
        return False
    return any(tuple(words[: len(o)]) == o for o in _openers())


def slogan_text(text: str) -> bool:
    """Whether a span's text is a line with a slogan opening (its technique is Slogans)."""
    return opens_slogan(_WORD.findall(text.lower()))


def favour_slogans(probs: np.ndarray, classes: Sequence[str], texts: Sequence[str]) -> np.ndarray:
    """TC probabilities with half of each slogan-opened span's mass moved to Slogans (the
    form decides: the PTC lines with such an opening that hold a span are Slogans)."""
    if SLOGANS not in classes:
        return probs
    probs = probs.copy()
    column = list(classes).index(SLOGANS)
    for row, text in zip(probs, texts, strict=True):
        if slogan_text(text):
            row *= 0.5
            row[column] += 0.5
    return probs


def form_lines(tokens: Tokens, exclamations: bool = True) -> np.ndarray:
    """Sentences that look like slogans by their form, whatever their words.

    A short line that starts with a slogan opening (``opens_slogan``: always) or, with
    ``exclamations`` (the model's ``forms`` parameter, chosen by CV), ends with an exclamation
    mark (a chant, a call, an exclamatory headline) or is written in capitals; short means at
    most ``FORM_MAX_WORDS`` words.
    """
    out = np.zeros(len(tokens.bounds), dtype=bool)
    for i, (first, last) in enumerate(tokens.bounds):
        words = [k for k in range(first, last) if tokens.lower[k][0].isalnum()]
        if not words or len(words) > FORM_MAX_WORDS:
            continue
        ends_bang = "!" in tokens.lower[max(first, last - 3) : last]
        caps = len(words) >= 2 and all(tokens.word(k).isupper() for k in words)
        out[i] = (exclamations and (ends_bang or caps)) or opens_slogan(
            [tokens.lower[k] for k in words]
        )
    return out


def _runs(indices: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """``(first, last)`` runs of sorted indices, split where neighbours are over ``gap`` apart."""
    if gap <= 0:
        return [(int(indices[0]), int(indices[-1]))]
    cuts = np.nonzero(np.diff(indices) > gap)[0]
    starts = [indices[0], *indices[cuts + 1]]
    ends = [*indices[cuts], indices[-1]]
    return [(int(a), int(b)) for a, b in zip(starts, ends, strict=True)]


def _logit(p: float) -> float:
    p = min(max(p, _EPS), 1 - _EPS)
    return float(np.log(p / (1 - p)))


def decode(
    tokens: Tokens,
    tok: np.ndarray,
    sent: np.ndarray,
    sentence_t: float,
    token_t: float,
    gap: int,
    forms: np.ndarray | None = None,
    features: bool = True,
    slope: float = 0.0,
) -> list[Candidate]:
    """A sentence scoring above ``sentence_t`` (or a ``forms`` line) yields spans trimmed to
    its tokens above ``token_t``; confident tokens more than ``gap`` apart start a new span.

    ``slope`` lowers the token threshold of a sentence by ``slope`` x (its score -
    ``sentence_t``): the surer the sentence, the more of it is taken (the runs found in sure
    sentences lie mostly inside longer gold spans). A form line yields the whole line.
    ``features``: compute the calibration features.
    """
    out = []
    # article-level context: how much of the article scores high, and each sentence's neighbours
    article = [_logit(float(np.mean(sent))), float(np.mean(sent > sentence_t))] if len(sent) else []
    for i, ((first, last), score) in enumerate(zip(tokens.bounds, sent, strict=True)):
        form = forms is not None and bool(forms[i])
        if score <= sentence_t and not form:
            continue
        cut = token_t - slope * (score - sentence_t)
        inside = first + np.nonzero(tok[first:last] > cut)[0]
        runs = _runs(inside, gap) if len(inside) and not form else [(first, last - 1)]
        for lo, hi in runs:
            if not features:
                out.append(Candidate(tokens.starts[lo], tokens.ends[hi], float(score)))
                continue
            part = tok[lo : hi + 1]
            feats = [
                _logit(float(score)),
                _logit(float(part.mean())),
                _logit(float(part.max())),
                float(np.log(hi - lo + 1)),
                (hi - lo + 1) / (last - first),
                float(form),
                *article,
                _logit(float(sent[max(0, i - 1) : i + 2].max())),
            ]
            out.append(Candidate(tokens.starts[lo], tokens.ends[hi], float(score), feats))
    return out


def calibrated(candidates: Sequence[Candidate], weights: Sequence[float]) -> np.ndarray:
    """Calibrated probabilities of the candidates (a logistic map of their features; the last
    weight is the intercept)."""
    if not candidates:
        return np.zeros(0)
    # a calibration fitted on fewer features (an older model) reads only the first ones
    x = np.asarray([c.features[: len(weights) - 1] for c in candidates], dtype=np.float64)
    z = x @ np.asarray(weights[:-1], dtype=np.float64) + float(weights[-1])
    return 1.0 / (1.0 + np.exp(-z))


def fit_calibrator(features: np.ndarray, credit: np.ndarray, c: float = 1.0) -> list[float]:
    """Platt-style logistic map from candidate features to the share of the span that is gold.

    The target is fractional (the SI precision credit of the span), fitted as weighted 0/1
    rows; returns the weights then the intercept.
    """
    from sklearn.linear_model import LogisticRegression

    n = len(credit)
    x = np.vstack([features, features])
    y = np.concatenate([np.ones(n), np.zeros(n)])
    w = np.concatenate([credit, 1.0 - credit]) + 1e-6
    clf = LogisticRegression(C=c, max_iter=1000)
    clf.fit(x, y, sample_weight=w)
    return [float(v) for v in clf.coef_[0]] + [float(clf.intercept_[0])]
