"""Throughput on real-length articles: the whole ``rashomon analyze`` process against bare spaCy.

    python bench/throughput.py [--n 50] [--words 880] [--jobs 1 2] [--source ptc] [--examples]
                               [--techniques] [--no-steady | --no-whole]

Builds ``--n`` articles of about ``--words`` words at run time (from ``../shared`` when present:
PolNeAR dev, else ``--source``, see ``bench/corpus.py``; ``--examples``: the example corpus's
short articles, numbered copies) and, in one run, times:
bare ``nlp.pipe`` of the same model over the same texts with the model already loaded; the whole
``rashomon analyze`` process (start-up, ingest, analysis, store, linking) once per ``--jobs``
value; and a steady-state ``analyze`` in this process, every model loaded first, split into stages
(ingest, spaCy, each analyser, store, each linker; CPU per stage is the CPU of the thread that
ran it). Prints words/s, both ratios, peak RSS, and
the same ratios in CPU seconds (the machine is shared: other jobs stretch wall time, not CPU
time; with ``--jobs`` only the wall ratio shows the gain).
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import EXAMPLES, SOURCES, real_length_articles, timed  # noqa: E402

import rashomon.analyze as analyze_module  # noqa: E402
from rashomon.ingest import load_documents  # noqa: E402
from rashomon.pipeline import Pipeline  # noqa: E402
from rashomon.store import open_store  # noqa: E402


def write_corpus(texts: list[str], folder: Path) -> None:
    """One ``.txt`` file per text."""
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"bench-{i:05d}.txt").write_text(text, encoding="utf-8")


def bare_spacy(pipeline: Pipeline, texts: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``nlp.pipe`` over the texts, the model loaded and warm."""
    list(pipeline.nlp.pipe(texts[:5]))
    start, cpu = time.perf_counter(), time.process_time()
    for _ in pipeline.nlp.pipe(texts, batch_size=pipeline.batch_size):  # as analyze batches
        pass
    return time.perf_counter() - start, time.process_time() - cpu


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def whole_process(folder: Path, db: Path, jobs: int) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (worker processes included) and peak RSS (MiB, the largest
    process so far) of ``rashomon analyze`` run as its own process."""
    command = [sys.executable, "-m", "rashomon", "analyze", str(folder), "--db", str(db), "-q"]
    start, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(
        [*command, "--jobs", str(jobs)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return seconds, _children_cpu() - cpu, rss


def _timed_pipe(pipe: Any, into: dict[str, float], cpu: dict[str, float]) -> Any:
    """``nlp.pipe`` whose time (spent producing each parse) is added to ``into["spacy"]``, its
    CPU time (of the thread that parses) to ``cpu["spacy"]``.

    ``nlp.pipe(..., as_tuples=True)`` calls ``self.pipe`` again inside: only the outermost call
    is timed (timing both counted spaCy twice, 101 s of a 149 s run)."""
    depth = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        depth[0] += 1
        outer = depth[0] == 1
        try:
            stream = iter(pipe(*args, **kwargs))
            while True:
                start, used = time.perf_counter(), time.thread_time()
                try:
                    value = next(stream)
                except StopIteration:
                    return
                finally:
                    if outer:
                        into["spacy"] = into.get("spacy", 0.0) + time.perf_counter() - start
                        cpu["spacy"] = cpu.get("spacy", 0.0) + time.thread_time() - used
                yield value
        finally:
            depth[0] -= 1

    return wrapper


def _both(fn: Any, stages: dict[str, float], cpu: dict[str, float], name: str) -> Any:
    """``fn`` timed into ``stages`` (wall) and ``cpu`` (the CPU of the thread that runs it)."""
    return timed(timed(fn, cpu, name, time.thread_time), stages, name)


LOADS = "(model loads, before the steady state)"
TOTAL = "(the analyze run)"


def warm_up(pipeline: Pipeline) -> float:
    """Load every model the run will use (spaCy, each analyser's, MiniLM's weights) by analysing
    one short document and embedding one sentence; the CPU seconds that took."""
    from rashomon.document import Document
    from rashomon.linking.embeddings import get_embedder

    used = time.process_time()
    list(pipeline.analyse_many([Document(id="warm-up", text=analyze_module.WARM_UP)]))
    get_embedder().encode(["Warm up."])
    return time.process_time() - used


def steady_state(folder: Path, db: Path) -> tuple[float, dict[str, float], dict[str, float]]:
    """Seconds of an in-process ``analyze`` with every model loaded, and wall and CPU seconds
    per stage (CPU: what the other jobs of a shared machine leave alone)."""
    import rashomon.cli

    stages: dict[str, float] = {}
    cpu: dict[str, float] = {}
    thresholds = gc.get_threshold()
    # as the `rashomon` command runs (a tree before GC_THRESHOLDS: Python's)
    gc.set_threshold(*getattr(rashomon.cli, "GC_THRESHOLDS", thresholds))
    pipeline = Pipeline()
    cpu[LOADS] = warm_up(pipeline)
    ingest = "ingest (read, normalise, metadata)"
    start, used = time.perf_counter(), time.process_time()
    list(load_documents([str(folder)]))
    stages[ingest], cpu[ingest] = time.perf_counter() - start, time.process_time() - used
    nlp = pipeline.nlp
    nlp.pipe = _timed_pipe(nlp.pipe, stages, cpu)  # type: ignore[method-assign]
    for analyser in pipeline.analysers:
        analyser.analyse = _both(analyser.analyse, stages, cpu, analyser.name)  # type: ignore[method-assign]
    original = analyze_module.load_linkers

    def load_timed_linkers(*args: Any, **kwargs: Any) -> list[Any]:
        linkers = original(*args, **kwargs)
        for linker in linkers:
            linker.link = _both(linker.link, stages, cpu, f"link {linker.name}")  # type: ignore[method-assign]
        return linkers

    analyze_module.load_linkers = load_timed_linkers  # type: ignore[assignment]
    try:
        start, used = time.perf_counter(), time.process_time()
        with open_store(str(db)) as store:
            store.save_document = _both(store.save_document, stages, cpu, "store")  # type: ignore[method-assign]
            analyze_module.analyze([str(folder)], store, pipeline=pipeline)
        seconds, cpu[TOTAL] = time.perf_counter() - start, time.process_time() - used
    finally:
        analyze_module.load_linkers = original  # type: ignore[assignment]
        nlp.__dict__.pop("pipe", None)
        gc.set_threshold(*thresholds)
    return seconds, stages, cpu


def techniques_rates(texts: list[str]) -> list[tuple[str, float]]:
    """Seconds the techniques detector needs for ``texts``: n-gram mode and accurate mode."""
    from rashomon.techniques.model import load_model

    rates = []
    for label, model in (
        ("n-gram (pipeline default)", load_model(None, False, False)),
        ("accurate", load_model(None, None, None)),
    ):
        model.detect(texts[0])  # load the tagger outside the timing
        start = time.perf_counter()
        for text in texts:
            model.detect(text)
        rates.append((f"{label}{' +tagger' if model.tagged else ''}", time.perf_counter() - start))
    return rates


def main() -> None:
    """Print words/s of bare spaCy, of the whole process and of the steady state."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=50, help="articles to analyse")
    parser.add_argument("--words", type=int, default=880, help="about this many words each")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1], help="e.g. --jobs 1 2")
    parser.add_argument("--examples", action="store_true", help="the example corpus instead")
    parser.add_argument(
        "--source", choices=SOURCES, default=None, help="real-length texts from (default polnear)"
    )
    parser.add_argument("--techniques", action="store_true", help="time both technique modes")
    parser.add_argument("--no-steady", action="store_true", help="only the whole process")
    parser.add_argument("--no-whole", action="store_true", help="only the steady state")
    args = parser.parse_args()
    if args.examples:
        # the short articles themselves (``source_texts`` joins them for real length)
        where, bases = (
            "example corpus",
            [p.read_text("utf-8") for p in sorted(EXAMPLES.glob("*.txt"))],
        )
        texts = [f"Copy {i}.\n\n{bases[i % len(bases)]}" for i in range(args.n)]
    else:
        where, texts = real_length_articles(args.n, args.words, args.source)
    words = sum(len(t.split()) for t in texts)
    print(f"articles        {len(texts)} from {where}, {words} words", flush=True)
    print(f"load average    {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    pipeline = Pipeline()
    bare, bare_cpu = bare_spacy(pipeline, texts)
    print(
        f"bare nlp.pipe   {words / bare:8.0f} words/s ({bare:.1f} s, CPU {bare_cpu:.1f} s)",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        write_corpus(texts, folder)
        walls: dict[int, float] = {}
        for jobs in [] if args.no_whole else args.jobs:
            db = Path(tmp) / f"whole-{jobs}.db"
            seconds, cpu, rss = whole_process(folder, db, jobs)
            walls[jobs] = seconds
            print(
                f"whole process   {words / seconds:8.0f} words/s ({seconds:.1f} s, --jobs {jobs},"
                f" peak RSS {rss:.0f} MiB)  ratio {bare / seconds:.2f} (target >= 0.50);"
                f" CPU {cpu:.1f} s, CPU ratio {bare_cpu / cpu:.2f}"
                f"  [load {os.getloadavg()[0]:.1f}]",
                flush=True,
            )
        for jobs in sorted(walls)[1:] if 1 in walls else []:
            print(
                f"--jobs {jobs} vs --jobs 1  {walls[1] / walls[jobs]:.2f}x (wall; target >= 1.6x)"
            )
        if args.no_steady:
            return
        everything = time.process_time()
        seconds, stages, stage_cpu = steady_state(folder, Path(tmp) / "steady.db")
        everything = time.process_time() - everything
        loads, cpu = stage_cpu.pop(LOADS), stage_cpu.pop(TOTAL)
    print(
        f"steady state    {words / seconds:8.0f} words/s ({seconds:.1f} s)"
        f"  ratio {bare / seconds:.2f} (target >= 0.70); CPU {cpu:.1f} s,"
        f" CPU ratio {bare_cpu / cpu:.2f}  [load {os.getloadavg()[0]:.1f}]"
    )
    # Before the models were loaded first, the CPU total also held their loads and the
    # separate ingest pass timed for the stage table: printed for comparison.
    print(
        f"  as measured before (loads inside)  CPU {everything:.1f} s, ratio {bare_cpu / everything:.2f}"
    )
    print(f"  {'stage':36} {'wall':>9}  {'share':>6}  {'CPU':>8}  {'share':>6}")
    print(f"  {LOADS:36} {'':>9}  {'':>6}  {loads:6.2f} s  (not in the total)")
    for name, spent in stages.items():
        used = stage_cpu.get(name, 0.0)
        print(
            f"  {name:36} {spent:7.2f} s  {100 * spent / seconds:5.1f}%"
            f"  {used:6.2f} s  {100 * used / cpu:5.1f}%"
        )
    # Stage CPU is the CPU of the thread that ran the stage; what is left is the other threads'
    # (the story-linking encoder beside the analysis) and the loop itself.
    rest = cpu - sum(stage_cpu.values())
    print(
        f"  {'(encoding thread, loop, the rest)':36} {'':>9}  {'':>6}  {rest:6.2f} s  {100 * rest / cpu:5.1f}%"
    )
    if args.techniques:
        for label, spent in techniques_rates(texts):
            print(f"techniques {label:26} {words / spent:7.0f} words/s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS (this process) {peak:.0f} MiB")


if __name__ == "__main__":
    main()
