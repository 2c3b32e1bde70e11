"""Long documents: seconds per analyser for one document of each size, and how each grows.

    python bench/long_document.py [--sizes 20000 40000] [--whole]

Times are this process's CPU seconds (``--wall`` for wall seconds): on a shared machine other
jobs stretch wall time but not these. Each analyser runs over one spaCy parse of the whole document (so its own scaling shows: work
that rescans the document per token or per clause grows with the square of the length); the
growth column is the factor per doubling of length, and ``exp`` the exponent (1.0 = linear).
``--whole`` also times ``Pipeline.analyse_many``, which is what ``analyze`` runs (long
documents are split into parts there).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import SOURCES, long_document, timed  # noqa: E402

from rashomon.document import Document  # noqa: E402
from rashomon.pipeline import Pipeline  # noqa: E402

CLOCK = time.process_time  # CPU seconds of this process: other jobs' load leaves them alone


def per_analyser(pipeline: Pipeline, text: str) -> dict[str, float]:
    """Seconds of spaCy and of each analyser over one parse of ``text``."""
    seconds: dict[str, float] = {}
    nlp = pipeline.nlp
    nlp.max_length = max(nlp.max_length, len(text) + 1)
    for analyser in pipeline.analysers:
        analyser.analyse = timed(analyser.analyse, seconds, analyser.name, CLOCK)  # type: ignore[method-assign]
    start = CLOCK()
    parsed = nlp(text)
    seconds["spacy"] = CLOCK() - start
    pipeline.analyse(Document(id="long", text=text), parsed)
    return seconds


def whole(pipeline: Pipeline, text: str) -> float:
    """Seconds of ``analyse_many`` (spaCy and every analyser) over the document."""
    start = CLOCK()
    for _ in pipeline.analyse_many([Document(id="long", text=text)]):
        pass
    return CLOCK() - start


def main() -> None:
    """Print seconds per analyser for each size and the growth per doubling."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 40_000])
    parser.add_argument("--whole", action="store_true", help="also time analyse_many")
    parser.add_argument("--wall", action="store_true", help="wall seconds, not CPU seconds")
    parser.add_argument("--source", choices=SOURCES, default=None, help="texts from (polnear)")
    parser.add_argument("--python-gc", action="store_true", help="Python's collector thresholds")
    args = parser.parse_args()
    if not args.python_gc:  # as the `rashomon` command runs (a tree without them: Python's)
        import gc

        import rashomon.cli

        gc.set_threshold(*getattr(rashomon.cli, "GC_THRESHOLDS", gc.get_threshold()))
    if args.wall:
        global CLOCK
        CLOCK = time.perf_counter
    pipeline = Pipeline()
    list(pipeline.nlp.pipe(["Warm up the model."]))
    table: dict[int, dict[str, float]] = {}
    print(f"{'wall' if args.wall else 'CPU'} seconds of this process", flush=True)
    for size in args.sizes:
        where, text = long_document(size, args.source)
        words = len(text.split())
        table[size] = per_analyser(Pipeline(), text)
        total = sum(table[size].values())
        line = f"{words} words ({len(text)} chars, {where}): per-analyser total {total:.1f} s"
        if args.whole:
            line += f", analyse_many {whole(Pipeline(), text):.1f} s"
        print(line, flush=True)
    names = list(next(iter(table.values())))
    sizes = list(table)
    print(f"{'stage':14}" + "".join(f"{s:>10}" for s in sizes) + "   x/doubling   exp")
    for name in names:
        row = [table[s].get(name, 0.0) for s in sizes]
        growth, exponent = "", ""
        if len(sizes) > 1 and row[0] > 0.005:
            exponent_value = math.log(row[-1] / row[0]) / math.log(sizes[-1] / sizes[0])
            growth, exponent = f"{2**exponent_value:.2f}", f"{exponent_value:.2f}"
        print(f"{name:14}" + "".join(f"{v:10.2f}" for v in row) + f"{growth:>13}{exponent:>6}")


if __name__ == "__main__":
    main()
