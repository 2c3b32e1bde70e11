"""``analyze --profile``: seconds per stage (ingest, spaCy, each analyser, store, each linker).

Stages are timed by wrapping what runs them for one ``analyze`` call only: the analysers'
``analyse``, the store's ``save_document``, each linker's ``link`` and the document stream.
spaCy's share is what remains of the analysis loop once ingest and the analysers are taken
out (``nlp.pipe`` parses lazily as the loop pulls documents). With ``--jobs`` the analysers run
in worker processes: their seconds are summed over the workers, and the parent's wait for them
is the ``analysis (workers)`` stage.
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
        self.started = time.perf_counter()
        self.total = 0.0

    def add(self, stage: str, seconds: float) -> None:
        """Add ``seconds`` to ``stage``."""
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    def merge(self, other: dict[str, float]) -> None:
        """Add another process's stage seconds (a ``--jobs`` worker's)."""
        for stage, seconds in other.items():
            self.add(stage, seconds)

    def timed(self, stage: str, fn: Callable[..., T]) -> Callable[..., T]:
        """``fn`` that adds its seconds to ``stage``."""

        def wrapper(*args: Any, **kwargs: Any) -> T:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.add(stage, time.perf_counter() - start)

        return wrapper

    def stream(self, stage: str, items: Iterable[T]) -> Iterator[T]:
        """``items`` whose production time (each ``next``) is added to ``stage``."""
        iterator = iter(items)
        while True:
            start = time.perf_counter()
            try:
                item = next(iterator)
            except StopIteration:
                return
            finally:
                self.add(stage, time.perf_counter() - start)
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
        spent = self.seconds.pop(loop, 0.0)
        inside = self.seconds.get("ingest", 0.0) + sum(self.seconds.get(a, 0.0) for a in analysers)
        ordered = {"ingest": self.seconds.pop("ingest", 0.0), "spacy": max(0.0, spent - inside)}
        self.seconds = ordered | self.seconds  # read in the order they run: ingest, spaCy, ...

    def table(self, words: int | None = None) -> str:
        """The per-stage table: seconds and share of the whole run."""
        total = self.total or (time.perf_counter() - self.started)
        lines = [f"{'stage':32} {'seconds':>9} {'share':>6}"]
        for stage, seconds in self.seconds.items():
            lines.append(f"{stage:32} {seconds:9.2f} {100 * seconds / total:5.1f}%")
        rate = f"  ({words / total:.0f} words/s)" if words and total else ""
        lines.append(f"{'total (wall)':32} {total:9.2f} {100.0:5.1f}%{rate}")
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
