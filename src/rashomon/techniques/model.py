"""The technique detector: token and sentence scorers for SI, a span classifier for TC."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.errors import ModelError
from rashomon.techniques.features import sentence_features, span_features, token_features
from rashomon.techniques.linear import LinearModel
from rashomon.techniques.tokens import Tokens, tokenize

FORMAT = "rashomon-techniques/1"
DEFAULT_DIR = Path(__file__).parent / "model"
MAX_CHARS = 200_000  # longer texts are cut: the detector is for news articles


@dataclass
class Detected:
    """One detected span with its best technique and scores (all 0-1)."""

    start: int
    end: int
    technique: str
    score: float
    span_score: float
    ranking: list[tuple[str, float]] = field(default_factory=list)


@dataclass
class TechniqueModel:
    """SI = token scores + sentence scores + thresholds; TC = a span classifier."""

    token: LinearModel
    sentence: LinearModel
    span: LinearModel
    params: dict[str, float]

    def find_spans(self, text: str) -> list[tuple[int, int, float]]:
        """Spans that use some technique, as ``(start, end, confidence)``."""
        tokens = tokenize(text[:MAX_CHARS])
        if not len(tokens):
            return []
        return self._decode(tokens, self.token.proba(token_features(tokens)), self._sent(tokens))

    def _sent(self, tokens: Tokens) -> np.ndarray:
        return self.sentence.proba([sentence_features(tokens, a, b) for a, b in tokens.bounds])

    def _decode(
        self, tokens: Tokens, tok: np.ndarray, sent: np.ndarray
    ) -> list[tuple[int, int, float]]:
        """A sentence scoring above ``sentence`` yields one span, trimmed to confident tokens."""
        spans = []
        for (first, last), score in zip(tokens.bounds, sent, strict=True):
            if score <= self.params["sentence"]:
                continue
            inside = np.nonzero(tok[first:last] > self.params["token"])[0]
            lo, hi = (
                (first, last - 1) if not len(inside) else (first + inside[0], first + inside[-1])
            )
            spans.append((tokens.starts[lo], tokens.ends[hi], float(score)))
        return spans

    def rank(self, text: str, spans: list[tuple[int, int]]) -> list[list[tuple[str, float]]]:
        """For each span, every technique with its probability, best first."""
        if not spans:
            return []
        tokens, lower = tokenize(text), text.lower()
        probs = self.span.class_proba([span_features(tokens, s, e, lower) for s, e in spans])
        names = self.span.classes
        return [
            sorted(zip(names, map(float, row), strict=True), key=lambda p: (-p[1], p[0]))
            for row in probs
        ]

    def detect(self, text: str) -> list[Detected]:
        """Find technique spans in a text and name the technique of each."""
        found = self.find_spans(text)
        ranks = self.rank(text, [(s, e) for s, e, _ in found])
        return [
            Detected(s, e, ranking[0][0], ranking[0][1] * conf, conf, ranking)
            for (s, e, conf), ranking in zip(found, ranks, strict=True)
        ]

    def save(self, folder: Path) -> None:
        """Write the model as ``model.joblib`` (plain arrays and lists) + ``meta.json``."""
        import joblib

        folder.mkdir(parents=True, exist_ok=True)
        state = {n: getattr(self, n).state() for n in ("token", "sentence", "span")}
        joblib.dump(state, folder / "model.joblib", compress=3)
        meta = {"format": FORMAT, "params": self.params}
        (folder / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")

    @classmethod
    def load(cls, folder: Path) -> TechniqueModel:
        """Read a model written by ``save``."""
        import joblib

        try:
            meta = json.loads((folder / "meta.json").read_text())
            state: dict[str, Any] = joblib.load(folder / "model.joblib")
        except (OSError, ValueError, EOFError) as exc:
            raise ModelError(f"cannot load technique model from {folder}: {exc}") from exc
        if meta.get("format") != FORMAT:
            raise ModelError(f"{folder}: unknown technique model format {meta.get('format')!r}")
        parts = {n: LinearModel.from_state(state[n]) for n in ("token", "sentence", "span")}
        return cls(params=meta["params"], **parts)


@functools.cache
def default_model() -> TechniqueModel:
    """The model shipped with rashomon (loaded once per process)."""
    if not (DEFAULT_DIR / "meta.json").is_file():
        raise ModelError(
            f"no default technique model in {DEFAULT_DIR}; run `rashomon techniques train`"
        )
    return TechniqueModel.load(DEFAULT_DIR)


def load_model(folder: Path | None) -> TechniqueModel:
    """The model in ``folder``, or the default one when ``folder`` is None."""
    return default_model() if folder is None else TechniqueModel.load(folder)
