"""Reliability drills at full size (issue 19); ``tests/test_drills.py`` runs them small in CI.

    python bench/drills.py --fuzz 10000      # mutated example articles through the pipeline
    python bench/drills.py --kill 20         # kill -9 at chosen documents/linkers, then resume
    python bench/drills.py --concurrent      # two analyze at once + export during analyze

The fuzzer records a crash and carries on (hypothesis would stop at the first one); it writes a
progress line to ``--progress FILE`` every 25 examples so a run cut short still says how far it
got. Every interruption is triggered by ``RASHOMON_DRILL_SIGNAL`` (never by timing).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus" / "articles"
SUFFIXES = ("", "", "", ".txt", ".md", ".html")  # "" keeps the article's own format


def fuzz(n: int, progress: Path | None, seed: int) -> dict:
    """Run ``n`` hypothesis examples; count crashes and inexact spans instead of stopping."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as hseed
    from hypothesis import strategies as st

    from rashomon.drills import fuzz_one, mutate, mutations_strategy
    from rashomon.pipeline import Pipeline

    pipeline = Pipeline()
    bases = sorted(p for p in CORPUS.iterdir() if p.name != "manifest.csv")
    stats = {"examples": 0, "documents": 0, "items": 0, "crashes": 0, "inexact": 0, "first": []}
    start = time.monotonic()
    folder = tempfile.mkdtemp(prefix="rashomon-fuzz-")

    @hseed(seed)
    @settings(
        max_examples=n,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        base=st.sampled_from(bases),
        cut=st.tuples(st.floats(0, 1), st.floats(0, 1)),
        muts=mutations_strategy(),
        suffix=st.sampled_from(SUFFIXES),
    )
    def one(base: Path, cut: tuple[float, float], muts: list, suffix: str) -> None:
        raw = base.read_bytes()
        lo, hi = sorted(int(c * len(raw)) for c in cut)
        data = mutate(raw if hi - lo < 200 else raw[lo:hi], muts)
        stats["examples"] += 1
        try:
            name = f"f{stats['examples']}{suffix or base.suffix}"
            docs, items, bad = fuzz_one(pipeline, data, name, folder)
            stats["documents"] += docs
            stats["items"] += items
            stats["inexact"] += len(bad)
            if bad and len(stats["first"]) < 10:
                stats["first"].append(f"inexact {base.name} {muts!r}: {bad[:3]}")
        except Exception:  # noqa: BLE001 - a crash is what the drill counts
            stats["crashes"] += 1
            if len(stats["first"]) < 10:
                stats["first"].append(
                    f"crash {base.name}{suffix} {muts!r}\n{traceback.format_exc()}"
                )
        if progress and stats["examples"] % 25 == 0:
            stats["seconds"] = round(time.monotonic() - start)
            progress.write_text(json.dumps(stats, indent=1))

    one()
    stats["seconds"] = round(time.monotonic() - start)
    if progress:
        progress.write_text(json.dumps(stats, indent=1))
    return stats


# --- kill -9 -------------------------------------------------------------------------------


def corpus_copies(folder: Path, n: int) -> Path:
    """``n`` distinct articles built from the example corpus (one appended line each)."""
    from rashomon.ingest import load_documents

    folder.mkdir(parents=True, exist_ok=True)
    bases = [d.text for d in load_documents([str(CORPUS)]) if not isinstance(d, Exception)]
    for i in range(n):
        text = bases[i % len(bases)] + f"\n\nCorrection number {i} was appended to this copy."
        (folder / f"copy-{i:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def run(args: list[str], drill: str | None = None) -> subprocess.CompletedProcess:
    """``rashomon ARGS`` in a subprocess, with the drill's signal (if any)."""
    env = {k: v for k, v in os.environ.items() if k != "RASHOMON_DRILL_SIGNAL"}
    if drill:
        env["RASHOMON_DRILL_SIGNAL"] = drill
    cmd = [sys.executable, "-m", "rashomon", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=3600)


def export_json(db: Path, out: Path) -> bytes:
    """The store's JSON export, keys sorted, as bytes."""
    done = run(["export", "--db", str(db), "--format", "json", "-o", str(out)])
    if done.returncode != 0:
        raise RuntimeError(f"export failed: {done.stderr}")
    return json.dumps(json.loads(out.read_text()), sort_keys=True).encode()


def consistency(db: Path) -> list[str]:
    """Problems of a store: integrity, foreign keys, a document without its sentences."""
    conn = sqlite3.connect(db)
    try:
        problems = []
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            problems.append("integrity_check failed")
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            problems.append("foreign_key_check failed")
        empty = conn.execute(
            "SELECT id FROM documents WHERE id NOT IN "
            "(SELECT doc FROM items WHERE kind = 'sentences')"
        ).fetchall()
        if empty:
            problems.append(f"documents without items: {[r[0] for r in empty]}")
        return problems
    finally:
        conn.close()


def kill_drill(folder: Path, work: Path, drill: str, reference: bytes) -> dict:
    """Kill ``analyze`` at ``drill``, check the store, resume, compare with ``reference``."""
    db = Path(tempfile.mkstemp(prefix=drill.replace(":", "-"), suffix=".db", dir=work)[1])
    db.unlink()  # a fresh store per drill, even when two drills stop at the same place
    killed = run(["analyze", str(folder), "--db", str(db), "--quiet"], drill)
    result = {"drill": drill, "killed": killed.returncode == -signal.SIGKILL}
    result["problems"] = consistency(db) if db.exists() else ["no store"]
    resumed = run(["analyze", str(folder), "--db", str(db), "--quiet"])
    result["resumed_rc"] = resumed.returncode
    result["problems"] += consistency(db)
    got = export_json(db, work / "resumed.json")
    result["identical"] = got == reference
    if not result["identical"]:
        result["sha"] = hashlib.sha256(got).hexdigest()[:12]
    result["ok"] = result["killed"] and not result["problems"] and result["identical"]
    return result


def kill(n: int, docs: int, seed: int) -> dict:
    """``n`` kill -9 drills at a spread of documents and linker commits."""
    work = Path(tempfile.mkdtemp(prefix="rashomon-kill-"))
    folder = corpus_copies(work / "articles", docs)
    ref_db = work / "reference.db"
    done = run(["analyze", str(folder), "--db", str(ref_db), "--quiet"])
    if done.returncode != 0:
        raise RuntimeError(done.stderr)
    reference = export_json(ref_db, work / "reference.json")
    links = sqlite3.connect(ref_db).execute("SELECT COUNT(DISTINCT linker) FROM linked_items")
    n_links = max(1, links.fetchone()[0])
    rng = random.Random(seed)
    # Every fourth drill kills during linking, so a run cut short has tried both.
    drills = [
        f"link:{rng.randint(1, n_links)}:SIGKILL" if i % 4 == 3 else f"{rng.randint(1, docs)}:KILL"
        for i in range(n)
    ]
    results = []
    for drill in drills:  # one line each, so a run cut short still says how far it got
        results.append(kill_drill(folder, work, drill, reference))
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    return {"ok": sum(r["ok"] for r in results), "of": len(results), "runs": results}


# --- two writers, one reader ---------------------------------------------------------------


def concurrent(docs: int) -> dict:
    """Two ``analyze`` of overlapping halves at once while ``export`` reads in a loop."""
    work = Path(tempfile.mkdtemp(prefix="rashomon-conc-"))
    folder = corpus_copies(work / "all", docs)
    halves = [work / "a", work / "b"]
    for i, half in enumerate(halves):
        half.mkdir()
        for p in sorted(folder.iterdir())[i * docs // 3 : docs - (1 - i) * docs // 3]:
            (half / p.name).write_bytes(p.read_bytes())
    db = work / "run.db"
    env = {k: v for k, v in os.environ.items() if k != "RASHOMON_DRILL_SIGNAL"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "rashomon", "analyze", str(h), "--db", str(db), "--quiet"],
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for h in halves
    ]
    exports, errors = 0, []
    while any(p.poll() is None for p in procs):
        if db.exists():
            done = run(["export", "--db", str(db), "--format", "json", "-o", str(work / "e.json")])
            exports += 1
            if done.returncode != 0 and "no such store" not in done.stderr:
                errors.append(done.stderr.strip())
    for p in procs:
        err = p.stderr.read() if p.stderr else ""
        if p.returncode != 0 or "locked" in err:
            errors.append(f"analyze rc={p.returncode}: {err.strip()[-300:]}")
    stored = sqlite3.connect(db).execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    expected = len({p.name for h in halves for p in h.iterdir()})
    return {
        "exports": exports,
        "errors": errors,
        "stored": stored,
        "expected": expected,
        "problems": consistency(db),
    }


def main() -> None:
    """Command line: pick the drills to run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fuzz", type=int, default=0, help="hypothesis examples")
    parser.add_argument("--kill", type=int, default=0, help="kill -9 drills")
    parser.add_argument("--docs", type=int, default=40, help="articles per kill/concurrent drill")
    parser.add_argument("--concurrent", action="store_true")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--progress", type=Path, help="fuzz progress file (JSON)")
    args = parser.parse_args()
    report: dict = {}
    if args.fuzz:
        report["fuzz"] = fuzz(args.fuzz, args.progress, args.seed)
    if args.kill:
        report["kill"] = kill(args.kill, args.docs, args.seed)
    if args.concurrent:
        report["concurrent"] = concurrent(args.docs)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
