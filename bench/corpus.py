"""Benchmark texts built at run time, never committed.

Real-length articles come from ``../shared`` (research use only: read each NOTICE.md): PolNeAR
dev (the default), BASIL dev, the PTC training articles, or the seeds; without ``../shared`` the
example corpus stands in, its short articles joined in threes so that each is about as long as
a real one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POLNEAR = SHARED / "data" / "dev" / "polnear" / "dev.jsonl"
BASIL = SHARED / "data" / "dev" / "basil" / "dev.jsonl"
PTC = SHARED / "data" / "ptc" / "train" / "articles"
SEEDS = SHARED / "seeds"
EXAMPLES = ROOT / "examples" / "corpus" / "articles"
SOURCES = ("polnear", "basil", "ptc", "seeds", "examples")


def _words(text: str) -> int:
    return len(text.split())


def _jsonl_texts(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as rows:
        return [json.loads(line)["text"] for line in rows if line.strip()]


def _file_texts(folder: Path, pattern: str) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob(pattern))]


def source_texts(source: str | None = None) -> tuple[str, list[str]]:
    """(where the texts came from, the texts): ``source`` (one of ``SOURCES``) when given and
    present, else the first present of PolNeAR dev, the seeds and the example corpus."""
    readers: dict[str, tuple[Path, Callable[[], list[str]]]] = {
        "polnear": (POLNEAR, lambda: _jsonl_texts(POLNEAR)),
        "basil": (BASIL, lambda: _jsonl_texts(BASIL)),
        "ptc": (PTC, lambda: _file_texts(PTC, "*.txt")),
        "seeds": (SEEDS, lambda: _file_texts(SEEDS, "*.txt")),
    }
    names = [source] if source and source != "examples" else ["polnear", "seeds"]
    for name in names if source != "examples" else []:
        path, read = readers[name]
        texts = read() if path.exists() else []
        if texts:
            return f"{name} ({path.relative_to(SHARED)})", texts
    texts = _file_texts(EXAMPLES, "*.txt")
    joined = ["\n\n".join(texts[i : i + 3]) for i in range(0, len(texts), 3)]
    return "example corpus (joined in threes)", joined


def real_length_articles(
    n: int, words: int = 880, source: str | None = None
) -> tuple[str, list[str]]:
    """``n`` articles of about ``words`` words: the texts nearest that length, each used in turn,
    a copy numbered in its first line so that no two are identical."""
    where, texts = source_texts(source)
    ranked = sorted(texts, key=lambda t: (abs(_words(t) - words), t))
    pool = ranked[: max(1, min(n, len(ranked)))]
    articles = []
    for i in range(n):
        base = pool[i % len(pool)]
        articles.append(base if i < len(pool) else f"Copy {i}.\n\n{base}")
    return where, articles


def long_document(words: int, source: str | None = None) -> tuple[str, str]:
    """One document of about ``words`` words: source texts joined paragraph by paragraph."""
    where, texts = source_texts(source)
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
