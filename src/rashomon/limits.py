"""Bounds that keep one hostile document from stalling or killing a run.

Three guards, each measured against the inputs of the reliability drills (docs/reliability.md):

- **Parts.** A document longer than ``part_chars`` is analysed as consecutive parts cut at
  paragraph breaks (else sentence ends, line breaks, spaces); every item's offsets are mapped
  back into the one stored text, so ``doc.text[start:end] == text`` still holds. This keeps
  spaCy under its ``max_length`` and its memory (about 1 GB per 100,000 characters parsed),
  and bounds work in analysers that grows faster than the text.
- **Sentence length.** No run of more than ``max_sentence_tokens`` tokens without a sentence end
  reaches the parser: a sentence start is set at the last comma, colon or dash before the bound,
  else at the bound (a spaCy component placed before the parser).
- **Time.** Each analyser gets ``analyser_seconds`` per document part; one that runs longer is
  stopped, its items for that part are dropped, and the document is stored with what finished,
  marked ``partial`` with a warning.
"""

from __future__ import annotations

import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from rashomon.alarm import alarm
from rashomon.document import Document, Item

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from rashomon.analysers.base import AnalysisContext
    from rashomon.pipeline import Pipeline


@dataclass(frozen=True)
class LimitSettings:
    """The bounds; see the module docstring. ``max_chars`` is enforced at ingest."""

    part_chars: int = 100_000  # longer documents are analysed in parts of at most this
    max_chars: int = 2_000_000  # longer documents are refused with one line
    max_sentence_tokens: int = 250  # longer runs without a sentence end are split
    analyser_seconds: float = 60.0  # per analyser per part; 0 turns the limit off


LIMITS = LimitSettings()  # the defaults; a run's own come from PipelineSettings (config)
SENTENCE_CAP = "rashomon_sentence_cap"
_SOFT_BREAKS = frozenset({",", ";", ":", "-", "\u2013", "\u2014"})
_SENTENCE_ENDS = frozenset({".", "!", "?", "\u2026"})
_CUTS = (
    re.compile(r"\n\s*\n"),
    re.compile(r"[.!?\u2026][\"'\u201d\u2019)]*\s+"),
    re.compile(r"\n"),
)


def cut_points(text: str, part_chars: int) -> list[tuple[int, int]]:
    """``(start, end)`` of the consecutive parts of ``text``, each at most ``part_chars`` long,
    cut at the best boundary in each part's second half (text between parts is whitespace)."""
    parts: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > part_chars:
        end = _cut(text, start, start + part_chars)
        parts.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        parts.append((start, len(text)))
    return parts


def _cut(text: str, start: int, limit: int) -> int:
    """Where to end a part that starts at ``start`` and may run to ``limit``."""
    floor = start + (limit - start) // 2
    window = text[floor:limit]
    for pattern in _CUTS:
        ends = [m.end() for m in pattern.finditer(window)]
        if ends:
            return floor + ends[-1]
    space = window.rfind(" ")
    return floor + space + 1 if space > 0 else limit


def analyse_in_parts(
    pipeline: Pipeline, docs: Iterable[Document], settings: LimitSettings | None = None
) -> Iterator[tuple[Document, list[Item]]]:
    """``pipeline.analyse`` over documents in spaCy batches, long ones part by part, each
    analyser under the time limit; yields each document with its items as soon as it is done.
    ``settings``: else the pipeline's own (``pipeline.limits``, from its configuration)."""
    bounds = settings or pipeline.limits
    guard_analysers(pipeline, bounds.analyser_seconds)
    nlp = pipeline.nlp
    nlp.max_length = max(nlp.max_length, bounds.part_chars + 1)
    if SENTENCE_CAP in nlp.pipe_names:  # the parse is shared by pipelines: set it per run
        nlp.get_pipe(SENTENCE_CAP).max_tokens = bounds.max_sentence_tokens  # type: ignore[attr-defined]
    stream = _parts(docs, bounds.part_chars)
    batch = getattr(pipeline, "batch_size", 8)
    done: list[Item] = []
    pairs = nlp.pipe(stream, as_tuples=True, batch_size=batch)
    for parsed, (doc, part, offset, last) in pairs:
        items = pipeline.analyse(part, parsed)
        done.extend(items if part is doc else _moved(items, doc, part, offset))
        if last:
            yield doc, done
            done = []


def _parts(
    docs: Iterable[Document], part_chars: int
) -> Iterator[tuple[str, tuple[Document, Document, int, bool]]]:
    """(text, (document, part document, offset, is last part)) for nlp.pipe; a document that
    fits is its own single part, so its ids and output are exactly as without parts."""
    for doc in docs:
        if len(doc.text) <= part_chars:
            yield doc.text, (doc, doc, 0, True)
            continue
        spans = cut_points(doc.text, part_chars)
        for number, (start, end) in enumerate(spans, start=1):
            part = replace(doc, id=f"{doc.id}~{number}", text=doc.text[start:end], meta={})
            yield part.text, (doc, part, start, number == len(spans))


def _moved(items: list[Item], doc: Document, part: Document, offset: int) -> list[Item]:
    """A part's items with offsets into the whole document and the document's id."""
    for item in items:
        item.start += offset
        item.end += offset
        item.doc = doc.id
        item.fields = _shift_spans(item.fields, offset)
    for name in part.meta.get("partial", []):
        mark_partial(doc, name, part.meta.get("warnings", []))
    return items


def _shift_spans(value: Any, offset: int) -> Any:
    """Nested ``{"start", "end", "text"}`` spans moved by ``offset``; other values kept."""
    if isinstance(value, dict):
        moved = {key: _shift_spans(inner, offset) for key, inner in value.items()}
        start, end = value.get("start"), value.get("end")
        if isinstance(start, int) and isinstance(end, int) and "text" in value:
            moved["start"], moved["end"] = start + offset, end + offset
        return moved
    if isinstance(value, list):
        return [_shift_spans(inner, offset) for inner in value]
    return value


class AnalyserTimeout(Exception):
    """Raised inside an analyser that ran past its time limit."""


def guard_analysers(pipeline: Pipeline, seconds: float) -> None:
    """Make each analyser's ``analyse`` stop after ``seconds`` (0: no limit)."""
    for analyser in pipeline.analysers:
        if not hasattr(analyser.analyse, "limit"):
            analyser.analyse = _TimeLimited(analyser.analyse, analyser.name)  # type: ignore[method-assign]
        analyser.analyse.limit = seconds  # type: ignore[attr-defined]


class _TimeLimited:
    """An analyser's ``analyse`` that gives up after ``limit`` seconds, marking the document."""

    def __init__(self, analyse: Callable[[AnalysisContext], list[Item]], name: str) -> None:
        self.analyse = analyse
        self.name = name
        self.limit = 0.0

    def __call__(self, ctx: AnalysisContext) -> list[Item]:
        # SIGALRM works only in the main thread (the CLI and each --jobs worker); elsewhere (a
        # web request thread) the analyser runs unbounded.
        if self.limit <= 0 or threading.current_thread() is not threading.main_thread():
            return self.analyse(ctx)
        start = time.perf_counter()
        try:
            with alarm(self.limit, AnalyserTimeout):
                return self.analyse(ctx)
        except AnalyserTimeout:
            spent = time.perf_counter() - start
            warning = (
                f"analyser {self.name} stopped after {spent:.1f} s (limit {self.limit:g} s);"
                " its results for this document are missing (partial)"
            )
            mark_partial(ctx.doc, self.name, [warning])
            return []


def mark_partial(doc: Document, name: str, warnings: list[str]) -> None:
    """Record on the document that analyser ``name`` did not finish, with its warnings."""
    partial = doc.meta.setdefault("partial", [])
    if name not in partial:
        partial.append(name)
    known = doc.meta.setdefault("warnings", [])
    known.extend(w for w in warnings if w not in known)


def install_sentence_cap(nlp: Language) -> None:
    """Add the sentence-length cap before the parser (no-op without a parser or when present)."""
    if "parser" not in nlp.pipe_names or SENTENCE_CAP in nlp.pipe_names:
        return
    from spacy.language import Language

    if not Language.has_factory(SENTENCE_CAP):
        Language.factory(
            SENTENCE_CAP,
            default_config={"max_tokens": LIMITS.max_sentence_tokens},
            func=lambda nlp, name, max_tokens: SentenceCap(max_tokens),
        )
    nlp.add_pipe(SENTENCE_CAP, before="parser")


class SentenceCap:
    """The spaCy component: ``cap_sentences`` with a bound each run sets (analyse_in_parts)."""

    def __init__(self, max_tokens: int) -> None:
        self.max_tokens = max_tokens

    def __call__(self, doc: Doc) -> Doc:
        return cap_sentences(doc, self.max_tokens)


def cap_sentences(doc: Doc, max_tokens: int) -> Doc:
    """Set a sentence start wherever ``max_tokens`` tokens pass without a likely sentence end."""
    run_start, soft = 0, -1
    for token in doc:
        i = token.i
        if token.is_sent_start or (i and doc[i - 1].text in _SENTENCE_ENDS):
            run_start, soft = i, -1
        elif i - run_start >= max_tokens:
            cut = soft if soft > run_start + max_tokens // 2 else i
            doc[cut].is_sent_start = True
            run_start, soft = cut, -1
        if token.text in _SOFT_BREAKS and i + 1 < len(doc):
            soft = i + 1
    return doc


def exit_with_parent(parent: int, every: float = 0.5) -> threading.Thread:
    """In a worker process: exit at once when ``parent`` is no longer its parent (killed with
    SIGKILL, whose pool can never tell it to stop: it would wait on its queue forever)."""
    import os

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)  # no cleanup to do: results go to the parent, which is gone

    thread = threading.Thread(target=watch, name="exit-with-parent", daemon=True)
    thread.start()
    return thread


def spacy_without_torch() -> None:
    """Import spaCy with thinc's optional torch support off, unless torch is already loaded.

    thinc imports torch whenever it is installed (4-5 s and about 180 MB per process, each
    ``--jobs`` worker included); the shipped spaCy model never uses it. Code that needs torch
    (the techniques tagger, the torch embedder) still imports it normally afterwards.
    """
    if "spacy" in sys.modules or "torch" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # `import torch` now raises ImportError
    try:
        import spacy  # noqa: F401
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


# This module is imported before any analyser (pipeline.py and analyze.py import it first).
spacy_without_torch()
