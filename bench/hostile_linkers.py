"""Linkers on hostile corpora: seconds per linker as the corpus doubles, and the exponent.

    python bench/hostile_linkers.py [--copies 75 150 300] [--events 1250 2500 5000]

Two shapes, built from one analysed example article (its items copied, never re-analysed):

- ``copies``: N near-identical documents (the article with one distinct closing line each,
  same date, outlets in turn), as a syndicated wire story repeated across outlets.
- ``events``: one document holding about E events (the article repeated, items shifted).

Each linker runs over the store and is timed; ``exp`` is the growth exponent between the last
two sizes (1.0 linear, 2.0 quadratic). A size stops being run once a linker passed ``--cap``.
"""

from __future__ import annotations

import argparse
import copy
import math
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = sorted((ROOT / "examples" / "corpus" / "articles").glob("*.txt"))[0]

from rashomon.document import Document, Item  # noqa: E402
from rashomon.linking import load_linkers  # noqa: E402
from rashomon.pipeline import Pipeline  # noqa: E402
from rashomon.store import open_store  # noqa: E402


def _renamed(value: Any, ids: dict[str, str]) -> Any:
    """Item ids inside fields (speaker mentions, arguments...) mapped to the copy's ids."""
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, dict):
        return {k: _renamed(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, ids) for v in value]
    return value


def _shift(value: Any, offset: int) -> Any:
    if isinstance(value, dict):
        moved = {k: _shift(v, offset) for k, v in value.items()}
        if isinstance(value.get("start"), int) and isinstance(value.get("end"), int):
            moved["start"], moved["end"] = value["start"] + offset, value["end"] + offset
        return moved
    if isinstance(value, list):
        return [_shift(v, offset) for v in value]
    return value


def copied(items: list[Item], doc_id: str, tag: str, offset: int = 0) -> list[Item]:
    """``items`` as another document's (or another repeat's), with fresh ids."""
    ids = {item.id: f"{tag}-{item.id}" for item in items}
    out = []
    for item in items:
        new = copy.deepcopy(item)
        new.id, new.doc = ids[item.id], doc_id
        new.start, new.end = item.start + offset, item.end + offset
        new.fields = _shift(_renamed(item.fields, ids), offset)
        out.append(new)
    return out


def time_linkers(store_path: str, cap: float) -> dict[str, float]:
    """Seconds of each linker over the store (a linker past ``cap`` is still let finish)."""
    seconds: dict[str, float] = {}
    with open_store(store_path) as store:
        for linker in load_linkers():
            start = time.perf_counter()
            linker.link(store)
            seconds[linker.name] = time.perf_counter() - start
            print(f"    {linker.name:<16} {seconds[linker.name]:8.2f} s", flush=True)
    return seconds


def build_copies(path: str, base: Document, items: list[Item], n: int, versions: dict) -> None:
    outlets = ["Wire A", "Wire B", "Daily C", "Herald D", "Post E"]
    with open_store(path) as store:
        for i in range(n):
            doc_id = f"copy-{i:04d}"
            text = base.text + f"\n\nThis copy carries closing line number {i}."
            doc = Document(
                id=doc_id, text=text, title=base.title, outlet=outlets[i % 5], date="2025-03-04"
            )
            store.save_document(doc, copied(items, doc_id, doc_id), versions)


def build_events(
    path: str, base: Document, items: list[Item], repeats: int, versions: dict
) -> None:
    sep = "\n\n"
    text = sep.join([base.text] * repeats)
    doc = Document(
        id="many-events", text=text, title=base.title, outlet="Wire A", date="2025-03-04"
    )
    all_items: list[Item] = []
    for r in range(repeats):
        all_items += copied(items, doc.id, f"r{r}", r * (len(base.text) + len(sep)))
    with open_store(path) as store:
        store.save_document(doc, all_items, versions)


def _report(rows: list[tuple[int, dict[str, float]]]) -> None:
    (n1, s1), (n2, s2) = rows[-2], rows[-1]
    for name in s2:
        a, b = s1.get(name, 0.0), s2[name]
        exp = math.log(b / a) / math.log(n2 / n1) if a > 0.01 and b > 0 else float("nan")
        print(f"  {name:<16} {a:8.2f} s -> {b:8.2f} s  exp {exp:4.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, nargs="*", default=[75, 150, 300])
    parser.add_argument("--events", type=int, nargs="*", default=[1250, 2500, 5000])
    parser.add_argument("--cap", type=float, default=300.0, help="stop growing past this")
    args = parser.parse_args()
    pipeline = Pipeline()
    base = Document(id="base", text=ARTICLE.read_text("utf-8"), title="A wire story")
    ((_, items),) = list(pipeline.analyse_many([base]))
    per = sum(item.kind == "events" for item in items)
    print(f"base article {ARTICLE.name}: {len(items)} items, {per} events")
    for shape, sizes in (("copies", args.copies), ("events", args.events)):
        rows: list[tuple[int, dict[str, float]]] = []
        for size in sizes:
            with tempfile.TemporaryDirectory() as tmp:
                path = str(Path(tmp) / "s.db")
                if shape == "copies":
                    build_copies(path, base, items, size, pipeline.versions)
                else:
                    build_events(path, base, items, max(1, size // max(per, 1)), pipeline.versions)
                print(f"{shape} {size}:", flush=True)
                rows.append((size, time_linkers(path, args.cap)))
            if len(rows) >= 2:
                _report(rows)
            if max(rows[-1][1].values()) > args.cap:
                print(f"  stopped: a linker passed {args.cap:g} s")
                break
    sys.stdout.flush()


if __name__ == "__main__":
    main()
