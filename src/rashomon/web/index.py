"""The web app's own index beside the store: SQLite FTS5 search, actor -> items lookups and
each document's outlet and word count (the store keeps the outlet after the text, so reading
it there means reading every article), the dated events in timeline order, and the overview's
and outlet profiles' counts (``rashomon.web.aggregates``).

The app opens the store read-only, so it keeps what makes search and the actor filter fast in a
separate SQLite file (``news.db.index`` beside ``news.db``, else in the user's cache folder).
Rows point at the store's rowids; the file records a fingerprint of the store's content and is
rebuilt (into a new file, swapped in atomically) when the fingerprint changes. While it is
stale, or when FTS5 or a writable folder is missing, the queries fall back to scanning
(``LIKE`` and ``json_each``): slower, never wrong.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import quote

from rashomon import __version__
from rashomon.web import aggregates

log = logging.getLogger(__name__)

# Bump when the tables below change: an index of another version is rebuilt.
INDEX_VERSION = "8"  # 8: generic events counted apart; 7: unlinked events off the timeline
# While the store keeps changing (an ``analyze`` running beside ``serve``), check it at most
# this often; in between, the queries scan instead of reading a stale index.
RECHECK_SECONDS = 30.0
# Data keys whose values are ids, numbers-as-text or codes, not words anyone searches for.
UNSEARCHED_KEYS = ("id", "doc", "mention", "actor", "location", "place_id", "story", "event")
TABLES = (("items", 0), ("linked_items", 1))  # store table, its code in actor_items.tbl

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE VIRTUAL TABLE docs_fts USING fts5(title, text, content='',
    tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE items_fts USING fts5(kind, text, fields, content='',
    tokenize='unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE linked_items_fts USING fts5(kind, text, fields, content='',
    tokenize='unicode61 remove_diacritics 2');
CREATE TABLE actor_items (actor TEXT NOT NULL, tbl INTEGER NOT NULL, kind TEXT NOT NULL,
    rid INTEGER NOT NULL, PRIMARY KEY (actor, tbl, kind, rid)) WITHOUT ROWID;
CREATE TABLE actor_docs (actor TEXT NOT NULL, doc TEXT NOT NULL,
    PRIMARY KEY (actor, doc)) WITHOUT ROWID;
CREATE TABLE doc_meta (doc TEXT PRIMARY KEY, outlet TEXT, words INTEGER NOT NULL,
    date TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX doc_meta_outlet ON doc_meta (outlet, date, doc);
CREATE TABLE events (rid INTEGER PRIMARY KEY, date TEXT NOT NULL, outlet TEXT, doc TEXT NOT NULL,
    start INTEGER NOT NULL, type TEXT);
CREATE INDEX events_by_date ON events (date, outlet, doc, start);
-- A type or an outlet filter reads its events already in timeline order, then stops.
CREATE INDEX events_by_type ON events (type, date, outlet, doc, start);
CREATE INDEX events_by_outlet ON events (outlet, date, doc, start);
"""
_WORD = re.compile(r"\w+")


def kind_token(kind: str) -> str:
    """A kind as one FTS token (``scare_quotes`` -> ``scarequotes``, never ``quotes``)."""
    return "k" + re.sub(r"\W|_", "", kind).lower()


def match_expression(q: str, kind: str | None = None) -> str | None:
    """An FTS5 query: every word of ``q`` as a prefix (``attack`` finds ``attacked``), in the
    text or the fields, and of ``kind``; None when ``q`` holds no word to look up."""
    words = _WORD.findall(q)
    if not words:
        return None
    terms = " AND ".join(f'"{w}"*' if len(w) > 2 else f'"{w}"' for w in words)
    if kind is None:
        return terms
    return f'kind : "{kind_token(kind)}" AND {{text fields}} : ({terms})'


def store_stamp(db: str) -> str:
    """Modification times and sizes of the store and its WAL: they change on every write (and
    on a checkpoint, which is why the index compares a fingerprint of the content too)."""
    parts = []
    for suffix in ("", "-wal"):
        path = Path(db + suffix)
        # An empty WAL comes and goes as readers open the store: it changes nothing.
        if path.exists() and (st := path.stat()).st_size:
            parts.append(f"{suffix}{st.st_mtime_ns}:{st.st_size}")
    return "|".join(parts)


def fingerprint(conn: sqlite3.Connection) -> str:
    """A hash of what the index depends on: ids are content hashes, so new content, new ids;
    documents add their hash, analysis time and metadata; actor links add who is who."""
    digest = hashlib.sha256(f"{INDEX_VERSION}|{__version__}".encode())
    queries = (
        "SELECT id, sha256, analysed_at, title, outlet, date FROM documents ORDER BY id",
        "SELECT rowid, id FROM items ORDER BY rowid",
        "SELECT rowid, id FROM linked_items ORDER BY rowid",
        "SELECT mention, actor FROM actor_links ORDER BY mention",
    )
    for sql in queries:
        for row in conn.execute(sql):
            digest.update("\x1f".join(str(v) for v in row).encode())
            digest.update(b"\x1e")
        digest.update(b"\x1d")
    return digest.hexdigest()


def _fields_sql(alias: str) -> str:
    """SQL for the words inside an item's fields: its text values, ids left out."""
    keys = ", ".join(f"'{k}'" for k in UNSEARCHED_KEYS)
    return (
        f"(SELECT group_concat(t.value, ' ') FROM json_tree({alias}.data) t WHERE t.type = 'text'"
        f" AND typeof(t.key) = 'text' AND t.key NOT IN ({keys}) AND t.key NOT LIKE '%\\_mention'"
        " ESCAPE '\\')"
    )


def build(store_uri: str, target: Path, stamp: str) -> None:
    """Write a fresh index of the store at ``store_uri`` (read-only) into ``target``, recording
    ``stamp`` (the store's fingerprint, taken before: a write meanwhile means a rebuild later)."""
    conn = sqlite3.connect(str(target))
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("ATTACH DATABASE ? AS s", (store_uri,))
        conn.executescript(SCHEMA + aggregates.SCHEMA)
        conn.create_function("kind_token", 1, kind_token, deterministic=True)
        conn.create_function("words", 1, lambda text: len((text or "").split()), deterministic=True)
        with conn:
            conn.execute(
                "INSERT INTO docs_fts (rowid, title, text)"
                " SELECT rowid, title, text FROM s.documents"
            )
            conn.execute(
                "INSERT INTO doc_meta SELECT id, outlet, words(text), COALESCE(date, '')"
                " FROM s.documents"
            )
            # Dated events in timeline order, so the timeline reads the first rows of an index.
            conn.execute(
                "INSERT INTO events SELECT i.rowid, json_extract(i.data, '$.date'), m.outlet,"
                " i.doc, i.start, json_extract(i.data, '$.type') FROM s.items i JOIN doc_meta m"
                " ON m.doc = i.doc WHERE i.kind = 'events'"
                " AND json_extract(i.data, '$.date') IS NOT NULL"
                # Learned generic events ('linked': false) are evidence, not timeline points.
                " AND json_extract(i.data, '$.linked') IS NOT 0"
            )
            for table, code in TABLES:
                _build_table(conn, table, code)
            conn.execute(
                "INSERT OR IGNORE INTO actor_docs SELECT l.actor, i.doc FROM s.actor_links l"
                " JOIN s.items i ON i.id = l.mention"
            )
            aggregates.build(conn)
            conn.execute("INSERT INTO meta VALUES ('version', ?)", (INDEX_VERSION,))
            conn.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (stamp,))
    finally:
        conn.close()


def _build_table(conn: sqlite3.Connection, table: str, code: int) -> None:
    """The FTS rows and the actor rows of one store table."""
    conn.execute(
        f"INSERT INTO {table}_fts (rowid, kind, text, fields) SELECT i.rowid, kind_token(i.kind),"
        f" i.text, {_fields_sql('i')} FROM s.{table} i"
    )
    # The same three ways an item belongs to an actor as the scanning query: it is a linked
    # mention, one of its fields names a linked mention, or its ``actor`` field is the actor.
    for source in (
        f"SELECT l.actor, i.kind, i.rowid FROM s.{table} i JOIN s.actor_links l ON l.mention = i.id",
        f"SELECT l.actor, i.kind, i.rowid FROM s.{table} i, json_each(i.data) j"
        " JOIN s.actor_links l ON l.mention = j.value WHERE j.type = 'text'",
        f"SELECT json_extract(i.data, '$.actor'), i.kind, i.rowid FROM s.{table} i"
        " WHERE json_extract(i.data, '$.actor') IS NOT NULL",
    ):
        conn.execute(
            f"INSERT OR IGNORE INTO actor_items (actor, kind, rid, tbl) SELECT *, {code}"
            f" FROM ({source})"
        )


def read_only(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to the SQLite file at ``path``."""
    return sqlite3.connect(ro_uri(path), uri=True, check_same_thread=False)


def ro_uri(path: str | Path) -> str:
    """The ``file:`` URI that opens ``path`` read-only."""
    return f"file:{quote(str(Path(path).resolve()))}?mode=ro"


def fts5_available() -> bool:
    """Whether this Python's SQLite has FTS5."""
    try:
        sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(a)")
    except sqlite3.OperationalError:
        return False
    return True


class SearchIndex:
    """The index file of one store: where it lives, whether it is fresh, rebuilding it."""

    def __init__(
        self, db: str, *, enabled: bool = True, recheck_seconds: float = RECHECK_SECONDS
    ) -> None:
        self.db = db
        self.recheck_seconds = recheck_seconds
        self.path = _location(db)
        self._lock = threading.Lock()
        self._stamp: str | None = None
        self._ready: Path | None = None
        self._checked_at = float("-inf")
        self._enabled = enabled and fts5_available()

    def current(self) -> Path | None:
        """The path of an index that matches the store now, or None (scan instead)."""
        if not self._enabled:
            return None
        stamp = store_stamp(self.db)
        with self._lock:
            if stamp == self._stamp:
                return self._ready
            if time.monotonic() - self._checked_at < self.recheck_seconds:
                return None
            self._checked_at = time.monotonic()
            self._ready = self._refresh()
            self._stamp = stamp
            return self._ready

    def _refresh(self) -> Path | None:
        """The index file, rebuilt if it is missing or of other content; None if impossible."""
        with read_only(self.db) as store:
            wanted = fingerprint(store)
        if self.path is not None and _recorded(self.path) == wanted:
            return self.path
        for place in (self.path, _cache_location(self.db)):
            if place is None:
                continue
            if _recorded(place) == wanted:
                self.path = place
                return place
            try:
                tmp = place.with_name(f"{place.name}.{os.getpid()}.tmp")
                tmp.unlink(missing_ok=True)
                started = time.perf_counter()
                build(ro_uri(self.db), tmp, wanted)
                os.replace(tmp, place)
            except (OSError, sqlite3.Error) as exc:
                log.warning("cannot write the search index at %s: %s", place, exc)
                continue
            log.info("search index built in %.1f s: %s", time.perf_counter() - started, place)
            self.path = place
            return place
        return None


def _recorded(path: Path) -> str | None:
    """The fingerprint an index file was built from, or None (missing, other version, broken)."""
    if not path.exists():
        return None
    try:
        with read_only(path) as conn:
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.Error:
        return None
    return meta.get("fingerprint") if meta.get("version") == INDEX_VERSION else None


def _location(db: str) -> Path | None:
    """``<store>.index`` beside the store when its folder is writable."""
    path = Path(db).resolve()
    return path.with_name(path.name + ".index") if os.access(path.parent, os.W_OK) else None


def _cache_location(db: str) -> Path | None:
    """A file in the user's cache folder named after the store's absolute path."""
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rashomon"
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    key = hashlib.sha256(str(Path(db).resolve()).encode()).hexdigest()[:20]
    return root / f"{key}.index"
