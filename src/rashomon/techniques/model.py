"""The technique detector: token and sentence scorers for SI, a span classifier for TC."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.errors import ModelError
from rashomon.techniques.embedded import DenseModel, Encoder, mix_binary, mix_classes
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
    """SI = token scores + sentence scores + thresholds; TC = a span classifier.

    ``heads`` optionally holds embedding heads (``sentence``, ``span``) that refine both
    scores when ``use_embeddings`` is set; they need ``rashomon[embeddings]`` at run time.
    """

    token: LinearModel
    sentence: LinearModel
    span: LinearModel
    params: dict[str, float]
    heads: dict[str, DenseModel] = field(default_factory=dict)
    encoder_kind: str = "minilm"
    use_embeddings: bool = False
    encoder: Encoder | None = field(default=None, repr=False)

    @property
    def embedded(self) -> bool:
        """Whether scores use the embedding heads (asked for and present)."""
        return self.use_embeddings and bool(self.heads)

    def _encode(self, texts: list[str]) -> np.ndarray:
        if self.encoder is None:
            self.encoder = Encoder(self.encoder_kind)
        return self.encoder.encode(texts)

    def threshold(self, name: str) -> float:
        """The ``sentence`` or ``token`` threshold of the active scoring mode."""
        key = f"embed_{name}" if self.embedded else name
        return self.params.get(key, self.params[name])

    def find_spans(self, text: str) -> list[tuple[int, int, float]]:
        """Spans that use some technique, as ``(start, end, confidence)``."""
        tokens = tokenize(text[:MAX_CHARS])
        if not len(tokens):
            return []
        return self._decode(tokens, self.token.proba(token_features(tokens)), self._sent(tokens))

    def _sent(self, tokens: Tokens) -> np.ndarray:
        probs = self.sentence.proba([sentence_features(tokens, a, b) for a, b in tokens.bounds])
        if not self.embedded:
            return probs
        texts = [tokens.text[tokens.starts[a] : tokens.ends[b - 1]] for a, b in tokens.bounds]
        return mix_binary(probs, self.heads["sentence"].class_proba(self._encode(texts))[:, 1])

    def _decode(
        self, tokens: Tokens, tok: np.ndarray, sent: np.ndarray
    ) -> list[tuple[int, int, float]]:
        """A sentence scoring above ``sentence`` yields spans trimmed to confident tokens.

        Confident tokens more than ``gap`` tokens apart start a new span (0: never split).
        """
        spans = []
        sent_t, tok_t = self.threshold("sentence"), self.threshold("token")
        gap = int(self.params.get("gap", 0))
        for (first, last), score in zip(tokens.bounds, sent, strict=True):
            if score <= sent_t:
                continue
            inside = first + np.nonzero(tok[first:last] > tok_t)[0]
            for lo, hi in _runs(inside, gap) if len(inside) else [(first, last - 1)]:
                spans.append((tokens.starts[lo], tokens.ends[hi], float(score)))
        return spans

    def rank(self, text: str, spans: list[tuple[int, int]]) -> list[list[tuple[str, float]]]:
        """For each span, every technique with its probability, best first."""
        if not spans:
            return []
        tokens, lower = tokenize(text), text.lower()
        probs = self.span.class_proba([span_features(tokens, s, e, lower) for s, e in spans])
        if self.embedded:
            head = self.heads["span"].class_proba(self._encode([text[s:e] for s, e in spans]))
            probs = mix_classes(probs, head)
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
        state["heads"] = {name: head.state() for name, head in sorted(self.heads.items())}
        joblib.dump(state, folder / "model.joblib", compress=3)
        meta: dict[str, Any] = {"format": FORMAT, "params": self.params}
        if self.heads:
            meta["encoder"] = self.encoder_kind
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
        heads = {n: DenseModel.from_state(h) for n, h in state.get("heads", {}).items()}
        return cls(
            params=meta["params"], heads=heads, encoder_kind=meta.get("encoder", "minilm"), **parts
        )


def _runs(indices: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """``(first, last)`` runs of sorted indices, split where neighbours are over ``gap`` apart."""
    if gap <= 0:
        return [(int(indices[0]), int(indices[-1]))]
    cuts = np.nonzero(np.diff(indices) > gap)[0]
    starts = [indices[0], *indices[cuts + 1]]
    ends = [*indices[cuts], indices[-1]]
    return [(int(a), int(b)) for a, b in zip(starts, ends, strict=True)]


@functools.cache
def default_model() -> TechniqueModel:
    """The model shipped with rashomon (loaded once per process)."""
    if not (DEFAULT_DIR / "meta.json").is_file():
        raise ModelError(
            f"no default technique model in {DEFAULT_DIR}; run `rashomon techniques train`"
        )
    return TechniqueModel.load(DEFAULT_DIR)


def load_model(folder: Path | None, embeddings: bool = False) -> TechniqueModel:
    """The model in ``folder`` (default: the shipped one); ``embeddings`` turns its heads on."""
    model = default_model() if folder is None else TechniqueModel.load(folder)
    if not embeddings:
        return model
    if not model.heads:
        raise ModelError("this technique model has no embedding heads; train it with --embeddings")
    return replace(model, use_embeddings=True, encoder=None)
