"""Throughput of ``analyze --engine ray`` against the default engine, on one machine.

    python bench/scale.py [--copies 10] [--engines sqlite,sqlite-j2,ray] [--no-link]

The example corpus is copied ``--copies`` times (each copy with one sentence of its own appended,
so no two documents are identical), written to a temporary folder, and analysed by each engine
in a fresh ``rashomon analyze`` process (model loading and, for Ray, starting Ray included,
as a user would see it). Prints documents, words, wall seconds, words/s and docs/s per engine,
the ratio to the default engine, the store's size on disk, and the time to re-link the stored
corpus (SQLite vs DuckDB over Parquet). ``--no-link`` (Ray only) measures the analysis alone:
the copies all join one story per article, so linking them grows with the square of the copies
and would swamp the per-article cost of analysis that a 1k vs 10k comparison is after.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "corpus" / "articles"
ENGINES = {
    "sqlite": ["--db", "{out}.db"],
    "sqlite-j2": ["--db", "{out}.db", "--jobs", "2"],
    "ray": ["--engine", "ray", "--store", "{out}/"],
}


def build_corpus(folder: Path, copies: int) -> tuple[int, int]:
    """Write ``copies`` variants of every example article; return (documents, words)."""
    from rashomon.ingest import load_documents

    bases = [d for d in load_documents([str(EXAMPLES)]) if not isinstance(d, Exception)]
    folder.mkdir(parents=True)
    words = 0
    for n in range(copies):
        for base in bases:
            text = f"{base.text}\n\nThis is copy number {n} of the article, kept for the benchmark."
            (folder / f"{base.id}-{n:04d}.txt").write_text(text, encoding="utf-8")
            words += len(text.split())
    return copies * len(bases), words


def run_engine(name: str, corpus: Path, out: Path, link: bool = True) -> float:
    """Wall seconds of one ``rashomon analyze`` run with the engine's options."""
    args = [a.format(out=out) for a in ENGINES[name]]
    cmd = [sys.executable, "-m", "rashomon", "analyze", str(corpus), "--quiet", *args]
    if not link:  # the same run without its linkers: a child calling analyze_ray(link=False)
        cmd = [sys.executable, __file__, "--child-ray", str(corpus), f"{out}/"]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stderr[-3000:]}")
    return seconds


def relink_seconds(store: str) -> float:
    """Seconds to recompute every corpus-level result from the stored documents."""
    from rashomon.analyze import run_linkers
    from rashomon.store import open_store

    with open_store(store) as opened:
        start = time.perf_counter()
        run_linkers(opened)
        return time.perf_counter() - start


def ray_stages(store: str) -> str:
    """The Ray run's own figures: start-up, worker seconds, linking, worker peak memory."""
    from rashomon.scale.engine import STATS_KEY
    from rashomon.store import open_store

    with open_store(store) as opened:
        stats = json.loads(opened.get_meta(STATS_KEY) or "{}")
    docs = stats["documents"]
    return (
        f"analysis wall {stats.get('wall_s', 0.0):.1f} s"
        f" ({stats.get('wall_s', 0.0) / docs:.3f} s/doc),"
        f" ray start {stats['ray_start_s']:.1f} s, analyse {stats['analyse_s']:.1f} worker-s"
        f" ({stats['analyse_s'] / stats['documents']:.2f} s/doc), write {stats['write_s']:.2f}"
        f" worker-s in {stats['partitions']} partitions, link {stats['link_s']:.1f} s,"
        f" worker peak RSS {stats['worker_peak_rss_mb']:.0f} MB"
    )


def size_mb(path: Path) -> float:
    """Megabytes on disk of a store file or folder."""
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(f.stat().st_size for f in files) / 1e6


def child_ray(corpus: str, store: str) -> None:
    """The hidden ``--child-ray`` mode: ``analyze --engine ray`` without its linkers."""
    from rashomon.scale.engine import analyze_ray
    from rashomon.store import open_store

    with open_store(store) as opened:
        analyze_ray([corpus], opened, link=False)  # type: ignore[arg-type]


def main() -> None:
    """Run the engines and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--engines", default="sqlite,sqlite-j2,ray")
    parser.add_argument("--no-link", action="store_true", help="Ray only: no linkers")
    parser.add_argument("--child-ray", nargs=2, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child_ray:
        child_ray(*options.child_ray)
        return
    if options.no_link and options.engines != "ray":
        raise SystemExit("--no-link runs the Ray engine only: add --engines ray")
    work = Path(tempfile.mkdtemp(prefix="rashomon-scale-"))
    try:
        docs, words = build_corpus(work / "articles", options.copies)
        print(f"{docs} documents, {words} words (example corpus x {options.copies})")
        base = None
        for name in options.engines.split(","):
            out = work / name
            seconds = run_engine(name, work / "articles", out, link=not options.no_link)
            store = out.with_suffix(".db") if name.startswith("sqlite") else out
            base = base or seconds
            relink = "" if options.no_link else f"  re-link {relink_seconds(str(store)):5.1f} s"
            print(
                f"{name:10s} {seconds:7.1f} s  {words / seconds:7.0f} words/s"
                f"  {docs / seconds:6.2f} docs/s  x{base / seconds:4.2f} of {options.engines.split(',')[0]}"
                f"  store {size_mb(store):6.2f} MB{relink}",
                flush=True,
            )
            if name == "ray":
                print(f"{'':10s} stages: {ray_stages(str(store))}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
