"""Corpus-level linking at scale on the Parquet store (DuckDB reads): time and peak memory per
linker at N events, then the incremental link after adding 100 articles.

    python bench/scale_linking.py --events 100000 [--source store.db] [--keep DIR/]
    python bench/scale_linking.py --events 20000 --sqlite      # the same on an SQLite store

Running spaCy over the ~6,000 articles that hold 100k events takes hours on two cores, so the
corpus is generated from an analysed one instead (``--source``, by default the example corpus,
analysed once into a temporary SQLite file): every article is copied with all its items,
written straight into a ``ParquetStore`` through the store API (``save_many``, 2,000 documents a
partition, as ``compact()`` leaves them). Copy ``c`` of an article:

- gets the ids ``<doc>~c`` and ``<item id>~c`` (every field that points at an item follows);
- is dated ``14 * (c // 10)`` days later (the document, and every ISO date in its items'
  fields): ten copies run at once, each fortnight (the source spans 8 days, so fortnights do
  not touch);
- has its names (people, organisations, groups, places) replaced by invented words of the
  same length, and its gazetteer place ids suffixed, one mapping per "name world" ``c % 250``:
  offsets stay exact, the actors linker meets about 250 times the source's distinct names, and
  names recur 25 fortnights apart as real ones do.

So the ten concurrent copies are ten stories happening at once in ten places with ten casts,
each told by the source's outlets, as an archive's concurrent stories are. Sentence vectors use the hashing embedder (``RASHOMON_EMBEDDINGS=hashing``) so the
figures are the linkers' own cost; the MiniLM encoding cost is timed apart (``--encode``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("RASHOMON_EMBEDDINGS", "hashing")

from rashomon.document import Document, Item  # noqa: E402
from rashomon.scale.layout import Record  # noqa: E402
from rashomon.store import open_store  # noqa: E402
from rashomon.store.base import Store  # noqa: E402
from rashomon.store.parquet import ParquetStore  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NAME_LABELS = {"PERSON", "ORG", "NORP", "COLLECTIVE", "GPE", "LOC", "FAC"}
WORLDS = 250  # copies c and c + 250 share their invented names
CONCURRENT = 10  # copies dated the same fortnight
DAYS_APART = 14
PARTITION = 2000
ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
WORD = re.compile(r"[A-Z][a-z]+")


def source_store(path: str | None, work: Path) -> str:
    """The analysed store the copies come from (the example corpus analysed once by default,
    learned triggers off: their generic events join no story, and with them a copy has 613
    events instead of 168, so the bench's 100k events would be 1,630 articles, not 5,950)."""
    if path:
        return path
    target = work / "source.db"
    cmd = [
        sys.executable,
        "-m",
        "rashomon",
        "analyze",
        str(ROOT / "examples" / "corpus" / "articles"),
        "--set",
        "events.learned_triggers=false",
    ]
    subprocess.run([*cmd, "--db", str(target), "--quiet"], check=True)
    return str(target)


def load_source(path: str) -> list[tuple[Document, list[Item], dict[str, str]]]:
    """Every source document with its items and analyser versions."""
    with open_store(path, create=False) as store:
        out = []
        for doc in store.documents():
            state = store.state(doc.id)
            out.append((doc, list(store.items(doc=doc.id)), state.analysers if state else {}))
        return out


def name_words(items: list[Item]) -> set[str]:
    """Capitalised words inside person, organisation and group mentions."""
    words = set()
    for item in items:
        if item.kind == "mentions" and item.fields.get("label") in NAME_LABELS:
            words.update(WORD.findall(item.text))
    return words


def invented(word: str, world: int) -> str:
    """A made-up word of the same length, the same for one word in one name world."""
    rng = random.Random(f"{word}/{world}")
    letters = "".join(
        rng.choice("bcdfghklmnprstvz" if i % 2 else "aeiou") for i in range(len(word))
    )
    return word[0] if len(word) == 1 else rng.choice("BDFGKLMNPRSTVZ") + letters[1:]


class Copier:
    """Makes copy ``c`` of a source document (ids, dates and names varied)."""

    def __init__(
        self, source: list[tuple[Document, list[Item], dict[str, str]]], dated: bool = False
    ) -> None:
        self.source = source
        self.dated = dated  # events without a date get their document's
        words = set().union(*(name_words(items) for _, items, _ in source))
        self.pattern = re.compile(r"\b(" + "|".join(sorted(words, key=len, reverse=True)) + r")\b")

    def records(self, c: int) -> list[Record]:
        """Copy ``c`` of every source document."""
        return [self._copy(doc, items, versions, c) for doc, items, versions in self.source]

    def _copy(self, doc: Document, items: list[Item], versions: dict[str, str], c: int) -> Record:
        names = lambda s: self.pattern.sub(lambda m: invented(m.group(0), c % WORLDS), s)  # noqa: E731
        ids = {it.id: f"{it.id}~{c}" for it in items}
        text = names(doc.text)
        days = DAYS_APART * (c // CONCURRENT)
        new_doc = replace(
            doc,
            id=f"{doc.id}~{c}",
            text=text,
            title=names(doc.title) if doc.title else doc.title,
            date=_shift(doc.date, days) if doc.date else None,
            meta={},
        )
        new_items = [
            Item(
                it.kind,
                it.start,
                it.end,
                text[it.start : it.end],
                _fields(it.fields, ids, names, days, text, c % WORLDS),
                ids[it.id],
                new_doc.id,
            )
            for it in items
        ]
        if self.dated:  # undated events come first in the stories' order: see --dated
            for it in new_items:
                if it.kind == "events" and not it.fields.get("date"):
                    it.fields["date"] = new_doc.date
        return Record(new_doc, new_items, versions)


def _shift(value: str, days: int) -> str:
    def move(m: re.Match[str]) -> str:
        try:
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return m.group(0)
        return (day + timedelta(days=days)).isoformat()

    return ISO.sub(move, value)


def _fields(value: Any, ids: dict[str, str], names: Any, days: int, text: str, world: int) -> Any:
    """Fields with item ids renamed, dates shifted, names replaced and spans re-read."""
    if isinstance(value, dict):
        out = {k: _fields(v, ids, names, days, text, world) for k, v in value.items()}
        if isinstance(out.get("start"), int) and isinstance(out.get("end"), int) and "text" in out:
            out["text"] = text[out["start"] : out["end"]]
        return out
    if isinstance(value, list):
        return [_fields(v, ids, names, days, text, world) for v in value]
    if isinstance(value, str) and value.startswith("place:"):
        return f"{value}~{world}"
    if isinstance(value, str):
        return ids.get(value) or _shift(names(value), days)
    return value


def fill(store: Store, copier: Copier, first: int, copies: int) -> int:
    """Write copies ``first .. first+copies-1``; return the number of events written."""
    events, chunk = 0, []
    for c in range(first, first + copies):
        for record in copier.records(c):
            events += sum(1 for it in record.items if it.kind == "events")
            chunk.append(record)
        if len(chunk) >= PARTITION or c == first + copies - 1:
            if isinstance(store, ParquetStore):
                store.save_many(chunk)
            else:  # the SQLite peer: one transaction per document, as analyze does
                for r in chunk:
                    store.save_document(r.doc, r.items, r.analysers)
            chunk = []
    return events


def peak_reset() -> None:
    """Start a new peak-RSS window (Linux: writing 5 to clear_refs resets VmHWM)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_mb() -> float:
    """Peak resident memory of this process since the last reset, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def link_one(folder: str, name: str) -> None:
    """Run one linker on the store in this process; print its wall and CPU seconds and its
    peak RSS as JSON (a fresh process per linker, so each peak is the linker's own)."""
    from rashomon.linking import load_linkers

    linker = next(x for x in load_linkers() if x.name == name)
    with open_store(folder, create=False) as store:
        peak_reset()
        wall, cpu = time.perf_counter(), time.process_time()
        linker.link(store)
        figures = {"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu}
        if name == "contradictions":  # the last one: the store is linked
            store.set_meta("links_stale", "0")
    print(json.dumps(figures | {"peak_mb": peak_mb()}))


def link_all(folder: str, label: str) -> dict[str, dict[str, float]]:
    """Run every registered linker in order, each in a fresh process; print the figures."""
    from rashomon.linking import load_linkers

    figures: dict[str, dict[str, float]] = {}
    for linker in load_linkers():
        cmd = [sys.executable, __file__, "--link-one", linker.name, "--keep", folder]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"{linker.name} failed:\n{done.stderr[-3000:]}")
        figures[linker.name] = json.loads(done.stdout.strip().splitlines()[-1])
        _line(label, linker.name, figures[linker.name])
    total = {k: sum(f[k] for f in figures.values()) for k in ("wall_s", "cpu_s")}
    figures["total"] = total | {"peak_mb": max(f["peak_mb"] for f in figures.values())}
    _line(label, "total", figures["total"])
    return figures


def _line(label: str, name: str, f: dict[str, float]) -> None:
    print(
        f"  {label:11s} {name:15s} {f['wall_s']:8.1f} s wall {f['cpu_s']:8.1f} s CPU"
        f"  peak RSS {f['peak_mb']:6.0f} MB",
        flush=True,
    )


def encode_cost(n: int = 500) -> None:
    """Seconds per sentence of the MiniLM embedder (what the hashing embedder leaves out)."""
    from rashomon.linking.embeddings import get_embedder

    embedder = get_embedder("minilm")
    texts = [f"Sentence {i} says the council met on day {i} about the strike." for i in range(n)]
    embedder.encode(texts[:10])
    start = time.perf_counter()
    embedder.encode(texts)
    print(f"MiniLM encode: {(time.perf_counter() - start) / n * 1000:.2f} ms a sentence")


def main() -> None:
    """Generate, link, add 100 articles, link again."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--source", help="an analysed store to copy (default: example corpus)")
    parser.add_argument("--keep", help="write the store here and keep it (a folder: end in /)")
    parser.add_argument("--sqlite", action="store_true", help="an SQLite store, the peer")
    parser.add_argument("--encode", action="store_true", help="also time MiniLM encoding")
    parser.add_argument(
        "--dated",
        action="store_true",
        help="give every event without a date its article's date, so the +100 articles' events"
        " come after the stored ones in the stories' canonical order (undated events come first:"
        " with them the stories index is placed again)",
    )
    parser.add_argument("--link-one", help=argparse.SUPPRESS)  # the child of link_all
    options = parser.parse_args()
    if options.link_one:
        link_one(options.keep, options.link_one)
        return
    work = Path(tempfile.mkdtemp(prefix="rashomon-scale-link-"))
    try:
        copier = Copier(load_source(source_store(options.source, work)), options.dated)
        per_copy = sum(sum(it.kind == "events" for it in items) for _, items, _ in copier.source)
        copies = max(1, options.events // max(per_copy, 1))
        # a Parquet store is a folder named with a trailing "/" (pathlib drops it: add it back)
        folder = options.keep or (str(work / "store.db") if options.sqlite else f"{work}/store/")
        with open_store(folder) as store:
            start = time.perf_counter()
            events = fill(store, copier, 0, copies)
        docs = copies * len(copier.source)
        print(f"{docs} documents, {events} events written in {time.perf_counter() - start:.1f} s")
        link_all(folder, "full")
        extra = max(1, 100 // len(copier.source))
        with open_store(folder) as store:
            fill(store, copier, copies, extra)
        print(f"+{extra * len(copier.source)} documents", flush=True)
        link_all(folder, "incremental")
        if options.encode:
            encode_cost()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
