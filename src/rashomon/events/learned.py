"""A learned event-trigger detector: logistic regression over a token's parse features.

Trained by ``rashomon events train`` on ECB+ event mentions and TimeML EVENT triggers (see
``events.train``); shipped as ``trigger_model.json`` (feature -> weight, a bias and the decision
threshold chosen by cross-validation over topics). Scoring needs no scikit-learn: a sum of the
weights of the token's features, through the logistic function.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

MODEL_PATH = Path(__file__).with_name("trigger_model.json")
# Parts of speech a trigger can have; anything else is never scored.
CANDIDATE_POS = frozenset({"VERB", "NOUN", "ADJ", "AUX", "PROPN"})
HEAD_CACHE = 200_000  # combinations kept before the cache starts again


def candidate(token: Token) -> bool:
    """Whether a token may be a trigger at all (content word, not inside a name)."""
    if token.pos_ not in CANDIDATE_POS or not token.is_alpha:
        return False
    return not (token.pos_ == "PROPN" and not token.is_lower)


def _head_features(lemma: str, pos: str, tag: str, dep: str, hl: str, hp: str) -> list[str]:
    """The first eight of ``token_features``: the word's own tags and its head's."""
    return [
        f"l={lemma}",
        f"p={pos}",
        f"t={tag}",
        f"d={dep}",
        f"lp={lemma}|{pos}",
        f"ld={lemma}|{dep}",
        f"hl={hl}",
        f"hp={hp}|{dep}",
    ]


def token_features(token: Token) -> list[str]:
    """The token's features: lemma, tags, dependency, head, neighbours, suffix, entity."""
    head = token.head
    heads = (token.lemma_.lower(), token.pos_, token.tag_, token.dep_)
    return _head_features(*heads, head.lemma_.lower(), head.pos_) + _rest_features(token)


def _rest_features(token: Token) -> list[str]:
    """The features past the head: suffixes, neighbours, entity type, children, bias."""
    doc, i, low = token.doc, token.i, token.lower_
    prev = doc[i - 1].lower_ if i > 0 else "<s>"
    nxt = doc[i + 1].lower_ if i + 1 < len(doc) else "</s>"
    return [
        f"s3={low[-3:]}",
        f"s4={low[-4:]}",
        f"pw={prev}",
        f"nw={nxt}",
        f"e={token.ent_type_ or '-'}",
        *(f"c={dep}" for dep in sorted({c.dep_ for c in token.children})),
        "bias",
    ]


@dataclass
class TriggerModel:
    """Feature weights, bias and threshold of the trigger classifier."""

    weights: dict[str, float]
    threshold: float = 0.5
    meta: dict[str, object] = field(default_factory=dict)
    # Sum of the first eight features' weights (lemma .. head) by the words they read: the
    # same few thousand combinations recur in every article, so each is summed once.
    _heads: dict[tuple[str, str, str, str, str, str], float] = field(
        default_factory=dict, repr=False, compare=False
    )

    def probability(self, token: Token) -> float:
        """The probability that the token is an event trigger (0 for non-candidates)."""
        if not candidate(token):
            return 0.0
        score = self.score(token)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def score(self, token: Token) -> float:
        """The sum of the weights of ``token_features(token)``, added in the same order (the
        same float), with the first eight features' part looked up once per combination."""
        get = self.weights.get
        head = token.head
        key = (
            token.lemma_.lower(),
            token.pos_,
            token.tag_,
            token.dep_,
            head.lemma_.lower(),
            head.pos_,
        )
        total = self._heads.get(key)
        if total is None:
            if len(self._heads) >= HEAD_CACHE:
                self._heads.clear()
            total = sum(get(f, 0.0) for f in _head_features(*key))
            self._heads[key] = total
        return sum((get(f, 0.0) for f in _rest_features(token)), total)

    def is_trigger(self, token: Token) -> bool:
        """Whether the token scores at or above the threshold."""
        return self.probability(token) >= self.threshold

    def save(self, path: Path) -> None:
        """Write the model as sorted JSON (deterministic bytes)."""
        state = {"threshold": self.threshold, "meta": self.meta, "weights": self.weights}
        path.write_text(json.dumps(state, sort_keys=True, indent=0) + "\n", "utf-8")

    @classmethod
    def load(cls, path: Path) -> TriggerModel:
        """Read a model written by ``save``."""
        state = json.loads(path.read_text("utf-8"))
        return cls(state["weights"], float(state["threshold"]), state.get("meta") or {})


@lru_cache(maxsize=4)
def load_trigger_model(path: str | None = None) -> TriggerModel | None:
    """The shipped model (or the one at ``path``); None when there is none."""
    where = Path(path) if path else MODEL_PATH
    return TriggerModel.load(where) if where.is_file() else None
