"""Throughput: the full ``analyze`` against bare spaCy ``nlp.pipe`` on the same texts.

Builds N articles from the example corpus (paragraphs rotated, figures changed, so no two are
identical), then in one process times bare ``nlp.pipe`` and the full pipeline (ingest, all
analysers, store writes, linkers) and prints words/s of each, their ratio and peak RSS.

    python bench/throughput.py [--n 1000] [--jobs 1]
"""

from __future__ import annotations

import argparse
import re
import resource
import tempfile
import time
from pathlib import Path

from rashomon.analyze import analyze
from rashomon.ingest import load_documents
from rashomon.pipeline import Pipeline
from rashomon.store import open_store

CORPUS = Path(__file__).resolve().parents[1] / "examples" / "corpus" / "articles"


def build_corpus(n: int, folder: Path) -> list[str]:
    """Write ``n`` varied articles to ``folder`` and return their texts."""
    bases = [d.text for d in load_documents([str(CORPUS)]) if not isinstance(d, Exception)]
    texts = []
    for i in range(n):
        paragraphs = bases[i % len(bases)].split("\n\n")
        shift = (i // len(bases)) % max(1, len(paragraphs) - 1)
        body = paragraphs[:1] + paragraphs[1 + shift :] + paragraphs[1 : 1 + shift]
        text = re.sub(r"\d+", lambda m, k=i % 7: str(int(m.group()) + k), "\n\n".join(body))
        text += f"\n\nArchive reference {i}."
        (folder / f"bench-{i:05d}.txt").write_text(text, encoding="utf-8")
        texts.append(text)
    return texts


def techniques_rates(texts: list[str]) -> list[tuple[str, float]]:
    """Seconds the techniques detector needs for ``texts``: the pipeline's n-gram mode and the
    accurate mode (MiniLM tagger and heads, ``--set techniques.tagger=true``) when installed."""
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
    """Print words/s of bare spaCy and of the full pipeline, their ratio and peak RSS."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="articles to analyse")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes for analyze")
    parser.add_argument(
        "--techniques-n", type=int, default=100, help="articles for the techniques timings"
    )
    args = parser.parse_args()
    pipeline = Pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        texts = build_corpus(args.n, folder)
        words = sum(len(t.split()) for t in texts)
        list(pipeline.nlp.pipe(texts[:20]))  # load and warm up the model outside the timings

        start = time.perf_counter()
        for _ in pipeline.nlp.pipe(texts, batch_size=32):
            pass
        bare = time.perf_counter() - start

        start = time.perf_counter()
        with open_store(str(Path(tmp) / "bench.db")) as store:
            report = analyze([str(folder)], store, pipeline=pipeline, jobs=args.jobs)
        full = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"articles            {args.n} ({words} words), analysed {len(report.analysed)}")
    print(f"analysers           {', '.join(a.name for a in pipeline.analysers)}")
    print(f"bare nlp.pipe       {words / bare:9.0f} words/s  ({bare:.1f} s)")
    print(f"full analyze        {words / full:9.0f} words/s  ({full:.1f} s, jobs={args.jobs})")
    print(f"ratio full/bare     {bare / full:9.2f}  (target >= 0.5)")
    sample = texts[: args.techniques_n]
    sample_words = sum(len(t.split()) for t in sample)
    for label, seconds in techniques_rates(sample):
        print(
            f"techniques {label:26} {sample_words / seconds:7.0f} words/s  ({len(sample)} articles)"
        )
    print(f"peak RSS            {peak_mib:9.0f} MiB")


if __name__ == "__main__":
    main()
