"""The outlet profile and the timeline: per-outlet and per-date views, a few queries each."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from typing import Any

from rashomon.report.sections.labels import chip
from rashomon.techniques.catalog import NAMES, TECHNIQUES
from rashomon.web import queries

# How many of an outlet's documents, label rows, speakers and quotes per speaker the page lists.
PROFILE_DOCS = 50
PROFILE_ACTORS = 30
QUOTES_PER_SPEAKER = 3
PROFILE_STANCES = 100
# The timeline lists at most this many events (narrow the filters to see others).
TIMELINE_ROWS = 500


def doc_outlets(conn: sqlite3.Connection) -> str:
    """A table of (doc, outlet): the index's, else the documents (read in full, text and all)."""
    if getattr(conn, "indexed", False):
        return "idx.doc_meta"
    return "(SELECT id AS doc, outlet FROM documents)"


def outlet_items(conn: sqlite3.Connection, outlet: str, kind: str) -> list[dict[str, Any]]:
    """Every item of ``kind`` in the outlet's documents, resolved as in the export."""
    sql = (
        'SELECT i.id, i.doc, i.start, i."end", i.text, i.data FROM items i'
        f" WHERE i.doc IN (SELECT doc FROM {doc_outlets(conn)} WHERE outlet = ?) AND i.kind = ?"
        " ORDER BY i.rowid"
    )
    rows = conn.execute(sql, (outlet, kind)).fetchall()
    return queries.resolve(conn, [queries.to_record(r) for r in rows])


def outlet_words(conn: sqlite3.Connection, outlet: str) -> int:
    """How many words the outlet published (the index keeps counts; else count them here)."""
    if _indexed(conn):
        sql = "SELECT total(words) FROM idx.outlet_stats WHERE outlet = ?"
        return int(conn.execute(sql, (outlet,)).fetchone()[0])
    texts = conn.execute("SELECT text FROM documents WHERE outlet = ?", (outlet,))
    return sum(len(text.split()) for (text,) in texts)


def outlet(conn: sqlite3.Connection, name: str) -> dict[str, Any] | None:
    """An outlet's documents, labels and stance per actor, technique rates, quotes by speaker."""
    count, quotes, first = _outlet_docs(conn, name)
    if not count:
        return None
    docs = sorted(
        queries.outlets_of(conn, set(first)).values(), key=lambda d: (d["date"] or "", d["id"])
    )
    return {
        "outlet": name,
        "document_count": count,
        "documents": docs[:PROFILE_DOCS],
        "labels": _labels_by_actor(conn, name),
        "stances": _stances(conn, name),
        "techniques": _technique_rates(conn, name),
        "quote_count": quotes,
        "quotes": _quotes_by_speaker(conn, name),
    }


def _outlet_docs(conn: sqlite3.Connection, name: str) -> tuple[int, int, list[str]]:
    """How many documents and quotes the outlet has, and its first documents by date."""
    if _indexed(conn):
        row = conn.execute(
            "SELECT documents, quotes FROM idx.outlet_stats WHERE outlet = ?", (name,)
        ).fetchone()
        first = conn.execute(
            "SELECT doc FROM idx.doc_meta WHERE outlet = ? ORDER BY date, doc LIMIT ?",
            (name, PROFILE_DOCS),
        )
        return (row[0], row[1], [r[0] for r in first]) if row else (0, 0, [])
    ids = [r[0] for r in conn.execute("SELECT id FROM documents WHERE outlet = ?", (name,))]
    quotes = conn.execute(
        "SELECT COUNT(*) FROM items WHERE doc IN (SELECT id FROM documents WHERE outlet = ?)"
        " AND kind = 'quotes'",
        (name,),
    ).fetchone()[0]
    return len(ids), quotes, ids


def _indexed(conn: sqlite3.Connection) -> bool:
    return bool(getattr(conn, "indexed", False))


def outlet_names(conn: sqlite3.Connection) -> list[str]:
    """Every outlet's name, sorted (the index keeps one row per outlet)."""
    table = "idx.outlet_stats" if _indexed(conn) else "documents"
    return sorted(r[0] for r in conn.execute(f"SELECT DISTINCT outlet FROM {table}") if r[0])


def _by_rowid(conn: sqlite3.Connection, rowids: list[int]) -> dict[int, dict[str, Any]]:
    """Items by store rowid, resolved as in the export."""
    found: dict[int, dict[str, Any]] = {}
    for n in range(0, len(rowids), 500):
        chunk = rowids[n : n + 500]
        sql = (
            'SELECT rowid AS rid, id, doc, start, "end", text, data FROM items'
            f" WHERE rowid IN ({','.join('?' * len(chunk))})"
        )
        rows = conn.execute(sql, chunk).fetchall()
        records = queries.resolve(conn, [queries.to_record(r) for r in rows])
        found.update({row["rid"]: rec for row, rec in zip(rows, records, strict=True)})
    return found


def _role_rows(
    conn: sqlite3.Connection, outlet: str, kind: str, role: str, fields: str
) -> list[sqlite3.Row]:
    """The outlet's items of ``kind``: rowid, the actor behind ``<role>_mention`` and some
    fields, read in SQL (a profile counts thousands of items; decoding each would be slow)."""
    sql = (
        f"SELECT i.rowid AS rid, a.actor AS actor, {fields} FROM items i LEFT JOIN actor_links a"
        f" ON a.mention = json_extract(i.data, '$.{role}_mention') WHERE i.doc IN"
        f" (SELECT doc FROM {doc_outlets(conn)} WHERE outlet = ?) AND i.kind = ? ORDER BY i.rowid"
    )
    return conn.execute(sql, (outlet, kind)).fetchall()


# One label's uses by one actor: how many, whether all were inside quotes, the first rowid.
LabelUses = tuple[int, bool, int]


def _label_groups(conn: sqlite3.Connection, outlet: str) -> dict[tuple[str | None, str], Any]:
    """(actor, name) -> label -> its uses: the index's summary rows, else every label read."""
    groups: dict[tuple[str | None, str], dict[str, LabelUses]] = defaultdict(dict)
    if _indexed(conn):
        rows = conn.execute(
            "SELECT actor, target, label, uses, quoted, first FROM idx.outlet_labels"
            " WHERE outlet = ?",
            (outlet,),
        ).fetchall()
        names = queries.actor_names(conn, {r["actor"] for r in rows if r["actor"]})
        for r in rows:
            name = names[r["actor"]] if r["actor"] else f"“{r['target']}” (unnamed)"
            groups[(r["actor"], name)][r["label"]] = (r["uses"], bool(r["quoted"]), r["first"])
        return groups
    fields = (
        "json_extract(i.data, '$.label') AS label, json_extract(i.data, '$.target_text') AS"
        " target, json_extract(i.data, '$.quoted') AS quoted"
    )
    scanned = _role_rows(conn, outlet, "labels", "actor", fields)
    names = queries.actor_names(conn, {r["actor"] for r in scanned if r["actor"]})
    for r in scanned:
        actor = r["actor"] if r["actor"] in names else None
        name = names[actor] if actor else f"“{r['target'] or '?'}” (unnamed)"
        n, quoted, first = groups[(actor, name)].get(r["label"], (0, True, r["rid"]))
        groups[(actor, name)][r["label"]] = (n + 1, quoted and bool(r["quoted"]), first)
    return groups


def _labels_by_actor(conn: sqlite3.Connection, outlet: str) -> list[dict[str, Any]]:
    """The labels the outlet used for each actor (or unnamed target), most labelled first."""
    groups = _label_groups(conn, outlet)
    ranked = sorted(groups.items(), key=lambda kv: (-sum(u[0] for u in kv[1].values()), kv[0][1]))[
        :PROFILE_ACTORS
    ]
    # Only each label's first use is read in full: its polarity and the evidence link.
    first = _by_rowid(conn, [uses[2] for _, by in ranked for uses in by.values()])
    return [
        {
            "actor": actor,
            "name": name,
            "labels": [
                chip(label, first[uses[2]], uses[0], uses[1])
                for label, uses in sorted(by.items(), key=lambda kv: (-kv[1][0], kv[0]))
            ],
        }
        for (actor, name), by in ranked
    ]


def _speaker_groups(conn: sqlite3.Connection, outlet: str) -> dict[tuple[str | None, str], Any]:
    """(actor, name) -> (how many quotes, the first quotes' rowids)."""
    groups: dict[tuple[str | None, str], tuple[int, list[int]]] = {}
    if _indexed(conn):
        rows = conn.execute(
            "SELECT actor, said_by, n, rid FROM idx.outlet_speakers WHERE outlet = ? ORDER BY rid",
            (outlet,),
        ).fetchall()
        names = queries.actor_names(conn, {r["actor"] for r in rows if r["actor"]})
        for r in rows:
            key = (r["actor"], names[r["actor"]] if r["actor"] else r["said_by"])
            groups.setdefault(key, (r["n"], []))[1].append(r["rid"])
        return groups
    scanned = _role_rows(
        conn, outlet, "quotes", "speaker", "json_extract(i.data, '$.speaker_text') AS said_by"
    )
    names = queries.actor_names(conn, {r["actor"] for r in scanned if r["actor"]})
    rids: dict[tuple[str | None, str], list[int]] = defaultdict(list)
    for r in scanned:
        actor = r["actor"] if r["actor"] in names else None
        rids[(actor, names[actor] if actor else r["said_by"] or "(unattributed)")].append(r["rid"])
    return {key: (len(found), found) for key, found in rids.items()}


def _quotes_by_speaker(conn: sqlite3.Connection, outlet: str) -> list[dict[str, Any]]:
    """Whom the outlet quotes, most quoted first, with their first quotes."""
    groups = _speaker_groups(conn, outlet)
    ranked = sorted(groups.items(), key=lambda kv: (-kv[1][0], kv[0][1]))[:PROFILE_ACTORS]
    items = _by_rowid(conn, [r for _, (_, rids) in ranked for r in rids[:QUOTES_PER_SPEAKER]])
    return [
        {
            "actor": actor,
            "name": name,
            "count": n,
            "quotes": [items[r] for r in rids[:QUOTES_PER_SPEAKER]],
        }
        for (actor, name), (n, rids) in ranked
    ]


def _stances(conn: sqlite3.Connection, outlet: str) -> list[dict[str, Any]]:
    """The outlet's stance towards each actor, most hostile first, with the evidence."""
    if _indexed(conn):
        sql = (
            "SELECT l.data FROM idx.outlet_stances o JOIN linked_items l ON l.rowid = o.rid"
            " WHERE o.outlet = ? ORDER BY o.score, o.actor, o.rid LIMIT ?"
        )
    else:
        sql = (
            "SELECT data FROM linked_items WHERE kind = 'stances'"
            " AND json_extract(data, '$.outlet') = ?"
            " ORDER BY json_extract(data, '$.score'), json_extract(data, '$.actor'), rowid LIMIT ?"
        )
    stances = [json.loads(r[0]) for r in conn.execute(sql, (outlet, PROFILE_STANCES))]
    names = queries.actor_names(conn, {s.get("actor") or "" for s in stances})
    return [{**s, "name": names.get(s.get("actor") or "") or s.get("actor")} for s in stances]


def _technique_rates(conn: sqlite3.Connection, outlet: str) -> list[dict[str, Any]]:
    """Spans per 1,000 words for each technique the outlet's documents use, as in the report."""
    if _indexed(conn):
        sql = "SELECT technique, spans FROM idx.outlet_techniques WHERE outlet = ?"
    else:
        sql = (
            "SELECT json_extract(i.data, '$.technique') AS t, COUNT(*) FROM items i WHERE i.doc"
            " IN (SELECT id FROM documents WHERE outlet = ?) AND i.kind = 'techniques' GROUP BY t"
        )
    counts: Counter[str] = Counter(
        {r[0]: r[1] for r in conn.execute(sql, (outlet,)) if r[0] in TECHNIQUES}
    )
    words = max(outlet_words(conn, outlet), 1)
    return [
        {
            "technique": name,
            "description": TECHNIQUES[name],
            "spans": counts[name],
            "per_1000_words": round(1000.0 * counts[name] / words, 2),
        }
        for name in NAMES
        if counts[name]
    ]


# The timeline's columns: from the index's events table, or read from each event's fields.
_INDEXED_EVENTS = {
    "from": "idx.events e JOIN items i ON i.rowid = e.rid",
    "where": "1",
    "date": "e.date",
    "type": "e.type",
    "outlet": "e.outlet",
    "order": "e.date, e.outlet, e.doc, e.start",
}
_SCANNED_EVENTS = {
    "from": "items i JOIN (SELECT id AS doc, outlet FROM documents) e ON e.doc = i.doc",
    "where": "i.kind = 'events' AND json_extract(i.data, '$.date') IS NOT NULL"
    " AND json_extract(i.data, '$.linked') IS NOT 0",
    "date": "json_extract(i.data, '$.date')",
    "type": "json_extract(i.data, '$.type')",
    "outlet": "e.outlet",
    "order": "json_extract(i.data, '$.date'), e.outlet, i.doc, i.start",
}


def timeline(
    conn: sqlite3.Connection, f: queries.Filters, event_type: str | None = None
) -> list[dict[str, Any]]:
    """Dated events matching the filters (dates compare the event's own date), by date."""
    c = _INDEXED_EVENTS if getattr(conn, "indexed", False) else _SCANNED_EVENTS
    where, args = [c["where"]], []
    for value, test in (
        (f.outlet, f"{c['outlet']} = ?"),
        (f.date_from, f"{c['date']} >= ?"),
        (event_type, f"{c['type']} = ?"),
    ):
        if value:
            where.append(test)
            args.append(value)
    if f.date_to:
        where.append(f"substr({c['date']}, 1, length(?)) <= ?")
        args += [f.date_to, f.date_to]
    if f.story:
        where.append(
            "i.id IN (SELECT j.value FROM linked_items s, json_each(s.data, '$.events') j"
            " WHERE s.id = ?)"
        )
        args.append(f.story)
    clause, values = queries.actor_clause(conn, "items", "events", f, 0)
    if clause:
        where.append(clause)
        args += values
    sql = (
        f'SELECT i.id, i.doc, i.start, i."end", i.text, i.data, {c["outlet"]} AS outlet'
        f" FROM {c['from']} WHERE {' AND '.join(where)} ORDER BY {c['order']} LIMIT ?"
    )
    rows = conn.execute(sql, [*args, TIMELINE_ROWS]).fetchall()
    events = queries.resolve(conn, [queries.to_record(r) for r in rows])
    names = queries.actor_names(
        conn, {e.get(k) or "" for e in events for k in ("agent", "patient")}
    )
    return [
        {
            "date": e["date"],
            "outlet": row["outlet"] or e["doc"],
            "type": e.get("type"),
            "modality": e.get("modality"),
            "agent": names.get(e.get("agent") or "") or e.get("agent_text"),
            "patient": names.get(e.get("patient") or "") or e.get("patient_text"),
            "place": e.get("location_text"),
            "evidence": e["text"],
            "event": e,
        }
        for row, e in zip(rows, events, strict=True)
    ]


def event_types(conn: sqlite3.Connection) -> list[str]:
    """The event types of dated events, for the timeline's filter."""
    if getattr(conn, "indexed", False):
        rows = conn.execute("SELECT DISTINCT type FROM idx.events")
    else:
        rows = conn.execute(
            "SELECT DISTINCT json_extract(data, '$.type') FROM items WHERE kind = 'events'"
            " AND json_extract(data, '$.date') IS NOT NULL"
            " AND json_extract(data, '$.linked') IS NOT 0"
        )
    return sorted(r[0] for r in rows if r[0])
