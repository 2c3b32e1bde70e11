"""A linker past its time budget is stopped; the run completes and records it (store, info, export).

Deterministic: the slow test linker never finishes on its own, so the budget always stops it,
however busy the machine; only the linkers registered here run (the built-ins are set aside).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import catalogue
import jsonschema
import pytest
from typer.testing import CliRunner

from rashomon import registry
from rashomon.analyze import _links_stale, run_linkers
from rashomon.cli import app
from rashomon.config import Config
from rashomon.document import Document
from rashomon.export import build_export, export_schema
from rashomon.linker_budget import STOPPED_KEY, stopped_linkers
from rashomon.linking.base import Linker
from rashomon.store import open_store
from rashomon.store.base import Store

BUDGET = 0.3  # seconds: the slow linker never ends, so this is always reached


class NeverEnds(Linker):
    """Starts (leaves a mark), then runs until stopped."""

    name = "aa_never_ends"
    provides: ClassVar[tuple[str, ...]] = ("test_slow",)

    def link(self, store: Store) -> None:
        store.set_meta("never_ends_started", "1")
        while True:
            time.sleep(0.01)


class BusyInStore(Linker):
    """Writes to the store again and again: the stop must land between writes, never in one."""

    name = "ab_busy_in_store"

    def link(self, store: Store) -> None:
        n = 0
        while True:
            n += 1
            store.set_meta("busy_writes", str(n))
            time.sleep(0.002)  # some work of its own between writes, as a real linker has


class After(Linker):
    """Runs after the stopped ones and must still run."""

    name = "zz_after"
    requires: ClassVar[tuple[str, ...]] = ("test_slow",)

    def link(self, store: Store) -> None:
        store.set_meta("after_ran", "1")


@pytest.fixture
def test_linkers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Only the linkers above are registered while the test runs."""
    registry.registered(registry.linkers)  # load the built-ins, then set them aside
    kept = {k: v for k, v in catalogue.REGISTRY.items() if k[:2] != ("rashomon", "linkers")}
    monkeypatch.setattr(catalogue, "REGISTRY", kept)
    for cls in (NeverEnds, BusyInStore, After):
        registry.linkers.register(cls.name, func=cls)
    yield


def _store(tmp_path: Path) -> Store:
    store = open_store(str(tmp_path / "s.db"))
    store.save_document(Document(id="a", text="The port reopened on Monday."), [], {})
    return store


def _config(seconds: float) -> Config:
    return Config(pipeline={"linker_seconds": seconds})


def test_stopped_linker_is_recorded_and_the_run_completes(tmp_path, test_linkers):
    with _store(tmp_path) as store:
        start = time.perf_counter()
        warnings = run_linkers(store, _config(BUDGET))
        spent = time.perf_counter() - start
        assert store.get_meta("never_ends_started") == "1"
        assert store.get_meta("after_ran") == "1"  # the linkers after the stopped ones ran
        assert int(store.get_meta("busy_writes") or 0) > 0
        assert store.get_meta("links_stale") == "0"
        stopped = stopped_linkers(store)
        export = build_export(store)
    assert spent < 10 * BUDGET + 5  # two budgets and the grace periods, nothing unbounded
    assert [s.linker for s in stopped] == ["aa_never_ends", "ab_busy_in_store"]
    assert all(s.limit == BUDGET and s.seconds >= BUDGET for s in stopped)
    assert len(warnings) == 2 and "linker aa_never_ends stopped after" in warnings[0]
    assert [r["linker"] for r in export["linkers_stopped"]] == ["aa_never_ends", "ab_busy_in_store"]
    jsonschema.validate(export, export_schema())
    conn = sqlite3.connect(tmp_path / "s.db")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_info_shows_the_stopped_linkers(tmp_path, test_linkers):
    with _store(tmp_path) as store:
        run_linkers(store, _config(BUDGET))
    result = CliRunner().invoke(app, ["info", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.output
    assert "linker aa_never_ends stopped after" in " ".join(result.output.split())


def test_stopped_linkers_rerun_when_the_budget_changes(tmp_path, test_linkers):
    with _store(tmp_path) as store:
        run_linkers(store, _config(BUDGET))
        assert not _links_stale(store, _config(BUDGET))  # no retry at the same budget
        assert _links_stale(store, _config(2 * BUDGET))  # a raised budget relinks
        assert _links_stale(store, _config(0))  # so does no budget at all


def test_no_budget_and_no_stop_leave_an_empty_record(tmp_path, monkeypatch):
    registry.registered(registry.linkers)
    kept = {k: v for k, v in catalogue.REGISTRY.items() if k[:2] != ("rashomon", "linkers")}
    monkeypatch.setattr(catalogue, "REGISTRY", kept)

    class Quick(Linker):
        name = "quick"

        def link(self, store: Store) -> None:
            store.set_meta("quick_ran", "1")

    registry.linkers.register(Quick.name, func=Quick)
    with _store(tmp_path) as store:
        store.set_meta(STOPPED_KEY, json.dumps({"old": {"seconds": 1, "limit": 1}}))
        assert run_linkers(store, _config(BUDGET)) == []
        assert stopped_linkers(store) == [] and "linkers_stopped" not in build_export(store)


def test_the_stop_never_lands_inside_the_store(tmp_path):
    """A store call that outlasts the budget finishes whole; the linker stops right after it."""
    import rashomon.linker_budget as budget

    # A function whose code counts as the store's (its file name is under rashomon/store/).
    code = "def slow_write(store):\n    time.sleep(1.0)\n    store.set_meta('write_done', '1')\n"
    space: dict[str, object] = {"time": time}
    exec(compile(code, budget._STORE_CODE + "fake_write.py", "exec"), space)
    slow_write = space["slow_write"]

    class LongWrite(Linker):
        name = "ac_long_write"

        def link(self, store: Store) -> None:
            slow_write(store)  # type: ignore[operator]
            while True:  # the stop, due during the write, comes as soon as it returns
                time.sleep(0.01)

    with _store(tmp_path) as store:
        stopped = budget.link_within(LongWrite(), store, BUDGET)
        assert store.get_meta("write_done") == "1"
    assert stopped is not None and 1.0 <= stopped.seconds < 1.0 + 1.0
