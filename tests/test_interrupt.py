"""Kill a real ``rashomon analyze`` half-way (SIGKILL and Ctrl-C): the store stays consistent
and the next run finishes the rest."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rashomon.drills import ENV
from rashomon.ingest import load_documents
from rashomon.store import open_store

pytestmark = pytest.mark.slow
N_DOCS = 80


@pytest.fixture()
def many_articles(tmp_path: Path, corpus_dir: Path) -> Path:
    """N_DOCS distinct articles built from the example corpus."""
    folder = tmp_path / "articles"
    folder.mkdir()
    bases = [d.text for d in load_documents([str(corpus_dir)]) if not isinstance(d, Exception)]
    for i in range(N_DOCS):
        text = bases[i % len(bases)] + f"\n\nCorrection number {i} was appended to this copy."
        (folder / f"copy-{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def _start(folder: Path, db: Path, drill: str | None = None) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "rashomon", "analyze", str(folder), "--db", str(db), "--quiet"]
    env = {k: v for k, v in os.environ.items() if k != ENV} | ({ENV: drill} if drill else {})
    # A terminal's Ctrl-C reaches a process whose SIGINT is not ignored; a shell without job
    # control starts background jobs with SIGINT ignored, and children inherit that.
    return subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(db, timeout=5)
        try:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


def _wait_for_progress(proc: subprocess.Popen, db: Path, deadline_s: float = 240) -> int:
    """Poll until the running process has stored some but not all documents."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        count = _stored(db) if db.exists() else 0
        if count >= 3:
            return count
        if proc.poll() is not None:
            pytest.fail(f"analyze ended early: {proc.stderr.read()}")
        time.sleep(0.05)
    proc.kill()
    pytest.fail("analyze stored nothing before the deadline")


def _check_consistent(db: Path) -> int:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    with open_store(str(db)) as store:
        docs = {d.id: d.text for d in store.documents()}
        for item in store.items():
            assert docs[item.doc][item.start : item.end] == item.text
        empty = [d for d in docs if not any(True for _ in store.items("sentences", doc=d))]
        assert empty == [], "a document was stored without its items"
    return len(docs)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_interrupted_run_is_consistent_and_resumable(many_articles, tmp_path, sig):
    db = tmp_path / "run.db"
    # The process signals itself right after the 5th document is committed: no race.
    proc = _start(many_articles, db, drill=f"5:{sig.name}")
    proc.wait(timeout=600)
    if sig == signal.SIGINT:
        assert proc.returncode == 130
        assert "run again to resume" in proc.stderr.read()
    else:
        assert proc.returncode == -signal.SIGKILL
    assert _check_consistent(db) == 5
    resumed = _start(many_articles, db)
    out, err = resumed.communicate(timeout=600)
    assert resumed.returncode == 0, err
    assert _check_consistent(db) == N_DOCS
    with open_store(str(db)) as store:
        assert store.get_meta("links_stale") == "0"
        assert store.actors()


def _tagged(tag: str) -> list[int]:
    """Live (not zombie) processes whose environment carries ``tag``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if tag.encode() not in (entry / "environ").read_bytes():
                continue
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_workers_exit_when_the_parent_is_killed(many_articles, tmp_path):
    """`kill -9` of `analyze --jobs 2` leaves no orphan worker behind."""
    tag = f"RASHOMON_ORPHAN_CHECK={os.getpid()}-{time.monotonic_ns()}"
    env = {k: v for k, v in os.environ.items() if k != ENV} | {ENV: "5:SIGKILL"}
    env[tag.split("=")[0]] = tag.split("=")[1]
    db = tmp_path / "run.db"
    cmd = [sys.executable, "-m", "rashomon", "analyze", str(many_articles), "--db", str(db)]
    proc = subprocess.Popen([*cmd, "--jobs", "2", "--quiet"], env=env, stderr=subprocess.PIPE)
    proc.wait(timeout=600)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
    deadline = time.monotonic() + 15
    while _tagged(tag) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = _tagged(tag)
    for pid in left:  # do not leave them running whatever the outcome
        os.kill(pid, signal.SIGKILL)
    assert left == [], "worker processes outlived their killed parent"
    assert _check_consistent(db) == 5
