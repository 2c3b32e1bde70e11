"""``analyze``: ingest sources, analyse new or changed documents, store them, then link.

Each document is stored in its own transaction as soon as it is analysed, so an interrupted
run (Ctrl-C, kill -9) leaves a consistent store and the next run only does what is left.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing import get_context
from typing import Any, BinaryIO, TextIO

from rashomon.config import Config
from rashomon.contain import contain_failures, contained
from rashomon.document import Document, Item
from rashomon.errors import InputError
from rashomon.ingest import load_documents
from rashomon.ingest.dedup import NearDuplicateIndex
from rashomon.ingest.identity import Decision, settle
from rashomon.interrupts import remembered
from rashomon.limits import exit_with_parent  # first of what imports spaCy: no torch
from rashomon.linker_budget import link_within, stopped_linkers
from rashomon.linker_budget import record as record_stopped
from rashomon.linking import linker_versions, load_linkers
from rashomon.linking.numpy_embed import OneThread, embed_threads
from rashomon.linking.story_vectors import Alongside, Prepared, embedder_ahead, known_keys
from rashomon.linking.story_vectors import merge as merge_vectors
from rashomon.linking.story_vectors import prepare as prepare_vectors
from rashomon.linking.story_vectors import save as save_vectors
from rashomon.pipeline import WARM_UP, Pipeline
from rashomon.profiling import StageTimes
from rashomon.store.base import Duplicate, Store

NEAR_DUPLICATE_THRESHOLD = 0.7
CHUNK = 8  # documents per task sent to a worker process

Progress = Callable[[str, str], None]


@dataclass
class AnalyzeReport:
    """What one ``analyze`` run did."""

    analysed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)  # metadata applied, text unchanged
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    linked: bool = False

    @property
    def ok(self) -> bool:
        """False only when nothing could be analysed or found already stored."""
        return bool(self.analysed or self.skipped or self.updated)


def analyze(
    sources: Sequence[str],
    store: Store,
    *,
    manifest: str | None = None,
    outlet: str | None = None,
    date: str | None = None,
    force: bool = False,
    replace: bool = False,
    jobs: int = 1,
    max_bytes: int = 20_000_000,
    pipeline: Pipeline | None = None,
    stdin: TextIO | BinaryIO | None = None,
    progress: Progress | None = None,
    profile: StageTimes | None = None,
) -> AnalyzeReport:
    """Analyse every readable document in ``sources`` into ``store``; return what happened.
    ``profile``: add seconds per stage to it (``analyze --profile``)."""
    pipeline = pipeline or Pipeline()
    report = AnalyzeReport()
    note = progress or (lambda event, doc_id: None)
    finder = _DuplicateFinder(store)
    loaded = load_documents(
        sources,
        manifest=manifest,
        outlet=outlet,
        date=date,
        max_bytes=max_bytes,
        stdin=stdin,
        max_chars=pipeline.limits.max_chars,
    )
    todo = _to_analyse(loaded, store, pipeline.versions, force, report, note, finder, replace)
    if profile is not None:
        todo, store = profile.stream("ingest", todo), profile.store(store)
    vectors: Prepared = {}  # story-linking vectors computed ahead (workers, or alongside)
    results = _results(todo, jobs, pipeline, vectors, store)
    if profile is not None:
        results = profile.analysis(pipeline, results, jobs)
    alongside = _alongside(jobs, store)
    try:
        # an analyser's exception costs its items, not the run; a Ctrl-C stops it after the
        # document being stored, even when CPython lost its first raise in a finaliser
        with contained(pipeline), remembered() as interrupts:
            for doc, items in results:
                _store_one(store, doc, items, pipeline.versions, finder, report)
                note("analysed", doc.id)
                if alongside is not None:
                    alongside.add(doc, items)
                interrupts.check()
            interrupts.check()
    except BaseException:
        if alongside is not None:
            alongside.close()
        raise
    if alongside is not None:
        finish = profile.timed("encode (link vectors)", alongside.finish) if profile else None
        merge_vectors(vectors, (finish or alongside.finish)())
    if report.analysed or _links_stale(store, pipeline.config):
        note("stage", "link")
        if vectors:  # before linking: the linker reads them from its caches
            save = profile.timed("store (link vectors)", save_vectors) if profile else save_vectors
            save(store, vectors)
        report.warnings.extend(run_linkers(store, pipeline.config, profile))
        report.linked = True
    return report


def _results(
    todo: Iterator[Document], jobs: int, pipeline: Pipeline, vectors: Prepared, store: Store
) -> Iterator[tuple[Document, list[Item]]]:
    """Each document analysed: in ``jobs`` workers (which add the story-linking vectors the
    store's caches lack to ``vectors``), or here in groups bounded by characters."""
    if jobs > 1:
        names = [a.name for a in pipeline.analysers]
        known = known_keys(store) if embedder_ahead() is not None else None
        return _analyse_parallel(
            todo, jobs, names, pipeline.model, pipeline.config, pipeline, vectors, known
        )
    limit = pipeline.config.pipeline_settings().batch_chars
    return (r for group in _by_chars(todo, limit) for r in pipeline.analyse_many(group))


def _alongside(jobs: int, store: Store) -> Alongside | None:
    """Without ``--jobs``, a background thread that encodes the story-linking texts the store's
    caches lack while the next documents are analysed, when the embedder may use more than one
    thread."""
    embedder = embedder_ahead() if jobs == 1 else None
    if embedder is None or embed_threads() < 2:
        return None
    return Alongside(OneThread(embedder), known=known_keys(store))


def _store_one(
    store: Store,
    doc: Document,
    items: list[Item],
    versions: dict[str, str],
    finder: _DuplicateFinder,
    report: AnalyzeReport,
) -> None:
    """Save one analysed document with its duplicate links, and report it."""
    if not report.analysed:
        store.set_meta("links_stale", "1")
    signature, duplicates = finder.pending.pop(doc.id)
    store.save_document(doc, items, versions, signature=signature, duplicates=duplicates)
    report.analysed.append(doc.id)
    report.duplicates.extend(duplicates)
    stopped = [w for w in doc.meta.get("warnings", []) if w.endswith("(partial)")]
    report.warnings.extend(f"{doc.id}: {w}" for w in stopped)  # an analyser's stop


def _by_chars(docs: Iterable[Document], limit: int) -> Iterator[list[Document]]:
    """Consecutive groups of documents of at most ``limit`` characters in all (a longer
    document is a group alone), so a run never holds more than that parsed at once."""
    group: list[Document] = []
    size = 0
    for doc in docs:
        if group and size + len(doc.text) > limit:
            yield group
            group, size = [], 0
        group.append(doc)
        size += len(doc.text)
    if group:
        yield group


def run_linkers(
    store: Store, config: Config | None = None, profile: StageTimes | None = None
) -> list[str]:
    """Recompute every corpus-level result (actors, stories...) from the stored documents,
    each linker within its time budget; the warnings of those stopped at it."""
    store.set_meta("links_stale", "1")
    seconds = (config or Config()).pipeline_settings().linker_seconds
    linkers = [profile.linker(x) for x in load_linkers(config)] if profile else load_linkers(config)
    stopped = [s for s in (link_within(x, store, seconds) for x in linkers) if s]
    record_stopped(store, stopped)
    store.set_meta("linkers", json.dumps(linker_versions(store, config), sort_keys=True))
    store.set_meta("links_stale", "0")
    return [s.warning() for s in stopped]


def _links_stale(store: Store, config: Config | None) -> bool:
    if store.get_meta("links_stale") != "0":
        return True
    # A linker stopped at its budget is retried once the budget changes (e.g. raised).
    seconds = (config or Config()).pipeline_settings().linker_seconds
    if any(s.limit != seconds for s in stopped_linkers(store)):
        return True
    current = json.dumps(linker_versions(store, config), sort_keys=True)
    return store.get_meta("linkers") != current


def _to_analyse(
    loaded: Iterable[Document | InputError],
    store: Store,
    versions: dict[str, str],
    force: bool,
    report: AnalyzeReport,
    note: Progress,
    finder: _DuplicateFinder,
    replace: bool = False,
) -> Iterator[Document]:
    """Report problems and warnings; skip documents stored with the same text and versions."""
    taken: set[str] = set()
    started = False
    for entry in loaded:
        if isinstance(entry, InputError):
            report.problems.append(str(entry))
            note("problem", str(entry))
            continue
        # Another source's document under this id is never replaced: this one moves to id-N.
        decision, _ = settle(entry, store, versions, force=force, replace=replace, taken=taken)
        if decision is not Decision.SKIP:  # an unchanged document's were shown when stored
            report.warnings.extend(f"{entry.id}: {w}" for w in entry.meta.get("warnings", []))
        if decision is not Decision.ANALYSE:
            if decision is Decision.METADATA:  # applied now; the linkers redo what used it
                store.update_metadata(entry)
                store.set_meta("links_stale", "1")
                report.updated.append(entry.id)
            else:
                report.skipped.append(entry.id)
            note("skipped", entry.id)
            continue
        finder.check(entry)
        if not started:  # the first document to analyse loads the models (~30 s cold)
            started = True
            note("stage", "models")
        yield entry


class _DuplicateFinder:
    """Exact (same normalised text) and near (MinHash) duplicates against the store and the run."""

    def __init__(self, store: Store) -> None:
        self.index = NearDuplicateIndex()
        for doc_id, signature in store.signatures():
            self.index.add_signature(doc_id, signature)
        # Every stored id per text: the first other than the document itself is its exact copy.
        self.by_hash: dict[str, list[str]] = {}
        self.sha_of: dict[str, str] = {}
        for doc_id, sha in store.hashes():
            self.by_hash.setdefault(sha, []).append(doc_id)
            self.sha_of[doc_id] = sha
        self.pending: dict[str, tuple[bytes, list[Duplicate]]] = {}

    def check(self, doc: Document) -> None:
        """Find what ``doc`` duplicates, then add it to the index."""
        found: dict[str, Duplicate] = {}
        old = self.sha_of.pop(doc.id, None)
        if old is not None:  # a re-analysed document's old text is gone
            self.by_hash[old].remove(doc.id)
        exact = next(iter(self.by_hash.get(doc.sha256, [])), None)
        if exact:
            found[exact] = Duplicate(doc.id, exact, "exact", 1.0)
        for other, similarity in self.index.query(doc.text):
            if other != doc.id and other not in found and similarity >= NEAR_DUPLICATE_THRESHOLD:
                found[other] = Duplicate(doc.id, other, "near", round(similarity, 3))
        signature = self.index.signature(doc.text)
        self.index.add_signature(doc.id, signature)
        self.by_hash.setdefault(doc.sha256, []).append(doc.id)
        self.sha_of[doc.id] = doc.sha256
        self.pending[doc.id] = (signature, sorted(found.values(), key=lambda d: d.other))


_WORKER: Pipeline | None = None
_EMBEDDER: Any | None = None  # the stories linker's embedder, for vectors computed ahead
_KNOWN: dict[str, set[str]] = {}  # cache keys in the store or encoded by this worker already
# WARM_UP is analysed once in the parent before forking workers, so every lazy model is loaded.


def _init_worker(
    analysers: list[str],
    model: str,
    config: Config,
    parent: int = 0,
    warm: Pipeline | None = None,
    known: dict[str, set[str]] | None = None,
) -> None:
    global _WORKER, _EMBEDDER, _KNOWN
    exit_with_parent(parent or os.getppid())  # no orphan after `kill -9` of `analyze`
    _one_blas_thread()
    _WORKER = warm or Pipeline(analysers, model=model, config=config)
    contain_failures(_WORKER)
    _EMBEDDER = embedder_ahead() if known is not None else None
    _KNOWN = known or {}
    if _EMBEDDER is not None and hasattr(_EMBEDDER, "threads"):
        _EMBEDDER.threads = 1  # the workers are the parallelism (same vectors on any thread)


def _one_blas_thread() -> None:
    """One BLAS thread per worker: the workers are the parallelism, and BLAS threads spinning
    against each other on shared cores made small products many times slower."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(1)


Results = list[tuple[Document, list[Item]]]


def _work(docs: list[Document]) -> tuple[Results, Prepared]:
    """Analyse a chunk of documents, and encode what the stories linker will embed for it."""
    assert _WORKER is not None
    results = list(_WORKER.analyse_many(docs))
    return results, _vectors_for(results)


def _vectors_for(results: Results) -> Prepared:
    """The chunk's story-linking vectors; none on any failure (the linker then encodes them:
    a cache left cold costs time, never a link)."""
    if _EMBEDDER is None:
        return {}
    try:
        return prepare_vectors(results, _EMBEDDER, _KNOWN)
    except Exception:  # noqa: BLE001 - see the docstring
        return {}


def _analyse_parallel(
    docs: Iterator[Document],
    jobs: int,
    analysers: list[str],
    model: str,
    config: Config,
    warm: Pipeline | None = None,
    vectors: Prepared | None = None,
    known: dict[str, set[str]] | None = None,
) -> Iterator[tuple[Document, list[Item]]]:
    """Analyse chunks of documents in ``jobs`` worker processes, at most 2 chunks each in flight;
    with ``vectors`` and ``known``, the workers also encode what the stories linker will embed
    and its caches lack (cache keys in ``known``), added to ``vectors``.

    On Linux the workers are forked from this process once ``warm`` has loaded spaCy and every
    model (one short document analysed): they share them instead of each importing and loading
    everything again (a spawned worker spent 10-20 s before its first document). Elsewhere, or
    without ``warm``, they are spawned and build their own pipeline."""
    embed = vectors is not None and known is not None and embedder_ahead() is not None
    forked = warm if sys.platform == "linux" else None
    if forked is not None:
        warmed = list(forked.analyse_many([Document(id="warm-up", text=WARM_UP)]))
        if embed:  # loads the embedder's weights before the fork, shared like the models
            prepare_vectors(warmed, embedder_ahead())
        sys.stdout.flush()  # a forked child would write out what is still buffered again
        sys.stderr.flush()
    pool = ProcessPoolExecutor(
        jobs,
        mp_context=get_context("spawn" if forked is None else "fork"),
        initializer=_init_worker,
        initargs=(analysers, model, config, os.getpid(), forked, known if embed else None),
    )
    inflight: set[Future[tuple[Results, Prepared]]] = set()
    try:
        while chunk := list(islice(docs, CHUNK)):
            inflight.add(pool.submit(_work, chunk))
            if len(inflight) >= 2 * jobs:
                done, inflight = wait(inflight, return_when=FIRST_COMPLETED)
                yield from _collect(done, vectors)
        while inflight:
            done, inflight = wait(inflight, return_when=FIRST_COMPLETED)
            yield from _collect(done, vectors)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _collect(
    done: Iterable[Future[tuple[Results, Prepared]]], vectors: Prepared | None
) -> Iterator[tuple[Document, list[Item]]]:
    """The finished chunks' results; their vectors go into ``vectors``."""
    for future in done:
        results, prepared = future.result()
        if vectors is not None:
            merge_vectors(vectors, prepared)
        yield from results
