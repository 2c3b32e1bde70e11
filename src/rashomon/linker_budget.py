"""A time budget per linker: one that runs past it is stopped and the run goes on without it.

Linkers work on the whole corpus, so one hostile corpus (hundreds of near-identical copies) can
make one of them run for hours (docs/reliability.md). ``link_within`` stops a linker after
``linker_seconds`` (``PipelineSettings``); what it had already committed stays, the linkers
after it run, and ``run_linkers`` records the stop in the store's metadata (``linkers_stopped``),
which ``info``, the export and ``analyze``'s warnings show.

The stop is a ``SIGALRM``, as for analysers (``rashomon.limits``), so it holds only in the main
thread. It never lands inside an import (a half-imported package breaks every later import) or
inside the store's own code (a write is finished, or rolled back whole, before the linker
stops): while either is on the stack the alarm is re-armed every ``alarm.GRACE`` seconds.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from rashomon.alarm import alarm

if TYPE_CHECKING:
    from rashomon.linking.base import Linker
    from rashomon.store.base import Store

STOPPED_KEY = "linkers_stopped"  # store metadata: JSON {linker: {"seconds", "limit"}}
_STORE_CODE = str(Path(__file__).resolve().parent / "store") + os.sep


class LinkerTimeout(Exception):
    """Raised inside a linker that ran past its time budget."""


@dataclass(frozen=True)
class Stopped:
    """A linker stopped by its budget: how long it ran and the budget it had."""

    linker: str
    seconds: float
    limit: float

    def warning(self) -> str:
        """The one line ``analyze`` prints and the export keeps."""
        return (
            f"linker {self.linker} stopped after {self.seconds:.1f} s (limit {self.limit:g} s);"
            " its results are incomplete or from an earlier run (raise pipeline.linker_seconds)"
        )


def link_within(linker: Linker, store: Store, seconds: float) -> Stopped | None:
    """Run ``linker.link(store)`` for at most ``seconds`` (0: no limit); ``Stopped`` if cut."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        linker.link(store)
        return None
    start = time.perf_counter()
    try:
        with alarm(seconds, LinkerTimeout, _unsafe):
            linker.link(store)
    except LinkerTimeout:
        return Stopped(linker.name, round(time.perf_counter() - start, 1), seconds)
    return None


def record(store: Store, stopped: list[Stopped]) -> None:
    """Keep which linkers the last linking run stopped (an empty record when none)."""
    value = {s.linker: {"seconds": s.seconds, "limit": s.limit} for s in stopped}
    store.set_meta(STOPPED_KEY, json.dumps(value, sort_keys=True))


def stopped_linkers(store: Store) -> list[Stopped]:
    """The linkers the last linking run of ``store`` stopped at their budget."""
    try:
        value = json.loads(store.get_meta(STOPPED_KEY) or "{}")
    except ValueError:
        return []
    return [
        Stopped(name, float(entry.get("seconds", 0)), float(entry.get("limit", 0)))
        for name, entry in sorted(value.items())
        if isinstance(entry, dict)
    ]


def as_records(stopped: list[Stopped]) -> list[dict[str, object]]:
    """``Stopped`` as plain dicts (the export's ``linkers_stopped``)."""
    return [asdict(s) for s in stopped]


def _unsafe(frame: FrameType | None) -> bool:
    """Whether ``frame`` or a caller is importing or running the store's code."""
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith("<frozen importlib") or name.startswith(_STORE_CODE):
            return True
        frame = frame.f_back
    return False
