"""A learned evaluative-word model: which tokens are loaded words, beyond any hand lexicon.

A logistic regression over each token's features (its lemma, part of speech, dependency, suffix,
its neighbours' parts of speech, whether it is quoted, how often the lemma sits inside the PTC
corpus's ``Loaded_Language`` and ``Name_Calling,Labeling`` spans) trained on BASIL's
lexical-bias spans by ``rashomon eval labels FILE --fit-model PATH`` (``rashomon.eval.
labels_model``). The weights are data (``lang/en/labels_model.yaml``) and scoring is a sum of
weights per token, so the analyser stays linear and needs no learning library at run time.
Tokens scoring at least the threshold become loaded-word labels (``learned: true``); the labels
analyser then finds their actor and voice as for any lexicon word.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from rashomon.analysers.label_lexicon import ANY, Entry
from rashomon.errors import ConfigError
from rashomon.lang import table, words

MODEL_FILE = "labels_model"
EVALUATIVE_FILES = {"high": "labels_evaluative_high", "mid": "labels_evaluative_mid"}
CANDIDATE_POS = frozenset({"ADJ", "ADV", "VERB", "NOUN"})
PTC_BINS = (0.02, 0.05, 0.1, 0.2, 0.35)  # PTC in-span rate cuts: a rate is its bin's name
FREQ_BINS = (3, 10, 30, 100, 300)  # PTC uses of a lemma: below 3 it is not in the table
DEFAULT_POLARITY = -0.4  # most loaded words annotated in news are hostile (BASIL: 260 of 297)


@dataclass(frozen=True)
class TokenModel:
    """Feature weights, the intercept, the decision threshold and the PTC lemma table."""

    weights: dict[str, float]
    bias: float
    threshold: float
    ptc: dict[str, tuple[int, int]]  # lemma -> (uses inside PTC loaded spans, all uses)
    polarity: dict[str, float]  # lemma -> polarity the annotators gave it, where known
    evaluative: dict[str, str] = field(default_factory=dict)
    """Lemma -> 'high' / 'mid': how near its word vector lies to PTC's loaded words
    (``evaluative_table``); a lemma not listed is 'low'."""

    def probability(self, features: list[str]) -> float:
        """P(loaded) of a token with these features."""
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def candidate(token: Token) -> bool:
    """Whether a token may be a learned loaded word: a common content word, no name."""
    return (
        token.is_alpha
        and token.pos_ in CANDIDATE_POS
        and not token.is_stop
        and not token.ent_type_
        and len(token.text) > 2
    )


def ptc_bin(lemma: str, ptc: dict[str, tuple[int, int]]) -> str:
    """The lemma's PTC loaded-span rate as a bin name ('none' when never inside a span)."""
    inside, uses = ptc.get(lemma, (0, 0))
    if not inside:
        return "none"
    rate = inside / (uses + 2)  # two pseudo-uses: a word seen once inside is no evidence
    for cut in PTC_BINS:
        if rate < cut:
            return f"<{cut}"
    return f">={PTC_BINS[-1]}"


def frequency_bin(lemma: str, ptc: dict[str, tuple[int, int]]) -> str:
    """How common the lemma is in the PTC articles (rare words are more often loaded ones)."""
    uses = ptc.get(lemma, (0, 0))[1]
    return next((f"<{cut}" for cut in FREQ_BINS if uses < cut), f">={FREQ_BINS[-1]}")


def token_features(
    token: Token,
    ptc: dict[str, tuple[int, int]],
    quoted: bool,
    evaluative: dict[str, str] | None = None,
) -> list[str]:
    """The features of one candidate token (``evaluative``: the lemma's word-vector bin, the
    ``emb`` features; None leaves them out)."""
    lemma = token.lemma_.lower()
    doc = token.doc
    prev_pos = doc[token.i - 1].pos_ if token.i else "START"
    next_pos = doc[token.i + 1].pos_ if token.i + 1 < len(doc) else "END"
    rate = ptc_bin(lemma, ptc)
    freq = frequency_bin(lemma, ptc)
    found = [
        f"lemma={lemma}",
        f"pos={token.pos_}",
        f"dep={token.dep_}",
        f"posdep={token.pos_}|{token.dep_}",
        f"suf={token.lower_[-3:]}",
        f"prev={prev_pos}",
        f"next={next_pos}",
        f"ptc={rate}",
        f"ptcpos={rate}|{token.pos_}",
        f"freq={freq}",
        f"freqpos={freq}|{token.pos_}",
        f"quoted={quoted}",
        f"title={token.sent.start == 0}",
    ]
    if evaluative:  # None or {}: the model reads no word-vector bins
        near = evaluative.get(lemma, "low")
        found += [f"emb={near}", f"embpos={near}|{token.pos_}"]
    return found


def model_spans(
    doc: Doc,
    model: TokenModel,
    quoted: Callable[[int, int], bool],
    taken: set[int] | None = None,
) -> list[tuple[Span, Entry]]:
    """Each token the model scores as loaded (and no lexicon match covers) as a label span."""
    taken = taken or set()
    found: list[tuple[Span, Entry]] = []
    for token in doc:
        if token.i in taken or not candidate(token):
            continue
        spoken = quoted(token.idx, token.idx + len(token))
        features = token_features(token, model.ptc, spoken, model.evaluative)
        if model.probability(features) < model.threshold:
            continue
        lemma = token.lemma_.lower()
        polarity = model.polarity.get(lemma, DEFAULT_POLARITY)
        found.append((doc[token.i : token.i + 1], Entry(lemma, polarity, ANY, True, True)))
    return found


def model_from(data: dict[str, Any]) -> TokenModel:
    """A token model from its YAML form."""
    try:
        return TokenModel(
            weights={str(k): float(v) for k, v in (data.get("weights") or {}).items()},
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            ptc={str(k): (int(v[0]), int(v[1])) for k, v in (data.get("ptc") or {}).items()},
            polarity={str(k): float(v) for k, v in (data.get("polarity") or {}).items()},
            evaluative=load_evaluative() if data.get("evaluative") else {},
        )
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise ConfigError(f"malformed labels token model: {exc}") from exc


@lru_cache(maxsize=2)
def load_token_model(name: str = MODEL_FILE) -> TokenModel | None:
    """The shipped token model (``lang/en/<name>.yaml``), None when there is none."""
    try:
        data = table(name)
    except ConfigError:
        return None
    return model_from(data) if data else None


def load_evaluative() -> dict[str, str]:
    """Lemma -> 'high' / 'mid' from the shipped word lists (``EVALUATIVE_FILES``)."""
    table_: dict[str, str] = {}
    for level in ("mid", "high"):  # a word in both lists is high
        table_.update(dict.fromkeys(words(EVALUATIVE_FILES[level]), level))
    return table_
