"""Whole stores as streams of records: what ``compact`` and ``rashomon migrate`` copy."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rashomon.document import Item
from rashomon.scale.layout import Record, write_partition
from rashomon.store.base import Duplicate, Store

if TYPE_CHECKING:
    from rashomon.store.parquet import ParquetStore

PARTITION_DOCS = 2000  # documents per partition written by compact() and migrate


def records(store: Store) -> Iterator[Record]:
    """Every stored document with its items, versions, signature and duplicates, by id.

    Documents and items both come ordered by document id, so they are merged in one pass
    without holding the corpus in memory (only signatures and duplicates are held)."""
    signatures = dict(store.signatures())
    by_doc: dict[str, list[Duplicate]] = {}
    for dup in store.duplicates():
        by_doc.setdefault(dup.doc, []).append(dup)
    items = iter(store.items())
    pending: Item | None = next(items, None)
    for doc in store.documents():
        while pending is not None and pending.doc < doc.id:  # an orphan: nothing owns it
            pending = next(items, None)
        mine: list[Item] = []
        while pending is not None and pending.doc == doc.id:
            mine.append(pending)
            pending = next(items, None)
        state = store.state(doc.id)
        versions = state.analysers if state else {}
        yield Record(doc, mine, versions, signatures.get(doc.id), by_doc.get(doc.id, []))


def chunks(stream: Iterator[Record], size: int = PARTITION_DOCS) -> Iterator[list[Record]]:
    """Consecutive lists of at most ``size`` records."""
    chunk: list[Record] = []
    for record in stream:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def compact(store: ParquetStore) -> int:
    """Rewrite the live rows of a Parquet store into few partitions, then delete the older
    partitions; return how many were deleted. A kill part-way leaves every document readable
    (the new partitions are newer, so they win; the old ones are only removed at the end)."""
    parts = store.root / "parts"
    old = sorted(parts.iterdir()) if parts.is_dir() else []
    for chunk in chunks(records(store)):
        write_partition(store.root, chunk)
    for path in old:
        shutil.rmtree(path, ignore_errors=True)
    return len(old)
