"""The default store: one SQLite file (WAL, foreign keys), one transaction per document."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from rashomon import drills
from rashomon.document import Document, Item
from rashomon.errors import StoreError
from rashomon.store.base import Actor, DocumentState, Duplicate, LinkedUpdate, Store
from rashomon.store.migrations import MIGRATIONS, SCHEMA_VERSION

DOC_COLUMNS = "id, text, title, outlet, date, url, author, language, source, meta"
METADATA = ("title", "outlet", "date", "url", "author")
_WAL_TRIES = 200  # 10 s of 50 ms waits
_READ_ONLY = "the store is read-only (file permissions, an immutable file or a read-only disk)"


class SQLiteStore(Store):
    """A rashomon store in one SQLite file; safe to kill at any moment (WAL + transactions)."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = str(path)
        try:
            # mode=rw: a reader never creates the file (sqlite3.connect would, empty).
            target = self.path if create else f"{Path(self.path).resolve().as_uri()}?mode=rw"
            self.conn = sqlite3.connect(target, isolation_level=None, timeout=30, uri=not create)
            self._refuse_foreign(create)  # before any PRAGMA that would change another app's file
            self._use_wal()
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable rashomon store ({exc})") from exc

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store schema v{version} is newer than this rashomon (v{SCHEMA_VERSION});"
                " upgrade rashomon"
            )
        while version < SCHEMA_VERSION:
            with self._transaction():
                # Read again under the write lock: another process opening the same new
                # file may have migrated it between the read above and BEGIN IMMEDIATE.
                version = self.conn.execute("PRAGMA user_version").fetchone()[0]
                if version >= SCHEMA_VERSION:
                    break
                # executescript would commit early; run statement by statement inside BEGIN.
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        self.conn.execute(statement)
                version += 1
                self.conn.execute(f"PRAGMA user_version = {version}")

    def _use_wal(self) -> None:
        """WAL mode, which the file keeps once set. Switching a new file needs its exclusive
        lock, and SQLite answers "locked" at once, busy timeout or not, when another process
        opening the same new file holds it: wait and try again."""
        for attempt in range(_WAL_TRIES):
            try:
                self.conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or attempt == _WAL_TRIES - 1:
                    raise
                time.sleep(0.05)

    def _refuse_foreign(self, create: bool = True) -> None:
        """StoreError for an SQLite file of another application (tables, no rashomon schema),
        and, unless ``create``, for any file that is not yet a rashomon store (empty too)."""
        # One statement, one snapshot: another process may create the schema and set its
        # version between two separate reads.
        rows = self.conn.execute(
            "SELECT (SELECT user_version FROM pragma_user_version), name"
            " FROM (SELECT NULL AS name UNION ALL"
            " SELECT name FROM sqlite_master WHERE type = 'table')"
        ).fetchall()
        if rows[0][0] != 0:
            return
        names = [name for _, name in rows if name is not None]
        if not create or any(not name.startswith("sqlite_") for name in names):
            self.conn.close()
            raise StoreError(
                f"{self.path}: an SQLite database that is not a rashomon store; not touched"
                " (give another --db)"
            )

    def _transaction(self) -> _Transaction:
        return _Transaction(self.conn, self.path)

    def state(self, doc_id: str) -> DocumentState | None:
        """The stored hash and analyser versions of a document, or None if absent."""
        row = self.conn.execute(
            f"SELECT sha256, analysers, source, {', '.join(METADATA)} FROM documents WHERE id = ?",
            (doc_id,),
        ).fetchone()
        if row is None:
            return None
        return DocumentState(
            row[0], json.loads(row[1]), row[2], dict(zip(METADATA, row[3:], strict=True))
        )

    def update_metadata(self, doc: Document) -> None:
        """Replace a stored document's metadata without touching its text or items."""
        values = [getattr(doc, name) for name in METADATA]
        with self._transaction():
            row = self.conn.execute("SELECT meta FROM documents WHERE id = ?", (doc.id,)).fetchone()
            # What ingest says now (warnings, detected fields) replaces what it said; what
            # analysis recorded (``partial``) stays.
            meta = {**(json.loads(row[0]) if row else {}), **doc.meta}
            self.conn.execute(
                f"UPDATE documents SET {', '.join(f'{n} = ?' for n in METADATA)},"
                " source = ?, meta = ? WHERE id = ?",
                (*values, doc.source, _dumps(meta), doc.id),
            )

    def save_document(
        self,
        doc: Document,
        items: Iterable[Item],
        analysers: dict[str, str],
        *,
        signature: bytes | None = None,
        duplicates: Iterable[Duplicate] = (),
    ) -> None:
        """Replace one document and all its items atomically (one transaction)."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self._transaction():
            self.conn.execute("DELETE FROM documents WHERE id = ?", (doc.id,))
            # Links found from the other side go too: the new version finds them again (or not),
            # so a rerun in the same order stores the same rows and a changed text leaves no stale link.
            self.conn.execute("DELETE FROM duplicates WHERE other = ?", (doc.id,))
            self.conn.execute(
                "INSERT INTO documents (id, sha256, text, title, outlet, date, url, author,"
                " language, source, meta, analysers, signature, analysed_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc.id,
                    doc.sha256,
                    doc.text,
                    doc.title,
                    doc.outlet,
                    doc.date,
                    doc.url,
                    doc.author,
                    doc.language,
                    doc.source,
                    _dumps(doc.meta),
                    _dumps(analysers),
                    signature,
                    now,
                ),
            )
            self.conn.executemany(
                'INSERT INTO items (id, doc, kind, start, "end", text, data, seq)'
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (it.id, doc.id, it.kind, it.start, it.end, it.text, _dumps(it.fields), n)
                    for n, it in enumerate(items)
                ],
            )
            self.conn.executemany(
                "INSERT OR REPLACE INTO duplicates (doc, other, kind, similarity) VALUES (?, ?, ?, ?)",
                [(d.doc, d.other, d.kind, d.similarity) for d in duplicates],
            )
        drills.document_saved()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction: with WAL, a writer's later commits are invisible inside it and
        each document was committed with its items, so readers see whole documents only."""
        if self.conn.in_transaction:  # already inside one (a write): it is the snapshot
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def documents(self) -> Iterator[Document]:
        """All stored documents, ordered by id."""
        for row in self.conn.execute(f"SELECT {DOC_COLUMNS} FROM documents ORDER BY id"):
            yield _document(row)

    def document(self, doc_id: str) -> Document | None:
        """One stored document, or None."""
        row = self.conn.execute(
            f"SELECT {DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return _document(row) if row else None

    def items(self, kind: str | None = None, doc: str | None = None) -> Iterator[Item]:
        """Stored per-document items, optionally of one kind and/or one document."""
        yield from self._select_items("items", kind, doc=doc)

    def changed_since(self, mark: str | None) -> tuple[str, set[str] | None]:
        """The time now, and the documents saved at or after ``mark`` (``analysed_at`` has
        whole seconds: a document saved in the mark's own second counts as changed, more work
        at worst, never less; a metadata-only update does not count)."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        if not mark:
            return now, None
        rows = self.conn.execute("SELECT id FROM documents WHERE analysed_at >= ?", (mark,))
        return now, {row[0] for row in rows}

    def linked(self, kind: str | None = None) -> Iterator[Item]:
        """Corpus-level items (stories, contradictions...), optionally of one kind."""
        yield from self._select_items("linked_items", kind)

    def _select_items(self, table: str, kind: str | None, doc: str | None = None) -> Iterator[Item]:
        where, args = [], []
        if kind is not None:
            where.append("kind = ?")
            args.append(kind)
        if doc is not None:
            where.append("doc = ?")
            args.append(doc)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        sql = f'SELECT id, doc, kind, start, "end", text, data FROM {table} {clause} ORDER BY doc, seq'
        for row in self.conn.execute(sql, args):
            yield Item(
                kind=row[2],
                start=row[3],
                end=row[4],
                text=row[5],
                fields=json.loads(row[6]),
                id=row[0],
                doc=row[1],
            )

    def kinds(self) -> dict[str, int]:
        """Item counts by kind (per-document and corpus-level)."""
        counts: dict[str, int] = {}
        for table in ("items", "linked_items"):
            for kind, n in self.conn.execute(f"SELECT kind, COUNT(*) FROM {table} GROUP BY kind"):
                counts[kind] = counts.get(kind, 0) + n
        return dict(sorted(counts.items()))

    def hashes(self) -> Iterator[tuple[str, str]]:
        """(document id, sha256) of every stored document."""
        yield from self.conn.execute("SELECT id, sha256 FROM documents ORDER BY id")

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """Near-duplicate signatures of stored documents."""
        sql = "SELECT id, signature FROM documents WHERE signature IS NOT NULL ORDER BY id"
        yield from self.conn.execute(sql)

    def duplicates(self) -> list[Duplicate]:
        """All recorded duplicate links."""
        sql = "SELECT doc, other, kind, similarity FROM duplicates ORDER BY doc, other"
        return [Duplicate(*row) for row in self.conn.execute(sql)]

    def replace_actors(self, actors: Iterable[Actor], links: dict[str, str]) -> None:
        """Replace all actors and the mention -> actor links atomically."""
        with self._transaction():
            self.conn.execute("DELETE FROM actor_links")
            self.conn.execute("DELETE FROM actors")
            self.conn.executemany(
                "INSERT INTO actors (id, name, type, aliases, data) VALUES (?, ?, ?, ?, ?)",
                [(a.id, a.name, a.type, _dumps(a.aliases), _dumps(a.fields)) for a in actors],
            )
            self.conn.executemany(
                "INSERT INTO actor_links (mention, actor) VALUES (?, ?)", sorted(links.items())
            )

    def actors(self) -> list[Actor]:
        """All canonical actors, ordered by id."""
        rows = self.conn.execute("SELECT id, name, type, aliases, data FROM actors ORDER BY id")
        return [Actor(r[0], r[1], r[2], json.loads(r[3]), json.loads(r[4])) for r in rows]

    def actor_links(self) -> dict[str, str]:
        """Mention id -> actor id."""
        return dict(self.conn.execute("SELECT mention, actor FROM actor_links"))

    def replace_linked(self, linker: str, items: Iterable[Item]) -> None:
        """Replace everything one corpus-level linker produced, atomically."""
        with self._transaction():
            self.conn.execute("DELETE FROM linked_items WHERE linker = ?", (linker,))
            insert_linked(self.conn, linker, ((it, n) for n, it in enumerate(items)))
        drills.linked_saved()

    def update_linked(self, linker: str, update: LinkedUpdate) -> None:
        """Replace one linker's items of some groups, keeping the others (``Store``): the kept
        rows are renumbered in place, never read out (``sqlite_linked``)."""
        from rashomon.store.sqlite_linked import update_rows

        with self._transaction():
            update_rows(self.conn, linker, update)
        drills.linked_saved()

    def get_meta(self, key: str) -> str | None:
        """A value from the store's key-value metadata."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        """Set a key-value metadata entry."""
        with self._transaction():
            self.conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value)
            )

    def close(self) -> None:
        """Release the store."""
        self.conn.close()


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (KeyboardInterrupt included);
    a store that cannot be written (read-only, locked, disk full) is one StoreError."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path

    def __enter__(self) -> None:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _write_error(self.path, exc) from exc

    def __exit__(self, exc_type: object, exc: object, traceback: object) -> None:
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.OperationalError as error:
                self.conn.execute("ROLLBACK")
                raise _write_error(self.path, error) from error
            return
        self.conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.OperationalError):
            raise _write_error(self.path, exc) from exc


def _write_error(path: str, exc: sqlite3.OperationalError) -> StoreError:
    """A StoreError saying in words why the store cannot be written."""
    message = str(exc)
    if "readonly" in message:
        message = _READ_ONLY
    elif "locked" in message:
        message = "the store is locked by another process; try again when it has finished"
    return StoreError(f"{path}: cannot write: {message}")


def insert_linked(conn: sqlite3.Connection, linker: str, rows: Iterable[tuple[Item, int]]) -> None:
    """Insert ``linker``'s items with their ``seq``, streamed: a list would hold every row's
    JSON at once (0.8 GB at 100k events)."""
    conn.executemany(
        'INSERT INTO linked_items (id, linker, kind, doc, start, "end", text, data, seq)'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (it.id, linker, it.kind, it.doc, it.start, it.end, it.text, _dumps(it.fields), seq)
            for it, seq in rows
        ),
    )


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _document(row: tuple) -> Document:
    return Document(
        id=row[0],
        text=row[1],
        title=row[2],
        outlet=row[3],
        date=row[4],
        url=row[5],
        author=row[6],
        language=row[7],
        source=row[8],
        meta=json.loads(row[9]),
    )
