"""Read-only queries for the web app: indexed, paginated SQL over the SQLite store.

The app never builds the whole export per request. These functions read the store's tables
through a read-only connection (``mode=ro``), so serving can never change the store, and each
page costs a handful of indexed lookups. Items come back in the export's shape
(``id, doc, start, end, text`` + fields, ``<role>`` resolved beside each ``<role>_mention``).
"""

from __future__ import annotations

import base64
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rashomon.web.index import match_expression

# The most rows one list request may ask for; the default page is smaller.
MAX_LIMIT = 1000
DEFAULT_LIMIT = 50
DOC_FIELDS = "id, title, outlet, date, url, author, language, sha256"


@dataclass(frozen=True)
class Filters:
    """What a list is narrowed to; every field is optional."""

    doc: str | None = None
    outlet: str | None = None
    actor: str | None = None
    story: str | None = None
    q: str | None = None
    date_from: str | None = None
    date_to: str | None = None


@dataclass(frozen=True)
class Page:
    """One page of rows and the cursor of the next page (None on the last)."""

    rows: list[dict[str, Any]]
    next_cursor: str | None


class StoreConnection(sqlite3.Connection):
    """A connection to the store; ``indexed`` when the app's search index is attached as
    ``idx`` (``rashomon.web.index``), else the queries scan."""

    indexed = False


def connect(db: str) -> StoreConnection:
    """A read-only connection to the store at ``db`` (raises if the file is missing)."""
    uri = f"file:{quote(str(Path(db).resolve()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False, factory=StoreConnection)
    conn.row_factory = sqlite3.Row
    return conn


def _indexed(conn: sqlite3.Connection) -> bool:
    return bool(getattr(conn, "indexed", False))


def _distinct_kinds(conn: sqlite3.Connection, table: str) -> set[str]:
    """The kinds in ``table``, one index probe per kind (a DISTINCT would read every row)."""
    sql = (
        f"WITH RECURSIVE k(kind) AS (SELECT MIN(kind) FROM {table} UNION ALL"
        f" SELECT (SELECT MIN(kind) FROM {table} WHERE kind > k.kind) FROM k"
        " WHERE k.kind IS NOT NULL) SELECT kind FROM k WHERE kind IS NOT NULL"
    )
    return {r[0] for r in conn.execute(sql)}


def linked_kinds(conn: sqlite3.Connection) -> set[str]:
    """Kinds stored as corpus-level items (stories, contradictions...)."""
    return _distinct_kinds(conn, "linked_items")


def all_kinds(conn: sqlite3.Connection) -> list[str]:
    """Every item kind present in the store."""
    return sorted(_distinct_kinds(conn, "items") | linked_kinds(conn))


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _doc_filters(
    f: Filters, alias: str, conn: sqlite3.Connection | None = None, id_col: str = ""
) -> tuple[list[str], list[Any]]:
    """WHERE parts on the documents table (outlet, dates, story membership); with the index,
    outlet and dates are read from its ``doc_meta`` (the store keeps them after the text)."""
    where: list[str] = []
    args: list[Any] = []
    meta: list[str] = []
    col = "m." if conn is not None and _indexed(conn) else f"{alias}."
    id_col = id_col or f"{alias}.id"
    if f.outlet:
        meta.append(f"{col}outlet = ?")
        args.append(f.outlet)
    if f.date_from:
        meta.append(f"{col}date >= ?")
        args.append(f.date_from)
    if f.date_to:
        # A bare day includes the whole day of timestamps that start with it.
        meta.append(f"substr({col}date, 1, length(?)) <= ?")
        args += [f.date_to, f.date_to]
        if col == "m.":
            meta.append("m.date != ''")  # doc_meta keeps a missing date as ''
    if meta and col == "m.":
        where.append(f"{id_col} IN (SELECT m.doc FROM idx.doc_meta m WHERE {' AND '.join(meta)})")
    else:
        where += meta
    if f.story:
        where.append(
            f"{id_col} IN (SELECT j.value FROM linked_items s, json_each(s.data, '$.docs') j"
            " WHERE s.id = ?)"
        )
        args.append(f.story)
    return where, args


def items(
    conn: sqlite3.Connection,
    kind: str,
    f: Filters,
    *,
    after: int = 0,
    limit: int = DEFAULT_LIMIT,
    typed_only: bool = False,
) -> Page:
    """Items of one kind matching the filters, in store order, ``limit`` at a time;
    ``typed_only`` leaves out the generic events (``linked: false``)."""
    table = "linked_items" if kind in linked_kinds(conn) else "items"
    where, args = ["i.kind = ?", "i.rowid > ?"], [kind, after]
    if f.doc:
        where.append("i.doc = ?")
        args.append(f.doc)
    # An actor's events are those of stories: learned generic ones stay in the document.
    typed_only = kind == "events" and (typed_only or (bool(f.actor) and not f.doc))
    if typed_only:
        where.append("json_extract(i.data, '$.linked') IS NOT 0")
    # The index's hit lists stop at a page only when no clause here can drop a hit.
    cap = None if typed_only else min(limit, MAX_LIMIT) + 1
    for clause, values in (
        _text_clause(conn, table, kind, f, after, cap),
        actor_clause(conn, table, kind, f, after, cap),
    ):
        if clause:
            where.append(clause)
            args += values
    if _indexed(conn) and (f.actor or (f.q and match_expression(f.q))):
        # The index's short list of rowids drives the query; "+" keeps SQLite from walking
        # every item of the kind instead and testing each against the list.
        where[0] = "+i.kind = ?"
    if f.story and table == "linked_items":
        where.append("(json_extract(i.data, '$.story') = ? OR i.id = ?)")
        args += [f.story, f.story]
        f = Filters(**{**f.__dict__, "story": None})
    # Indexed, the filters test the item's doc against doc_meta: the documents join drops out.
    id_col = "i.doc" if _indexed(conn) and table == "items" else ""
    doc_where, doc_args = _doc_filters(f, "d", conn, id_col)
    sql = (
        f'SELECT i.rowid AS rid, i.id, i.doc, i.start, i."end", i.text, i.data FROM {table} i'
        f" LEFT JOIN documents d ON d.id = i.doc WHERE {' AND '.join(where + doc_where)}"
        " ORDER BY i.rowid LIMIT ?"
    )
    rows = conn.execute(sql, [*args, *doc_args, min(limit, MAX_LIMIT) + 1]).fetchall()
    page = rows[:limit]
    records = resolve(conn, [to_record(r) for r in page])
    return Page(records, str(page[-1]["rid"]) if len(rows) > limit else None)


def _text_clause(
    conn: sqlite3.Connection, table: str, kind: str, f: Filters, after: int, limit: int | None
) -> tuple[str | None, list[Any]]:
    """The ``q`` filter: an FTS5 match in the index, else a scan with LIKE."""
    if not f.q:
        return None, []
    match = match_expression(f.q, kind) if _indexed(conn) else None
    if match:
        # Every hit is of the kind (the match names it): with no other filter, the page is the
        # first ``limit`` hits, so a common word costs a page, not the list of all its hits.
        others = (f.doc, f.outlet, f.actor, f.story, f.date_from, f.date_to)
        cap = "" if limit is None or any(others) else f" ORDER BY rowid LIMIT {int(limit)}"
        sql = (
            f"i.rowid IN (SELECT rowid FROM idx.{table}_fts WHERE {table}_fts MATCH ?"
            f" AND rowid > ?{cap})"
        )
        return sql, [match, after]
    return "(i.text LIKE ? ESCAPE '\\' OR i.data LIKE ? ESCAPE '\\')", [_like(f.q), _like(f.q)]


def actor_clause(
    conn: sqlite3.Connection,
    table: str,
    kind: str,
    f: Filters,
    after: int,
    limit: int | None = None,
) -> tuple[str | None, list[Any]]:
    """The ``actor`` filter: the index's actor -> items rows, else a scan of mention links;
    ``limit`` caps the rows read from the index when no other filter can drop one."""
    if not f.actor:
        return None, []
    if _indexed(conn):
        others = (f.doc, f.outlet, f.story, f.q, f.date_from, f.date_to)
        cap = "" if limit is None or any(others) else f" ORDER BY rid LIMIT {int(limit)}"
        sql = (
            "i.rowid IN (SELECT rid FROM idx.actor_items WHERE actor = ? AND tbl = ?"
            f" AND kind = ? AND rid > ?{cap})"
        )
        return sql, [f.actor, int(table == "linked_items"), kind, after]
    sql = (
        "(i.id IN (SELECT mention FROM actor_links WHERE actor = ?) OR EXISTS (SELECT 1"
        " FROM json_each(i.data) j JOIN actor_links l ON l.mention = j.value"
        " WHERE l.actor = ?) OR json_extract(i.data, '$.actor') = ?)"
    )
    return sql, [f.actor, f.actor, f.actor]


def to_record(row: sqlite3.Row) -> dict[str, Any]:
    """An item row in the export's shape (its fields beside id, doc, start, end, text)."""
    return {
        "id": row["id"],
        "doc": row["doc"],
        "start": row["start"],
        "end": row["end"],
        "text": row["text"],
        **json.loads(row["data"]),
    }


def resolve(conn: sqlite3.Connection, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add ``<role>`` beside each ``<role>_mention`` and ``actor`` on mentions (as the export)."""
    wanted = {r["id"] for r in records}
    wanted |= {v for r in records for k, v in r.items() if k.endswith("_mention") and v}
    links = mention_actors(conn, wanted)
    for record in records:
        for key in [k for k in record if k.endswith("_mention")]:
            record[key[: -len("_mention")]] = links.get(record[key]) if record[key] else None
        if record["id"] in links:
            record["actor"] = links[record["id"]]
    return records


def mention_actors(conn: sqlite3.Connection, mentions: set[str]) -> dict[str, str]:
    """Mention id -> actor id for the given mentions only (primary-key lookups)."""
    ids = sorted(mentions)
    out: dict[str, str] = {}
    for n in range(0, len(ids), 500):
        chunk = ids[n : n + 500]
        sql = f"SELECT mention, actor FROM actor_links WHERE mention IN ({','.join('?' * len(chunk))})"
        out.update({r[0]: r[1] for r in conn.execute(sql, chunk)})
    return out


# What a documents cursor may look like (the API declares it, so other tokens get a 422).
CURSOR_PATTERN = r"^[A-Za-z0-9_-]*$"


def encode_cursor(doc_id: str) -> str:
    """The next-page token after ``doc_id``: ASCII (it travels in a header), URL-safe."""
    return base64.urlsafe_b64encode(doc_id.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(token: str) -> str:
    """The document id a cursor token stands for ("" for the first page); a token no page
    handed out still decodes to some id, and the list simply starts after it."""
    usable = token[: len(token) - (len(token) % 4 == 1)]
    try:
        return base64.urlsafe_b64decode(usable + "=" * (-len(usable) % 4)).decode(
            "utf-8", "replace"
        )
    except ValueError:
        return ""


def documents(
    conn: sqlite3.Connection, f: Filters, *, after: str = "", limit: int = DEFAULT_LIMIT
) -> Page:
    """Document metadata (no text) matching the filters, by id, ``limit`` at a time."""
    where, args = _doc_filters(f, "d", conn)
    where.append("d.id > ?")
    args.append(decode_cursor(after))
    match = match_expression(f.q) if f.q and _indexed(conn) else None
    if match:
        where.append("d.rowid IN (SELECT rowid FROM idx.docs_fts WHERE docs_fts MATCH ?)")
        args.append(match)
    elif f.q:
        where.append("(d.title LIKE ? ESCAPE '\\' OR d.text LIKE ? ESCAPE '\\')")
        args += [_like(f.q), _like(f.q)]
    if f.actor and _indexed(conn):
        # actor_docs is in id order, as the list: alone, the actor needs one page of it.
        alone = not any((f.outlet, f.story, f.q, f.date_from, f.date_to))
        cap = f" AND doc > ? ORDER BY doc LIMIT {min(limit, MAX_LIMIT) + 1}" if alone else ""
        where.append(f"d.id IN (SELECT doc FROM idx.actor_docs WHERE actor = ?{cap})")
        args += [f.actor, decode_cursor(after)] if alone else [f.actor]
    elif f.actor:
        where.append(
            "d.id IN (SELECT i.doc FROM actor_links l JOIN items i ON i.id = l.mention"
            " WHERE l.actor = ?)"
        )
        args.append(f.actor)
    sql = (
        f"SELECT {', '.join('d.' + c.strip() for c in DOC_FIELDS.split(','))}, d.source"
        f" FROM documents d WHERE {' AND '.join(where)} ORDER BY d.id LIMIT ?"
    )
    rows = [dict(r) for r in conn.execute(sql, [*args, min(limit, MAX_LIMIT) + 1])]
    page = rows[:limit]
    return Page(page, encode_cursor(page[-1]["id"]) if len(rows) > limit else None)


def document(conn: sqlite3.Connection, doc_id: str) -> dict[str, Any] | None:
    """One document's metadata and text, or None."""
    row = conn.execute(f"SELECT {DOC_FIELDS}, source, text FROM documents WHERE id = ?", (doc_id,))
    found = row.fetchone()
    return dict(found) if found else None


def document_items(conn: sqlite3.Connection, doc_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every per-document item of one document, by kind (one indexed query)."""
    sql = 'SELECT id, doc, kind, start, "end", text, data FROM items WHERE doc = ? ORDER BY seq'
    by_kind: dict[str, list[dict[str, Any]]] = {}
    rows = conn.execute(sql, (doc_id,)).fetchall()
    records = resolve(conn, [to_record(r) for r in rows])
    for row, record in zip(rows, records, strict=True):
        by_kind.setdefault(row["kind"], []).append(record)
    return by_kind


def items_by_id(conn: sqlite3.Connection, ids: set[str]) -> dict[str, dict[str, Any]]:
    """Per-document items looked up by id (primary key), resolved."""
    found: list[dict[str, Any]] = []
    ordered = sorted(ids)
    for n in range(0, len(ordered), 500):
        chunk = ordered[n : n + 500]
        sql = (
            'SELECT id, doc, start, "end", text, data FROM items'
            f" WHERE id IN ({','.join('?' * len(chunk))})"
        )
        found += [to_record(r) for r in conn.execute(sql, chunk)]
    return {r["id"]: r for r in resolve(conn, found)}


def linked_item(conn: sqlite3.Connection, item_id: str) -> dict[str, Any] | None:
    """One corpus-level item (a story...) by id, or None."""
    sql = 'SELECT id, doc, start, "end", text, data FROM linked_items WHERE id = ?'
    row = conn.execute(sql, (item_id,)).fetchone()
    return to_record(row) if row else None


def actor(conn: sqlite3.Connection, actor_id: str) -> dict[str, Any] | None:
    """One actor in the export's shape, or None."""
    row = conn.execute(
        "SELECT id, name, type, aliases, data FROM actors WHERE id = ?", (actor_id,)
    ).fetchone()
    if row is None:
        return None
    return {
        "id": row["id"],
        "name": row["name"],
        "type": row["type"],
        "aliases": json.loads(row["aliases"]),
        **json.loads(row["data"]),
    }


def actor_names(conn: sqlite3.Connection, ids: set[str]) -> dict[str, str]:
    """Actor id -> canonical name for the given ids."""
    ordered = sorted(i for i in ids if i)
    if not ordered:
        return {}
    sql = f"SELECT id, name FROM actors WHERE id IN ({','.join('?' * len(ordered))})"
    return {r[0]: r[1] for r in conn.execute(sql, ordered)}


def outlets_of(conn: sqlite3.Connection, doc_ids: set[str]) -> dict[str, dict[str, Any]]:
    """Document id -> its metadata (no text) for the given documents."""
    ordered = sorted(doc_ids)
    if not ordered:
        return {}
    sql = f"SELECT {DOC_FIELDS} FROM documents WHERE id IN ({','.join('?' * len(ordered))})"
    return {r["id"]: dict(r) for r in conn.execute(sql, ordered)}
