"""``analyze --profile``: seconds per stage (ingest, spaCy, each analyser, store, each linker).

Stages are timed by wrapping what runs them for one ``analyze`` call only: the analysers'
``analyse``, the store's ``save_document``, each linker's ``link`` and the document stream.
spaCy's share is what remains of the analysis loop once ingest and the analysers are taken
out (``nlp.pipe`` parses lazily as the loop pulls documents). With ``--jobs`` the analysers run
in worker processes: their seconds are summed over the workers, and the parent's wait for them
is the ``analysis (workers)`` stage.

Beside wall seconds, each stage has the CPU seconds of the thread that ran it (``thread_time``:
what other jobs on a shared machine leave alone). What the process spent besides (the
story-linking encoder's thread beside the analysis, the loop itself) is its own line, and the
process's CPU before the run (start-up: imports, the command line) another, outside the total.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


class StageTimes:
    """Seconds per stage, in the order stages first ran."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}  # CPU seconds of the thread that ran each stage
        self.started = time.perf_counter()
        self.startup_cpu = time.process_time()  # the process's CPU before the run
        self.total = 0.0

    def add(self, stage: str, seconds: float, cpu: float = 0.0) -> None:
        """Add ``seconds`` (and ``cpu`` CPU seconds) to ``stage``."""
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds
        self.cpu[stage] = self.cpu.get(stage, 0.0) + cpu

    def merge(self, other: dict[str, float]) -> None:
        """Add another process's stage seconds (a ``--jobs`` worker's)."""
        for stage, seconds in other.items():
            self.add(stage, seconds)

    def timed(self, stage: str, fn: Callable[..., T]) -> Callable[..., T]:
        """``fn`` that adds its seconds to ``stage``."""

        def wrapper(*args: Any, **kwargs: Any) -> T:
            start, used = time.perf_counter(), time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.add(stage, time.perf_counter() - start, time.thread_time() - used)

        return wrapper

    def stream(self, stage: str, items: Iterable[T]) -> Iterator[T]:
        """``items`` whose production time (each ``next``) is added to ``stage``."""
        iterator = iter(items)
        while True:
            start, used = time.perf_counter(), time.thread_time()
            try:
                item = next(iterator)
            except StopIteration:
                return
            finally:
                self.add(stage, time.perf_counter() - start, time.thread_time() - used)
            yield item

    def linker(self, linker: Any) -> Any:
        """The linker with its ``link`` timed as ``link <name>``."""
        linker.link = self.timed(f"link {linker.name}", linker.link)
        return linker

    @contextmanager
    def analysers(self, pipeline: Any) -> Iterator[None]:
        """Time each analyser of ``pipeline`` by name while the block runs (inside its time
        limit, which stays outermost: ``rashomon.limits.guard_analysers``)."""
        from rashomon.limits import guard_analysers

        guard_analysers(pipeline, pipeline.limits.analyser_seconds)
        limited = [(a.name, a.analyse) for a in pipeline.analysers]
        originals = [guard.analyse for _, guard in limited]
        for name, guard in limited:
            guard.analyse = self.timed(name, guard.analyse)
        try:
            yield
        finally:
            for (_, guard), original in zip(limited, originals, strict=True):
                guard.analyse = original

    def split_spacy(self, loop: str, analysers: list[str]) -> None:
        """Turn the analysis loop's seconds into spaCy's: less ingest and the analysers."""
        self.seconds = _split(self.seconds, loop, analysers)
        self.cpu = _split(self.cpu, loop, analysers)

    def table(self, words: int | None = None) -> str:
        """The per-stage table: wall seconds, share of the whole run, CPU seconds."""
        total = self.total or (time.perf_counter() - self.started)
        process = time.process_time() - self.startup_cpu  # every thread of this process
        lines = [f"{'stage':32} {'seconds':>9} {'share':>6} {'CPU s':>8}"]
        for stage, seconds in self.seconds.items():
            cpu = self.cpu.get(stage, 0.0)
            lines.append(f"{stage:32} {seconds:9.2f} {100 * seconds / total:5.1f}% {cpu:8.2f}")
        rest = max(0.0, process - sum(self.cpu.values()))
        lines.append(f"{'(other threads, the loop)':32} {'':9} {'':6} {rest:8.2f}")
        rate = f"  ({words / total:.0f} words/s)" if words and total else ""
        lines.append(f"{'total':32} {total:9.2f} {100.0:5.1f}% {process:8.2f}{rate}")
        lines.append(f"{'(start-up before the run, CPU)':32} {'':9} {'':6} {self.startup_cpu:8.2f}")
        return "\n".join(lines)

    def store(self, store: T) -> T:
        """The store with its ``save_document`` timed as ``store`` (for this run's store)."""
        store.save_document = self.timed("store", store.save_document)  # type: ignore[attr-defined]
        return store

    def analysis(self, pipeline: Any, results: Iterable[T], jobs: int) -> Iterator[T]:
        """The analysis results, timed: spaCy and each analyser in this process (``jobs`` 1),
        else the wait for the worker processes."""
        if jobs > 1:
            yield from self.stream("analysis (workers)", results)
            return
        with self.analysers(pipeline):
            yield from self.stream("analysis", results)
        self.split_spacy("analysis", [a.name for a in pipeline.analysers])


def _split(table: dict[str, float], loop: str, analysers: list[str]) -> dict[str, float]:
    """``table`` with the loop's time turned into spaCy's, in the order stages run."""
    spent = table.pop(loop, 0.0)
    inside = table.get("ingest", 0.0) + sum(table.get(a, 0.0) for a in analysers)
    return {"ingest": table.pop("ingest", 0.0), "spacy": max(0.0, spent - inside)} | table
