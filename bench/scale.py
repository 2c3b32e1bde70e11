"""Throughput of ``analyze --engine ray`` against the default engine, on one machine.

    python bench/scale.py [--docs 1000] [--dup-share 0.02] [--engines sqlite,sqlite-j2,ray]
    python bench/scale.py --corpus copies [--copies 10] ...   # the example corpus copied
    python bench/scale.py --docs 10000 --engines ray --no-link  # cost per article, analysis only

The default corpus (``--corpus mixed``) has ``--docs`` articles, each made of most of the
paragraphs of one source text, filled to that text's length with paragraphs of another: the
sources are the example corpus and, when ``../shared/data`` is present, the real development
articles there (read at run time, never copied into the project; 2,555 texts of 40 words or
more). Two articles share a few paragraphs at most, as in a real archive, and ``--dup-share``
of them (2 %) are wire copies of an earlier article with one line added: near-duplicates.
The same seed gives the same articles, so 1,000 are the first 1,000 of 10,000. ``--corpus
copies`` is the older corpus of example-corpus copies, all near-duplicates of each other.

Each engine runs in a fresh ``rashomon analyze`` process (model loading and, for Ray, starting
Ray included, as a user would see it). Prints documents, words, wall seconds, words/s and docs/s
per engine, the ratio to the first engine, the store's size on disk, the time to re-link the
stored corpus (SQLite vs DuckDB over Parquet) and the load average, and for Ray its stages:
driver ingest and duplicate check, worker CPU seconds in all and per 1,000 documents stored (a
cost growing with the corpus shows there as a rising figure). ``--no-link`` (Ray only) measures
the analysis alone.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "corpus" / "articles"
SHARED = ROOT.parent / "shared" / "data"  # real dev texts: used when present, never copied
KEEP = 0.6  # the share of its main source's paragraphs a mixed article keeps
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\S)")
ENGINES = {
    "sqlite": ["--db", "{out}.db"],
    "sqlite-j2": ["--db", "{out}.db", "--jobs", "2"],
    "ray": ["--engine", "ray", "--store", "{out}/"],
}


def build_corpus(folder: Path, copies: int) -> tuple[int, int]:
    """Write ``copies`` variants of every example article; return (documents, words).

    Every variant of an article is a near-duplicate of all its others (``--corpus copies``)."""
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


def source_texts() -> list[list[str]]:
    """Paragraphs of every text the mixed corpus draws from: the example corpus and, where
    ``../shared/data`` exists, the real dev articles (read here at run time, never copied into
    the project)."""
    from rashomon.ingest import load_documents

    texts = [d.text for d in load_documents([str(EXAMPLES)]) if not isinstance(d, Exception)]
    for path in sorted(SHARED.glob("dev/*/*.jsonl")):
        with path.open(encoding="utf-8") as lines:
            texts += [json.loads(line)["text"] for line in lines if line.strip()]
    texts += [p.read_text(encoding="utf-8") for p in sorted(SHARED.glob("ptc/*/articles/*.txt"))]
    unique = dict.fromkeys(t.strip() for t in texts if len(t.split()) >= 40)
    return [[p for p in _PARAGRAPH.split(t) if p.strip()] for t in unique]


def build_mixed(folder: Path, docs: int, dup_share: float, seed: int = 21) -> tuple[int, int, int]:
    """Write ``docs`` articles, each most of one source text's paragraphs with paragraphs of
    another filling it to the first one's length; ``dup_share`` of them are instead a wire copy
    of an earlier article (one line added: a near-duplicate). The same seed gives the same
    articles, so a smaller corpus is the start of a larger one. Returns (documents, words,
    copies)."""
    sources = source_texts()
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    written: list[Path] = []
    words = copies = 0
    for n in range(docs):
        if written and rng.random() < dup_share:
            copies += 1
            text = (
                rng.choice(written).read_text(encoding="utf-8")
                + "\n\n(Wire copy, kept by the desk.)"
            )
        else:
            text = _mix(rng, sources)
        path = folder / f"article-{n:06d}.txt"
        path.write_text(text, encoding="utf-8")
        written.append(path)
        words += len(text.split())
    return docs, words, copies


def _mix(rng: random.Random, sources: list[list[str]]) -> str:
    """Most of one source's paragraphs (``KEEP`` of them, in order) filled up to its length
    with paragraphs of a second source: two articles from one source share a few paragraphs."""
    base, other = rng.sample(sources, 2)
    kept = [p for p in base if rng.random() < KEEP] or base[:1]
    target = sum(len(p.split()) for p in base)
    fill = other[rng.randrange(len(other)) :] + other
    length = sum(len(p.split()) for p in kept)
    for paragraph in fill:
        if length >= target:
            break
        kept.insert(rng.randrange(1, len(kept) + 1), paragraph)
        length += len(paragraph.split())
    return "\n\n".join(kept)


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
    blocks = " ".join(
        f"{1000 * cpu / max(words, 1):.2f}"
        for cpu, words in zip(
            stats.get("block_cpu_s", []), stats.get("block_words", []), strict=True
        )
    )
    return (
        f"analysis wall {stats.get('wall_s', 0.0):.1f} s"
        f" ({stats.get('wall_s', 0.0) / docs:.3f} s/doc),"
        f" driver ingest+dedup {stats.get('ingest_s', 0.0):.1f} s"
        f" (CPU {stats.get('driver_cpu_s', 0.0):.1f} s),"
        f" worker CPU {stats.get('worker_cpu_s', 0.0):.1f} s"
        f" ({stats.get('worker_cpu_s', 0.0) / docs:.3f} s/doc),"
        f" ray start {stats['ray_start_s']:.1f} s, analyse {stats['analyse_s']:.1f} worker-s"
        f" ({stats['analyse_s'] / stats['documents']:.2f} s/doc), write {stats['write_s']:.2f}"
        f" worker-s in {stats['partitions']} partitions, link {stats['link_s']:.1f} s,"
        f" worker peak RSS {stats['worker_peak_rss_mb']:.0f} MB;"
        f" worker CPU ms/word by 1,000 documents: {blocks}"
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
    parser.add_argument("--corpus", choices=["mixed", "copies"], default="mixed")
    parser.add_argument("--docs", type=int, default=1000, help="mixed: articles to generate")
    parser.add_argument("--dup-share", type=float, default=0.02, help="mixed: wire copies")
    parser.add_argument("--copies", type=int, default=10, help="copies: of the example corpus")
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
        if options.corpus == "copies":
            docs, words = build_corpus(work / "articles", options.copies)
            print(f"{docs} documents, {words} words (example corpus x {options.copies})")
        else:
            docs, words, dups = build_mixed(work / "articles", options.docs, options.dup_share)
            print(f"{docs} documents, {words} words, {dups} wire copies (mixed sources)")
        base = None
        for name in options.engines.split(","):
            out = work / name
            load = os.getloadavg()[0]
            seconds = run_engine(name, work / "articles", out, link=not options.no_link)
            store = out.with_suffix(".db") if name.startswith("sqlite") else out
            base = base or seconds
            relink = "" if options.no_link else f"  re-link {relink_seconds(str(store)):5.1f} s"
            print(
                f"{name:10s} {seconds:7.1f} s  {words / seconds:7.0f} words/s"
                f"  {docs / seconds:6.2f} docs/s  x{base / seconds:4.2f} of {options.engines.split(',')[0]}"
                f"  store {size_mb(store):6.2f} MB{relink}"
                f"  load {load:.1f} -> {os.getloadavg()[0]:.1f}",
                flush=True,
            )
            if name == "ray":
                print(f"{'':10s} stages: {ray_stages(str(store))}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
