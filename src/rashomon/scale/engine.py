"""``rashomon analyze --engine ray``: Ray Data runs the analysers, workers write Parquet.

The driver does what must see the whole run in order, exactly as the default engine does:
rashomon's own ingest (``load_documents``), the identity and resume decisions against the store
(``settle``) and duplicate detection. The documents to analyse go to Ray Data in windows; an
actor pool (one actor per CPU, each building the ``Pipeline`` once, so spaCy and the models load
once per worker) analyses batches and writes each batch as one Parquet partition of the store
(atomic: a killed run leaves whole partitions only). The same linkers then run on the store.
On a cluster the store folder must be on a file system every node sees (docs/scale.md).
"""

from __future__ import annotations

import json
import logging
import resource
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO, cast

from rashomon.analyze import (
    AnalyzeReport,
    Progress,
    _DuplicateFinder,
    _links_stale,
    _to_analyse,
    run_linkers,
)
from rashomon.config import Config
from rashomon.document import Document
from rashomon.errors import ConfigError, RashomonError
from rashomon.ingest import load_documents
from rashomon.pipeline import Pipeline
from rashomon.scale.layout import Record, write_partition
from rashomon.store.base import Duplicate, Store

if TYPE_CHECKING:
    import pyarrow as pa

    from rashomon.store.parquet import ParquetStore

STATS_KEY = "scale.last_run"  # store meta: where the last Ray run's time went (RunStats)
BLOCK_DOCS = 1000  # RunStats: worker CPU per block of this many documents
BATCH_DOCS = 16  # documents per actor call, and so per Parquet partition
# Documents handed to Ray Data at once: bounds the driver's memory (the window's rows, about 8 kB
# a real-length article), and each window starts a new actor pool that loads the models again
# (2 CPU-s and ~11 s wall an actor here) after the last pool drained, three times for 10k
# articles in windows of 4,000.
WINDOW_DOCS = 20_000


@dataclass
class RunStats:
    """Where a Ray run's time went; kept as JSON in the store's meta under ``STATS_KEY``."""

    documents: int = 0
    partitions: int = 0
    ray_start_s: float = 0.0  # connecting to (or starting) Ray
    wall_s: float = 0.0  # the analysis on the driver's clock: ingest to the last partition
    ingest_s: float = 0.0  # the driver's ingest, resume and duplicate checks (workers wait)
    driver_cpu_s: float = 0.0  # the driver process's CPU seconds during the analysis
    analyse_s: float = 0.0  # summed over workers
    write_s: float = 0.0  # summed over workers: Parquet partitions
    worker_cpu_s: float = 0.0  # summed over workers: CPU seconds of analyse and write
    link_s: float = 0.0  # the linkers, on the driver
    worker_peak_rss_mb: float = 0.0  # the largest peak resident memory of any worker
    # Worker CPU seconds and words of each successive block of ``BLOCK_DOCS`` documents, in
    # the order they were stored: a cost that grows with the corpus shows as a rising ratio.
    block_cpu_s: list[float] = field(default_factory=list)
    block_words: list[int] = field(default_factory=list)

    def add(self, summary: dict[str, list[Any]]) -> None:
        """Fold in one worker summary (one row per document, batch figures on the first)."""
        self.documents += len(summary["id"])
        self.partitions += int(sum(summary["partitions"]))
        self.analyse_s += sum(summary["analyse_s"])
        self.write_s += sum(summary["write_s"])
        self.worker_cpu_s += sum(summary.get("cpu_s", []))
        self.worker_peak_rss_mb = max([self.worker_peak_rss_mb, *summary["rss_mb"]])
        block = (self.documents - 1) // BLOCK_DOCS  # the block of the batch's last document
        while len(self.block_cpu_s) <= block:
            self.block_cpu_s.append(0.0)
            self.block_words.append(0)
        self.block_cpu_s[block] += sum(summary.get("cpu_s", []))
        self.block_words[block] += sum(summary.get("words", []))


class AnalyserActor:
    """A Ray Data actor: builds the pipeline once, then analyses batches into partitions."""

    def __init__(
        self,
        root: str,
        analysers: list[str],
        model: str,
        config: Config,
        versions: dict[str, str],
    ) -> None:
        self.root = root
        self.versions = versions
        self.pipeline = Pipeline(analysers, model=model, config=config)

    def __call__(self, batch: pa.Table) -> pa.Table:
        """Analyse one batch of documents, write it as one partition, return a summary."""
        import pyarrow as pa

        docs = [Document(**json.loads(text)) for text in batch.column("doc").to_pylist()]
        signatures = batch.column("signature").to_pylist()
        duplicates = [
            [Duplicate(**d) for d in json.loads(text)]
            for text in batch.column("duplicates").to_pylist()
        ]
        extra = {
            doc.id: (sig, dups) for doc, sig, dups in zip(docs, signatures, duplicates, strict=True)
        }
        start, cpu = time.perf_counter(), time.process_time()
        records = [
            Record(doc, items, self.versions, *extra[doc.id])
            for doc, items in self.pipeline.analyse_many(docs)
        ]
        analysed = time.perf_counter()
        write_partition(self.root, records)
        written, cpu = time.perf_counter(), time.process_time() - cpu
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        first = [1.0] + [0.0] * (len(records) - 1)  # batch figures once, on its first row
        return pa.table(
            {
                "id": [r.doc.id for r in records],
                "partitions": first,
                "analyse_s": [(analysed - start) * f for f in first],
                "write_s": [(written - analysed) * f for f in first],
                "cpu_s": [cpu * f for f in first],
                "rss_mb": [rss_mb] * len(records),
                "words": [len(r.doc.text.split()) for r in records],
            }
        )


def analyze_ray(
    sources: Sequence[str],
    store: ParquetStore,
    *,
    manifest: str | None = None,
    outlet: str | None = None,
    date: str | None = None,
    force: bool = False,
    replace: bool = False,
    max_bytes: int = 20_000_000,
    pipeline: Pipeline | None = None,
    address: str | None = None,
    workers: int | None = None,
    batch_docs: int = BATCH_DOCS,
    stdin: TextIO | BinaryIO | None = None,
    progress: Progress | None = None,
    link: bool = True,
) -> AnalyzeReport:
    """Analyse ``sources`` into a Parquet store on Ray (``address`` None: a local Ray with the
    machine's cores, or the one already started in this process); then link, unless ``link`` is
    False (the store is then left marked stale, and the next run links)."""
    pipeline = pipeline or Pipeline()
    report = AnalyzeReport()
    begun, begun_cpu = time.perf_counter(), time.process_time()
    note = progress or (lambda event, doc_id: None)
    finder = _DuplicateFinder(store)
    loaded = load_documents(
        sources, manifest=manifest, outlet=outlet, date=date, max_bytes=max_bytes, stdin=stdin
    )
    todo = _to_analyse(loaded, store, pipeline.versions, force, report, note, finder, replace)
    started, stats = None, RunStats()
    try:
        for window in _windows(todo, WINDOW_DOCS, stats):
            if started is None:
                clock = time.perf_counter()
                started = start_ray(address)
                stats.ray_start_s = time.perf_counter() - clock
            if not report.analysed:
                store.set_meta("links_stale", "1")
            pending = {doc.id: finder.pending.pop(doc.id) for doc in window}
            rows = [_row(doc, *pending[doc.id]) for doc in window]
            for summary in _run_window(rows, store, pipeline, workers, batch_docs):
                blocks = len(stats.block_cpu_s)
                stats.add(summary)
                if len(stats.block_cpu_s) > blocks > 0:  # a block done: kept if the run stops
                    _save_stats(store, stats, begun, begun_cpu)
                for doc_id in summary["id"]:
                    report.analysed.append(doc_id)
                    report.duplicates.extend(pending[doc_id][1])
                    note("analysed", doc_id)
    finally:
        store.refresh()  # the workers wrote partitions this process has not read
        if started == "here":
            import ray

            ray.shutdown()
    if report.analysed:  # before linking, so a run stopped while linking keeps its figures
        _save_stats(store, stats, begun, begun_cpu)
    if link and (report.analysed or _links_stale(store, pipeline.config)):
        clock = time.perf_counter()
        report.warnings.extend(run_linkers(store, pipeline.config))
        stats.link_s = time.perf_counter() - clock
        report.linked = True
    if report.analysed:
        store.set_meta(STATS_KEY, json.dumps(asdict(stats), sort_keys=True))
    return report


def _save_stats(store: Store, stats: RunStats, begun: float, begun_cpu: float) -> None:
    """Record the run's figures so far (wall and driver CPU since ``begun``) in the store."""
    stats.wall_s = time.perf_counter() - begun
    stats.driver_cpu_s = time.process_time() - begun_cpu
    store.set_meta(STATS_KEY, json.dumps(asdict(stats), sort_keys=True))


def engine_runner(
    engine: str, store: Store, *, address: str | None = None, jobs: int = 1
) -> tuple[Callable[..., AnalyzeReport], dict[str, Any]]:
    """The ``analyze`` function for ``--engine`` and its engine-specific keyword arguments."""
    if engine == "sqlite":
        from rashomon.analyze import analyze

        return analyze, {"jobs": jobs}
    if engine != "ray":
        raise ConfigError(f"unknown engine {engine!r}; choose sqlite or ray")
    from rashomon.store.parquet import ParquetStore

    if not isinstance(store, ParquetStore):
        raise ConfigError("--engine ray writes a Parquet store: give --store FOLDER")
    return analyze_ray, {"address": address, "workers": jobs if jobs > 1 else None}


def start_ray(address: str | None) -> str:
    """Connect to Ray (``address``, ``RAY_ADDRESS``, or a new local one); say who started it."""
    try:
        import ray
    except ImportError as exc:
        raise RashomonError("--engine ray needs Ray: pip install 'rashomon[scale]'") from exc
    import ray.data

    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    if ray.is_initialized():
        return "already"
    try:
        ray.init(
            address=address,
            include_dashboard=False,
            logging_level=logging.WARNING,
            log_to_driver=False,
        )
    except ConnectionError as exc:
        raise RashomonError(f"cannot reach the Ray cluster at {address}: {exc}") from exc
    return "here"


def _run_window(
    rows: list[dict[str, Any]],
    store: ParquetStore,
    pipeline: Pipeline,
    workers: int | None,
    batch_docs: int,
) -> Iterator[dict[str, list[Any]]]:
    """Analyse one window of rows on an actor pool; yield the workers' summaries (document
    ids, seconds, memory) as their partitions are stored."""
    import ray
    import ray.data

    size = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
    size = min(size, max(1, -(-len(rows) // batch_docs)))  # never more actors than batches
    dataset = ray.data.from_items(rows, override_num_blocks=max(1, len(rows) // batch_docs))
    analysed = dataset.map_batches(
        AnalyserActor,
        batch_size=batch_docs,
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=size),
        num_cpus=1,
        fn_constructor_args=(
            str(store.root),
            [a.name for a in pipeline.analysers],
            pipeline.model,
            pipeline.config,
            pipeline.versions,
        ),
    )
    for summary in analysed.iter_batches(batch_size=None, batch_format="pyarrow"):
        yield cast("pa.Table", summary).to_pydict()


def _windows(docs: Iterator[Document], size: int, stats: RunStats) -> Iterator[list[Document]]:
    """Documents in lists of ``size``, the driver's seconds spent producing them in ``stats``."""
    window: list[Document] = []
    clock = time.perf_counter()
    for doc in docs:
        window.append(doc)
        if len(window) >= size:
            stats.ingest_s += time.perf_counter() - clock
            yield window
            window, clock = [], time.perf_counter()
    stats.ingest_s += time.perf_counter() - clock
    if window:
        yield window


def _row(doc: Document, signature: bytes, duplicates: list[Duplicate]) -> dict[str, Any]:
    """A document as a Ray Data row (JSON text, so any ``meta`` shape crosses unchanged)."""
    return {
        "doc": json.dumps(asdict(doc), ensure_ascii=False),
        "signature": signature,
        "duplicates": json.dumps([asdict(d) for d in duplicates]),
    }
