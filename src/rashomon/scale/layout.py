"""The Parquet store's files: layout, schemas and the atomic partition writer.

Only pyarrow is needed here, so Ray workers write partitions without DuckDB; the store that
reads them is ``rashomon.store.parquet.ParquetStore`` (its docstring shows the layout).
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rashomon.document import Document, Item
from rashomon.errors import StoreError
from rashomon.store.base import Duplicate

if TYPE_CHECKING:
    import pyarrow as pa


FORMAT = "rashomon-parquet"
SCHEMA_VERSION = 1
MARKER = "rashomon-store.json"
METADATA = ("title", "outlet", "date", "url", "author")
DOC_COLUMNS = ("id", "text", "title", "outlet", "date", "url", "author", "language", "source")
WRITE_ROWS = 20_000  # rows converted to Arrow at a time
# ... and at most this many characters of text and JSON: a linked item's JSON can be tens of kB
# (a fact's every reading on each of its items), so 20,000 of them were a gigabyte held twice.
WRITE_CHARS = 4_000_000
_MISSING = "scale-out store needs pyarrow and duckdb: pip install 'rashomon[scale]'"


@dataclass
class Record:
    """One analysed document as a partition holds it."""

    doc: Document
    items: list[Item]
    analysers: dict[str, str]
    signature: bytes | None = None
    duplicates: list[Duplicate] = field(default_factory=list)


def is_parquet_store(path: str | os.PathLike[str]) -> bool:
    """A folder (existing, or a path ending in a separator) names a Parquet store."""
    text = os.fspath(path)
    return Path(text).is_dir() or text.endswith(("/", os.sep))


def new_name() -> str:
    """A batch or generation name that sorts after every earlier one."""
    return f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"


def arrow() -> Any:
    """pyarrow and pyarrow.parquet, or a StoreError saying how to install them."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - the scale extra is missing
        raise StoreError(_MISSING) from exc
    return pa, pq


def schemas() -> dict[str, pa.Schema]:
    """The Arrow schema of each kind of file."""
    pa, _ = arrow()
    s, i, f = pa.string(), pa.int64(), pa.float64()
    doc_cols = [(c, s) for c in DOC_COLUMNS]
    item_cols = [("id", s), ("doc", s), ("kind", s), ("start", i), ("end", i), ("text", s)]
    return {
        "documents": pa.schema(
            [("batch", s), ("sha256", s), *doc_cols, ("meta", s), ("analysers", s)]
            + [("signature", pa.binary()), ("analysed_at", s)]
        ),
        "items": pa.schema([("batch", s), *item_cols, ("data", s), ("seq", i)]),
        "duplicates": pa.schema(
            [("batch", s), ("doc", s), ("other", s), ("kind", s), ("similarity", f)]
        ),
        "linked": pa.schema([*item_cols, ("data", s), ("seq", i), ("linker", s)]),
        # a layer of a linker's output (rashomon.scale.layers): each row's group and layer
        "layer": pa.schema(
            [*item_cols, ("data", s), ("seq", i), ("linker", s), ("grp", s), ("layer", i)]
        ),
        "actors": pa.schema([("id", s), ("name", s), ("type", s), ("aliases", s), ("data", s)]),
        "links": pa.schema([("mention", s), ("actor", s)]),
    }


def dumps(value: object) -> str:
    """JSON as every file stores it (sorted keys, UTF-8)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def write_table(rows: Iterable[dict[str, Any]], schema: str, path: Path) -> None:
    """Write ``rows`` as one zstd Parquet file with the named schema, ``WRITE_ROWS`` rows or
    ``WRITE_CHARS`` characters of strings at a time, whichever comes first (a linker's hundreds
    of thousands of items never sit in memory twice over)."""
    pa, pq = arrow()
    with pq.ParquetWriter(path, schemas()[schema], compression="zstd") as writer:
        for chunk in batched(rows, WRITE_ROWS, WRITE_CHARS):
            writer.write_table(pa.Table.from_pylist(chunk, schema=schemas()[schema]))


def batched(rows: Iterable[Any], size: int, chars: int | None = None) -> Iterator[list[Any]]:
    """Consecutive lists of at most ``size`` rows and (rows being dicts) about ``chars``
    characters of their string values, at least one row a list (one empty list for no rows: a
    file with the schema and no rows is still written)."""
    chunk: list[Any] = []
    held, full = 0, False
    for row in rows:
        chunk.append(row)
        if chars is not None:
            held += sum(len(v) for v in row.values() if isinstance(v, str))
        if len(chunk) >= size or (chars is not None and held >= chars):
            yield chunk
            chunk, held, full = [], 0, True
    if chunk or not full:
        yield chunk


def publish(root: Path, target: Path, fill: Any) -> None:
    """Write into a fresh folder under ``_tmp`` with ``fill(folder)``, then rename it to
    ``target`` in one step (POSIX ``rename`` is atomic within one file system)."""
    tmp = root / "_tmp" / f"{target.name}.{uuid.uuid4().hex[:8]}"
    tmp.mkdir(parents=True)
    try:
        fill(tmp)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_partition(root: str | Path, records: Sequence[Record]) -> str:
    """Write ``records`` as one new partition of the store at ``root``; return its batch name.

    Needs only pyarrow (Ray workers call it); item ids must be unique within the partition."""
    root = Path(root)
    batch = new_name()
    seen: set[str] = set()
    for record in records:
        for item in record.items:
            if item.id in seen:
                raise StoreError(f"{root}: item id {item.id!r} appears twice; nothing written")
            seen.add(item.id)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    docs, items, dups = [], [], []
    for r in records:
        row = {c: getattr(r.doc, c) for c in DOC_COLUMNS}
        row |= {"batch": batch, "sha256": r.doc.sha256, "meta": dumps(r.doc.meta)}
        row |= {"analysers": dumps(r.analysers), "signature": r.signature, "analysed_at": now}
        docs.append(row)
        items += [item_row(it, n, r.doc.id) | {"batch": batch} for n, it in enumerate(r.items)]
        dups += [{"batch": batch, **d.__dict__} for d in r.duplicates]

    def fill(folder: Path) -> None:
        write_table(docs, "documents", folder / "documents.parquet")
        # Sorted by kind, so that a reader of one kind skips other row groups by their stats.
        write_table(
            sorted(items, key=lambda x: (x["kind"], x["doc"], x["seq"])),
            "items",
            folder / "items.parquet",
        )
        write_table(dups, "duplicates", folder / "duplicates.parquet")

    publish(root, root / "parts" / batch, fill)
    return batch


def item_row(item: Item, seq: int, doc: str | None = None) -> dict[str, Any]:
    """An item as a Parquet row; ``seq`` keeps the order the analysers gave."""
    return {
        "id": item.id,
        "doc": doc if doc is not None else item.doc,
        "kind": item.kind,
        "start": item.start,
        "end": item.end,
        "text": item.text,
        "data": dumps(item.fields),
        "seq": seq,
    }
