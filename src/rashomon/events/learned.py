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


def candidate(token: Token) -> bool:
    """Whether a token may be a trigger at all (content word, not inside a name)."""
    if token.pos_ not in CANDIDATE_POS or not token.is_alpha:
        return False
    return not (token.pos_ == "PROPN" and not token.is_lower)


def token_features(token: Token) -> list[str]:
    """The token's features: lemma, tags, dependency, head, neighbours, suffix, entity."""
    lemma = token.lemma_.lower()
    head = token.head
    doc = token.doc
    prev = doc[token.i - 1].lower_ if token.i > 0 else "<s>"
    nxt = doc[token.i + 1].lower_ if token.i + 1 < len(doc) else "</s>"
    children = sorted({c.dep_ for c in token.children})
    return [
        f"l={lemma}",
        f"p={token.pos_}",
        f"t={token.tag_}",
        f"d={token.dep_}",
        f"lp={lemma}|{token.pos_}",
        f"ld={lemma}|{token.dep_}",
        f"hl={head.lemma_.lower()}",
        f"hp={head.pos_}|{token.dep_}",
        f"s3={token.lower_[-3:]}",
        f"s4={token.lower_[-4:]}",
        f"pw={prev}",
        f"nw={nxt}",
        f"e={token.ent_type_ or '-'}",
        *(f"c={dep}" for dep in children),
        "bias",
    ]


@dataclass
class TriggerModel:
    """Feature weights, bias and threshold of the trigger classifier."""

    weights: dict[str, float]
    threshold: float = 0.5
    meta: dict[str, object] = field(default_factory=dict)

    def probability(self, token: Token) -> float:
        """The probability that the token is an event trigger (0 for non-candidates)."""
        if not candidate(token):
            return 0.0
        score = sum(self.weights.get(f, 0.0) for f in token_features(token))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

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
