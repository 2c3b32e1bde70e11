"""The scale-out store: a folder of Parquet partitions, read through DuckDB.

(Over 400 lines on purpose: it implements the whole ``Store`` interface, as ``sqlite.py`` does.)

Layout (``SCHEMA_VERSION`` in ``rashomon-store.json``)::

    store/rashomon-store.json            format and schema version
    store/meta.json, store/meta/<key>.txt  key-value metadata, large values in files of their own
    store/parts/<batch>/documents.parquet, items.parquet, duplicates.parquet
    store/actors/<generation>/actors.parquet, links.parquet
    store/linked/<linker>/<generation>/items.parquet, or layers (rashomon.scale.layers)
    store/_tmp/                          half-written files; never read

Every write goes to ``_tmp`` first and becomes visible with one ``rename``, so a killed run
leaves no half-written partition. Partitions are append-only: saving a document again writes a
newer batch (batch names sort by time), and readers take each document from its newest batch,
with that batch's items and duplicates. ``compact()`` rewrites the live rows and drops the rest.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
import time
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rashomon.document import Document, Item
from rashomon.errors import StoreError
from rashomon.scale.actor_tables import ActorTables, sql_path
from rashomon.scale.layout import (
    DOC_COLUMNS,
    FORMAT,
    MARKER,
    METADATA,
    SCHEMA_VERSION,
    Record,
    arrow,
    item_row,
    new_name,
    publish,
    write_partition,
    write_table,
)
from rashomon.scale.meta import MetaFiles
from rashomon.scale.reads import DocCache, KindCache
from rashomon.store.base import DocumentState, Duplicate, LinkedUpdate, Store

if TYPE_CHECKING:
    import duckdb

SHORT = 24  # characters: string field values this short are interned (labels, types)
STALE_TMP_SECONDS = 3600.0  # leftovers of killed writers older than this are removed on open


def _item(row: Sequence[Any]) -> Item:
    """An Item from ``id, doc, kind, start, end, text, data``.

    Its kind, document id, field names and short string values (labels, types, roles) are
    interned: every row would otherwise hold its own copies of them, and a linker holds
    hundreds of thousands of items (24 % less memory for the mentions and sentences of 100k
    events, 255 -> 193 MB, no slower; the short values took 7 % more)."""
    fields = _interned(json.loads(row[6]))
    return Item(sys.intern(row[2]), row[3], row[4], row[5], fields, row[0], sys.intern(row[1]))


def _interned(value: dict[str, Any], depth: int = 1) -> dict[str, Any]:
    """``value`` with its keys and short string values interned, one level of dicts down."""
    out = {}
    for key, item in value.items():
        if type(item) is str and len(item) < SHORT:
            item = sys.intern(item)
        elif depth and type(item) is dict:
            item = _interned(item, depth - 1)
        out[sys.intern(key)] = item
    return out


def _linker_folder(linker: str) -> None:
    """Refuse a linker name that cannot name a folder."""
    if not linker.replace("_", "").replace("-", "").isalnum():
        raise StoreError(f"linker name {linker!r} cannot name a folder")


class ParquetStore(ActorTables, Store):
    """A rashomon store in a folder of Parquet files; safe to kill at any moment."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self.root = Path(self.path)
        self._meta = MetaFiles(self.root)
        self._lock = threading.Lock()
        self._open_folder()
        import duckdb

        self.conn: duckdb.DuckDBPyConnection = duckdb.connect()
        self._index: dict[str, tuple[str, DocumentState]] | None = None
        self._grouped = KindCache()
        self._docs = DocCache()

    def _open_folder(self) -> None:
        arrow()
        marker = self.root / MARKER
        if self.root.exists() and not self.root.is_dir():
            raise StoreError(f"{self.path}: not a folder; a Parquet store is a folder")
        if not marker.exists():
            if self.root.is_dir() and any(self.root.iterdir()):
                raise StoreError(f"{self.path}: a folder that is not a rashomon store; not touched")
            self.root.mkdir(parents=True, exist_ok=True)
            info = {"format": FORMAT, "schema_version": SCHEMA_VERSION}
            self._meta.replace(marker, json.dumps(info, indent=1) + "\n")
        try:
            info = json.loads(marker.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"{self.path}: unreadable {MARKER} ({exc})") from exc
        if info.get("format") != FORMAT or not isinstance(info.get("schema_version"), int):
            raise StoreError(f"{self.path}: {MARKER} does not describe a rashomon Parquet store")
        if info["schema_version"] > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store schema v{info['schema_version']} is newer than this rashomon"
                f" (v{SCHEMA_VERSION}); upgrade rashomon"
            )
        self._remove_stale_tmp()

    def _remove_stale_tmp(self) -> None:
        tmp = self.root / "_tmp"
        cutoff = time.time() - STALE_TMP_SECONDS
        for entry in tmp.iterdir() if tmp.is_dir() else []:
            if entry.stat().st_mtime < cutoff:
                shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink()

    # -- reading ---------------------------------------------------------------------------

    def _query(self, sql: str, params: Sequence[object] = ()) -> Any:
        with self._lock:  # one DuckDB connection, and callers may read from several threads
            return self.conn.execute(sql, list(params))

    def _stream(self, sql: str, params: Sequence[object] = (), size: int = 1000) -> Iterator[Any]:
        """Rows of ``sql`` a chunk at a time, on a cursor of its own (so the caller may query
        the store while it iterates)."""
        cursor = self.conn.cursor()
        try:
            cursor.execute(sql, list(params))
            while rows := cursor.fetchmany(size):
                yield from rows
        finally:
            cursor.close()

    def _parts(self, name: str) -> str | None:
        """``read_parquet`` over every partition's ``name`` file, or None when there is none."""
        parts = self.root / "parts"
        if not parts.is_dir() or not any(parts.iterdir()):
            return None
        return f"read_parquet({sql_path(parts / '*' / f'{name}.parquet')})"

    def _live_sql(self, columns: str) -> str | None:
        """Each document's newest row, with ``columns``."""
        docs = self._parts("documents")
        if docs is None:
            return None
        return (
            f"SELECT {columns} FROM {docs}"
            " QUALIFY row_number() OVER (PARTITION BY id ORDER BY batch DESC) = 1"
        )

    def refresh(self) -> None:
        """Forget cached reads (call after other processes wrote partitions)."""
        self._index = None
        self._grouped.clear()
        self._docs.clear()

    def _states(self) -> dict[str, tuple[str, DocumentState]]:
        if self._index is None:
            sql = self._live_sql(f"id, batch, sha256, analysers, source, {', '.join(METADATA)}")
            rows = self._query(sql).fetchall() if sql else []
            self._index = {
                r[0]: (
                    r[1],
                    DocumentState(
                        r[2], json.loads(r[3]), r[4], dict(zip(METADATA, r[5:], strict=True))
                    ),
                )
                for r in rows
            }
        return self._index

    def state(self, doc_id: str) -> DocumentState | None:
        """The stored hash and analyser versions of a document, or None if absent."""
        found = self._states().get(doc_id)
        return found[1] if found else None

    def documents(self) -> Iterator[Document]:
        """All stored documents, ordered by id."""
        yield from self._documents()

    def document(self, doc_id: str) -> Document | None:
        """One stored document, or None (its whole partition is read once and kept: linkers
        ask for documents one by one)."""
        found = self._states().get(doc_id)
        if found is None:
            return None
        doc = self._docs.get(found[0], doc_id, lambda: list(self._documents(batch=found[0])))
        return replace(doc, meta=dict(doc.meta)) if doc is not None else None

    def _documents(self, batch: str | None = None) -> Iterator[Document]:
        columns = ", ".join([*DOC_COLUMNS, "meta"])
        if batch is None:
            sql = self._live_sql(columns)
            query = f"SELECT * FROM ({sql}) ORDER BY id"
        else:  # one partition's rows (the caller keeps those whose live batch it is)
            sql = f"read_parquet({sql_path(self.root / 'parts' / batch / 'documents.parquet')})"
            query = f"SELECT {columns} FROM {sql}"
        if sql is None:
            return
        for row in self._stream(query, [], 500):
            fields = dict(zip(DOC_COLUMNS, row[:-1], strict=True))
            yield Document(**fields, meta=json.loads(row[-1]))

    def _in_batch(self, doc_id: str, name: str) -> str | None:
        """``read_parquet`` of the ``name`` file of the batch holding ``doc_id``'s live row."""
        found = self._states().get(doc_id)
        if found is None:
            return None
        return f"read_parquet({sql_path(self.root / 'parts' / found[0] / f'{name}.parquet')})"

    def items(self, kind: str | None = None, doc: str | None = None) -> Iterator[Item]:
        """Stored per-document items, optionally of one kind and/or one document."""
        if kind is not None and doc is not None:
            yield from self._items_of(kind, doc)
            return
        if doc is not None:  # one document: only its live batch
            sql = self._in_batch(doc, "items")
            if sql is not None:
                query = f'SELECT id, doc, kind, start, "end", text, data FROM {sql} WHERE doc = ?'
                yield from map(_item, self._stream(f"{query} ORDER BY seq", [doc]))
            return
        table = self._live_items(["i.kind = ?"] if kind is not None else [])
        if table is not None:
            params = [kind] if kind is not None else []
            yield from map(_item, self._stream(f"{table} ORDER BY i.doc, i.seq", params))

    def _live_items(self, where: list[str]) -> str | None:
        live = self._live_sql("id, batch")
        items = self._parts("items")
        if live is None or items is None:
            return None
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return (
            'SELECT i.id, i.doc, i.kind, i.start, i."end", i.text, i.data, i.seq'
            f" FROM {items} i JOIN ({live}) d ON i.doc = d.id AND i.batch = d.batch {clause}"
        )

    def _items_of(self, kind: str, doc: str) -> Iterator[Item]:
        """One document's items of one kind, from the kind's items grouped by document: linkers
        ask document by document, and one Parquet scan per question would be slow."""

        def load() -> Any:
            sql = self._live_items(["i.kind = ?"])
            if sql is None:
                return None
            with self._lock:
                return self.conn.sql(f"{sql} ORDER BY i.doc, i.seq", params=[kind]).to_arrow_table()

        grouped = self._grouped.get(kind, load, doc)
        if grouped is not None and doc in grouped[1]:
            first, count = grouped[1][doc]
            columns = grouped[0].slice(first, count).to_pydict()
            yield from map(_item, zip(*columns.values(), strict=True))

    def kinds(self) -> dict[str, int]:
        """Item counts by kind (per-document and corpus-level)."""
        counts: dict[str, int] = {}
        for sql in (self._live_items([]), self._linked_sql()):
            if sql is not None:
                for kind, n in self._query(
                    f"SELECT kind, COUNT(*) FROM ({sql}) GROUP BY kind"
                ).fetchall():
                    counts[kind] = counts.get(kind, 0) + n
        return dict(sorted(counts.items()))

    def hashes(self) -> Iterator[tuple[str, str]]:
        """(document id, sha256) of every stored document."""
        yield from sorted((doc_id, s.sha256) for doc_id, (_, s) in self._states().items())

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """Near-duplicate signatures of stored documents."""
        sql = self._live_sql("id, signature")
        if sql is not None:
            query = f"SELECT * FROM ({sql}) WHERE signature IS NOT NULL ORDER BY id"
            yield from (tuple(r) for r in self._query(query).fetchall())

    def duplicates(self) -> list[Duplicate]:
        """All recorded duplicate links."""
        live, dups = self._live_sql("id, batch"), self._parts("duplicates")
        if live is None or dups is None:
            return []
        sql = (
            f"SELECT u.doc, u.other, u.kind, u.similarity FROM {dups} u"
            f" JOIN ({live}) d ON u.doc = d.id AND u.batch = d.batch ORDER BY u.doc, u.other"
        )
        return [Duplicate(*row) for row in self._query(sql).fetchall()]

    def linked(self, kind: str | None = None) -> Iterator[Item]:
        """Corpus-level items (stories, contradictions...), optionally of one kind."""
        sql = self._linked_sql()
        if sql is None:
            return
        where = "WHERE kind = ?" if kind is not None else ""
        query = f'SELECT id, doc, kind, start, "end", text, data FROM ({sql}) {where}'
        # streamed: at 100k events the contradictions alone are 2.2 GB of JSON
        rows = self._stream(f"{query} ORDER BY doc, seq, linker", [kind] if kind else [])
        yield from map(_item, rows)

    def item_fields(
        self,
        kind: str,
        names: Sequence[str],
        *,
        linked: bool = False,
        within: tuple[str, Collection[str]] | None = None,
    ) -> Iterator[tuple[Any, ...]]:
        """``(id, doc, text, *values)`` of every item of ``kind`` (``Store``): DuckDB extracts
        the fields from the JSON (and filters on ``within``), so the rest is never parsed."""
        from rashomon.scale.reads import fields_sql

        source = self._linked_sql() if linked else self._live_items(["i.kind = ?"])
        if source is not None:
            params = [kind] if not linked else []
            query = (source, kind if linked else None, within)
            yield from fields_sql(self._stream, query, names, params)

    def _linked_sql(self) -> str | None:
        """Every linker's live rows (``id, doc, kind, start, "end", text, data, seq, linker``):
        each linker's newest generation, a plain file or layers (``rashomon.scale.layers``)."""
        from rashomon.scale.layers import read_sql

        folder = self.root / "linked"
        found = (
            [g for d in sorted(folder.iterdir()) if (g := self._current(d))]
            if folder.is_dir()
            else []
        )
        if not found:
            return None
        return " UNION ALL ".join(f"({read_sql(g)})" for g in found)

    @staticmethod
    def _current(folder: Path) -> Path | None:
        """The newest generation in ``folder`` (names sort by time)."""
        names = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
        return folder / names[-1] if names else None

    def get_meta(self, key: str) -> str | None:
        """A value from the store's key-value metadata."""
        return self._meta.get(key)

    def meta_items(self) -> dict[str, str]:
        """Every key-value metadata entry."""
        return self._meta.items()

    # -- writing ---------------------------------------------------------------------------

    def save_document(
        self,
        doc: Document,
        items: Iterable[Item],
        analysers: dict[str, str],
        *,
        signature: bytes | None = None,
        duplicates: Iterable[Duplicate] = (),
    ) -> None:
        """Replace one document and all its items atomically (one new partition)."""
        self.save_many([Record(doc, list(items), analysers, signature, list(duplicates))])

    def save_many(self, records: Sequence[Record]) -> None:
        """Write many documents as one partition (far fewer files than one per document)."""
        if records:
            write_partition(self.root, records)
            self.refresh()

    def update_metadata(self, doc: Document) -> None:
        """Replace a stored document's metadata without touching its text or items: the
        document is written again, with its items and duplicates, as a newer partition."""
        stored = self.document(doc.id)
        state = self.state(doc.id)
        if stored is None or state is None:
            return
        for name in (*METADATA, "source"):
            setattr(stored, name, getattr(doc, name))
        stored.meta = {**stored.meta, **doc.meta}
        signature = dict(self.signatures()).get(doc.id)
        dups = [d for d in self.duplicates() if d.doc == doc.id]
        items = list(self.items(doc=doc.id))
        self.save_many([Record(stored, items, state.analysers, signature, dups)])

    def doc_items(
        self, kind: str, docs: Collection[str], ids: Collection[str] | None = None
    ) -> Iterator[Item]:
        """The items of ``kind`` of ``docs`` (``Store``), in one streamed DuckDB query (hash
        semi-joins on the unnested lists of documents and ids)."""
        where = ["i.kind = ?", "i.doc IN (SELECT unnest(?::VARCHAR[]))"]
        params: list[object] = [kind, sorted(docs)]
        if ids is not None:
            where.append("i.id IN (SELECT unnest(?::VARCHAR[]))")
            params.append(sorted(ids))
        table = self._live_items(where)
        if table is not None and docs:
            yield from map(_item, self._stream(f"{table} ORDER BY i.doc, i.seq", params, 5000))

    def replace_linked(self, linker: str, items: Iterable[Item]) -> None:
        """Replace everything one corpus-level linker produced, atomically."""
        _linker_folder(linker)
        rows = (item_row(it, n) | {"linker": linker} for n, it in enumerate(items))
        self._drop_item_cache()
        self._replace_generation(
            self.root / "linked" / linker,
            lambda f: write_table(rows, "linked", f / "items.parquet"),
        )

    def replace_grouped(self, linker: str, update: LinkedUpdate) -> None:
        """Replace everything one linker produced with ``update.items`` (``Store``), written
        as a base layer that keeps each item's group, so that updates add layers."""
        from rashomon.scale.layers import write_whole

        _linker_folder(linker)
        self._drop_item_cache()
        self._replace_generation(
            self.root / "linked" / linker, lambda f: write_whole(f, linker, update)
        )

    def update_linked(self, linker: str, update: LinkedUpdate) -> None:
        """Replace one linker's items of some groups, keeping the others (``Store``): the new
        rows are one more layer over the stored ones, which are never read or copied
        (``rashomon.scale.layers``; now and then the layers are compacted inside DuckDB)."""
        from rashomon.scale.layers import write_update

        old = self._current(self.root / "linked" / linker)
        self._drop_item_cache()
        if old is None or not update.field.isidentifier():
            super().update_linked(linker, update)
            return
        with self._lock:
            self._replace_generation(
                self.root / "linked" / linker,
                lambda f: write_update(self.conn, old, f, linker, update),
            )

    def changed_since(self, mark: str | None) -> tuple[str, set[str] | None]:
        """The newest partition's name, and the documents whose live row is newer than
        ``mark`` (partitions are append-only and their names sort by time; ``compact`` rewrites
        every document, so after it everything has changed)."""
        states = self._states()
        now = max((batch for batch, _ in states.values()), default="")
        if not mark:
            return now, None
        return now, {doc_id for doc_id, (batch, _) in states.items() if batch > mark}

    def _drop_item_cache(self) -> None:
        """Forget the kinds read whole before a linker's output is written: the linker holds
        what it read as items by then, and its output is the other large thing in memory (at
        100k events the Arrow copies were 0.2 GB of a 2.7 GB peak). A later linker in the same
        process reads the kinds it needs again, one scan each."""
        self._grouped.clear()

    def _replace_generation(self, folder: Path, fill: Any) -> None:
        old = [p for p in folder.iterdir()] if folder.is_dir() else []
        publish(self.root, folder / new_name(), fill)
        for path in old:  # superseded already; removing them is only tidying
            shutil.rmtree(path, ignore_errors=True)

    def set_meta(self, key: str, value: str) -> None:
        """Set a key-value metadata entry."""
        self._meta.set(key, value)

    def compact(self) -> int:
        """Rewrite the live documents into few partitions and delete every older partition;
        return how many partition folders were removed."""
        from rashomon.scale.records import compact

        removed = compact(self)
        self.refresh()
        return removed

    def close(self) -> None:
        """Release the store."""
        self.conn.close()
