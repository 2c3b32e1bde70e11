"""Reliability drills at a small size (issue 19, deliver 7); ``bench/drills.py`` runs them at full
size. Interruptions are triggered at a chosen document or linker commit, never by timing."""

from __future__ import annotations

import importlib.util
import os
import signal
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rashomon import drills
from rashomon.drills import Mutation, fuzz_one, mutate, mutations_strategy

REPO = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_drills", REPO / "bench" / "drills.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the pieces -----------------------------------------------------------------------------


def test_mutations_do_what_they_say():
    data = b"abcdef"
    assert mutate(data, [Mutation("delete", 0.5, 2)]) == b"abcf"
    assert mutate(data, [Mutation("duplicate", 0.0, 4)]) == b"abcdabcdef"
    assert mutate(data, [Mutation("insert", 0.5, 0, "\u201c\x00")]) == b"abc\xe2\x80\x9c\x00def"
    assert mutate(data, [Mutation("run", 1.0, 3, "'")]) == b"abcdef'''"
    assert mutate(data, [Mutation("blank_lines", 0.0, 2)]) == b"\n\nabcdef"
    assert mutate(data, [Mutation("truncate", 0.5, 0)]) == b"abc"
    assert mutate(data, [Mutation("flip", 0.0, 7)]) == b"\xe1bcdef"  # not valid UTF-8 any more
    assert mutate(b"", [Mutation("flip", 0.3, 1), Mutation("delete", 1.0, 9)]) == b""


@pytest.mark.parametrize(
    ("spec", "stage", "fires_at"),
    [
        ("3:SIGUSR1", "document", 3),
        ("link:2:USR1", "link", 2),
        ("link:1:SIGUSR1", "document", None),
    ],
)
def test_drill_signal_fires_at_the_chosen_commit(monkeypatch, spec, stage, fires_at):
    fired: list[int] = []
    monkeypatch.setenv(drills.ENV, spec)
    monkeypatch.setattr(drills, "_counts", {"document": 0, "link": 0})
    previous = signal.signal(signal.SIGUSR1, lambda *_: fired.append(drills._counts[stage]))
    try:
        for _ in range(4):
            drills.document_saved() if stage == "document" else drills.linked_saved()
    finally:
        signal.signal(signal.SIGUSR1, previous)
    assert fired == ([fires_at] if fires_at else [])


def test_unset_drill_does_nothing(monkeypatch):
    monkeypatch.delenv(drills.ENV, raising=False)
    for _ in range(3):
        drills.document_saved()
        drills.linked_saved()


# --- fuzzer ---------------------------------------------------------------------------------

BASES = sorted(p for p in (REPO / "examples/corpus/articles").iterdir() if p.name != "manifest.csv")


@pytest.mark.slow
def test_fuzzed_documents_never_crash_and_every_span_is_exact(pipeline):
    folder = tempfile.mkdtemp(prefix="rashomon-fuzz-")
    seen = {"docs": 0}

    @settings(
        max_examples=50,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        base=st.sampled_from(BASES),
        muts=mutations_strategy(),
        suffix=st.sampled_from(["", "", ".txt", ".md", ".html"]),
    )
    def one(base: Path, muts: list[Mutation], suffix: str) -> None:
        data = mutate(base.read_bytes(), muts)
        docs, _, bad = fuzz_one(pipeline, data, f"fuzz{suffix or base.suffix}", folder)
        seen["docs"] += docs
        assert bad == []

    one()
    assert seen["docs"] > 25  # most mutated inputs are still documents, not refused files


# --- kill -9 and concurrent writers (subprocesses) -------------------------------------------


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """Ten articles analysed without interruption, and their sorted JSON export."""
    bench = _bench()
    work = tmp_path_factory.mktemp("kill")
    folder = bench.corpus_copies(work / "articles", 10)
    db = work / "reference.db"
    done = bench.run(["analyze", str(folder), "--db", str(db), "--quiet"])
    assert done.returncode == 0, done.stderr
    return bench, folder, work, bench.export_json(db, work / "reference.json")


@pytest.mark.slow
@pytest.mark.parametrize("drill", ["4:SIGKILL", "link:2:KILL"])
def test_kill_9_leaves_a_consistent_store_that_resumes_to_the_same_export(reference, drill):
    bench, folder, work, expected = reference
    result = bench.kill_drill(folder, work, drill, expected)
    assert result["killed"], result
    assert result["problems"] == []
    assert result["resumed_rc"] == 0
    assert result["identical"], result


@pytest.mark.slow
def test_two_analyze_runs_and_an_export_share_one_store():
    result = _bench().concurrent(9)
    assert result["errors"] == []
    assert result["problems"] == []
    assert result["stored"] == result["expected"]
    assert os.environ.get(drills.ENV) is None
