"""Benchmark texts built at run time, never committed.

Real-length articles come from ``../shared/data/dev/polnear`` (research use only: read its
NOTICE.md) or the seeds; without ``../shared`` the example corpus stands in, its short articles
joined in threes so that each is about as long as a real one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POLNEAR = SHARED / "data" / "dev" / "polnear" / "dev.jsonl"
SEEDS = SHARED / "seeds"
EXAMPLES = ROOT / "examples" / "corpus" / "articles"


def _words(text: str) -> int:
    return len(text.split())


def source_texts() -> tuple[str, list[str]]:
    """(where the texts came from, the texts), longest available first choice."""
    if POLNEAR.is_file():
        with POLNEAR.open(encoding="utf-8") as rows:
            texts = [json.loads(line)["text"] for line in rows if line.strip()]
        return "polnear dev", texts
    if SEEDS.is_dir():
        texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
        if texts:
            return "seeds", texts
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    joined = ["\n\n".join(texts[i : i + 3]) for i in range(0, len(texts), 3)]
    return "example corpus (joined in threes)", joined


def real_length_articles(n: int, words: int = 880) -> tuple[str, list[str]]:
    """``n`` articles of about ``words`` words: the texts nearest that length, each used in turn,
    a copy numbered in its first line so that no two are identical."""
    where, texts = source_texts()
    ranked = sorted(texts, key=lambda t: (abs(_words(t) - words), t))
    pool = ranked[: max(1, min(n, len(ranked)))]
    articles = []
    for i in range(n):
        base = pool[i % len(pool)]
        articles.append(base if i < len(pool) else f"Copy {i}.\n\n{base}")
    return where, articles


def long_document(words: int) -> tuple[str, str]:
    """One document of about ``words`` words: source texts joined paragraph by paragraph."""
    where, texts = source_texts()
    parts: list[str] = []
    total = 0
    for text in _cycle(texts):
        for paragraph in re.split(r"\n\s*\n", text):
            if total >= words:
                return where, "\n\n".join(parts)
            if paragraph.strip():
                parts.append(paragraph.strip())
                total += _words(paragraph)
    raise AssertionError("unreachable")


def _cycle(texts: list[str]) -> Iterator[str]:
    while True:
        yield from texts


def timed(fn: Callable, into: dict[str, float], name: str, clock: Callable = None) -> Callable:  # type: ignore[assignment]
    """``fn`` wrapped to add its seconds to ``into[name]``; ``clock``: ``time.perf_counter``
    (wall, the default) or ``time.process_time`` (this process's CPU: steady on a shared
    machine, where other jobs' load stretches wall time)."""
    import time

    now = clock or time.perf_counter

    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = now()
        try:
            return fn(*args, **kwargs)
        finally:
            into[name] = into.get(name, 0.0) + now() - start

    return wrapper
