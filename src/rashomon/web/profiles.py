"""The outlet profile and the timeline: per-outlet and per-date views, a few queries each."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from typing import Any

from rashomon.report.sections.labels import chips
from rashomon.techniques.catalog import NAMES, TECHNIQUES
from rashomon.web import queries

# How many of an outlet's documents, label rows, speakers and quotes per speaker the page lists.
PROFILE_DOCS = 50
PROFILE_ACTORS = 30
QUOTES_PER_SPEAKER = 3
# The timeline lists at most this many events (narrow the filters to see others).
TIMELINE_ROWS = 500


def outlet_items(conn: sqlite3.Connection, outlet: str, kind: str) -> list[dict[str, Any]]:
    """Every item of ``kind`` in the outlet's documents, resolved as in the export."""
    sql = (
        'SELECT i.id, i.doc, i.start, i."end", i.text, i.data FROM items i'
        " JOIN documents d ON d.id = i.doc WHERE i.kind = ? AND d.outlet = ? ORDER BY i.rowid"
    )
    rows = conn.execute(sql, (kind, outlet)).fetchall()
    return queries.resolve(conn, [queries.to_record(r) for r in rows])


def outlet_words(conn: sqlite3.Connection, outlet: str) -> int:
    """How many words the outlet published (the index keeps counts; else count them here)."""
    if getattr(conn, "indexed", False):
        sql = (
            "SELECT total(w.words) FROM documents d JOIN idx.doc_words w ON w.doc = d.id"
            " WHERE d.outlet = ?"
        )
        return int(conn.execute(sql, (outlet,)).fetchone()[0])
    texts = conn.execute("SELECT text FROM documents WHERE outlet = ?", (outlet,))
    return sum(len(text.split()) for (text,) in texts)


def outlet(conn: sqlite3.Connection, name: str) -> dict[str, Any] | None:
    """An outlet's documents, labels and stance per actor, technique rates, quotes by speaker."""
    n_docs = conn.execute("SELECT COUNT(*) FROM documents WHERE outlet = ?", (name,)).fetchone()[0]
    if not n_docs:
        return None
    docs = conn.execute(
        f"SELECT {queries.DOC_FIELDS} FROM documents WHERE outlet = ? ORDER BY date, id LIMIT ?",
        (name, PROFILE_DOCS),
    )
    labels = outlet_items(conn, name, "labels")
    quotes = outlet_items(conn, name, "quotes")
    names = queries.actor_names(conn, {i.get("actor") or "" for i in labels} | _speakers(quotes))
    return {
        "outlet": name,
        "document_count": n_docs,
        "documents": [dict(r) for r in docs],
        "labels": _labels_by_actor(labels, names),
        "stances": _stances(conn, name, names),
        "techniques": _technique_rates(conn, name),
        "quotes": _quotes_by_speaker(quotes, names),
    }


def _speakers(quotes: list[dict[str, Any]]) -> set[str]:
    return {q["speaker"] for q in quotes if q.get("speaker")}


def _labels_by_actor(labels: list[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    """The labels the outlet used for each actor (or unnamed target), most labelled first."""
    by_actor: dict[tuple[str | None, str], list[dict[str, Any]]] = defaultdict(list)
    for label in labels:
        actor = label.get("actor")
        name = names.get(actor or "") or f"“{label.get('target_text') or '?'}” (unnamed)"
        by_actor[(actor if actor in names else None, name)].append(label)
    ranked = sorted(by_actor.items(), key=lambda kv: (-len(kv[1]), kv[0][1]))
    return [
        {"actor": actor, "name": name, "labels": chips(items)}
        for (actor, name), items in ranked[:PROFILE_ACTORS]
    ]


def _stances(conn: sqlite3.Connection, outlet: str, names: dict[str, str]) -> list[dict[str, Any]]:
    """The outlet's stance towards each actor, most hostile first, with the evidence."""
    rows = conn.execute(
        "SELECT data FROM linked_items WHERE kind = 'stances'"
        " AND json_extract(data, '$.outlet') = ?",
        (outlet,),
    ).fetchall()
    stances = [json.loads(r[0]) for r in rows]
    known = queries.actor_names(conn, {s.get("actor") or "" for s in stances})
    names.update(known)
    return [
        {**s, "name": names.get(s.get("actor") or "") or s.get("actor")}
        for s in sorted(stances, key=lambda s: (s.get("score", 0), str(s.get("actor"))))
    ]


def _technique_rates(conn: sqlite3.Connection, outlet: str) -> list[dict[str, Any]]:
    """Spans per 1,000 words for each technique the outlet's documents use, as in the report."""
    counts: Counter[str] = Counter(
        r[0]
        for r in conn.execute(
            "SELECT json_extract(i.data, '$.technique') FROM items i JOIN documents d"
            " ON d.id = i.doc WHERE i.kind = 'techniques' AND d.outlet = ?",
            (outlet,),
        )
        if r[0] in TECHNIQUES
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


def _quotes_by_speaker(quotes: list[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    """Whom the outlet quotes, most quoted first, with their first quotes."""
    by_speaker: dict[tuple[str | None, str], list[dict[str, Any]]] = defaultdict(list)
    for q in quotes:
        speaker = q.get("speaker")
        name = names.get(speaker or "") or q.get("speaker_text") or "(unattributed)"
        by_speaker[(speaker if speaker in names else None, name)].append(q)
    ranked = sorted(by_speaker.items(), key=lambda kv: (-len(kv[1]), kv[0][1]))
    return [
        {"actor": actor, "name": name, "count": len(qs), "quotes": qs[:QUOTES_PER_SPEAKER]}
        for (actor, name), qs in ranked[:PROFILE_ACTORS]
    ]


def timeline(
    conn: sqlite3.Connection, f: queries.Filters, event_type: str | None = None
) -> list[dict[str, Any]]:
    """Dated events matching the filters (dates compare the event's own date), by date."""
    where = ["i.kind = 'events'", "json_extract(i.data, '$.date') IS NOT NULL"]
    args: list[Any] = []
    if f.outlet:
        where.append("d.outlet = ?")
        args.append(f.outlet)
    if f.date_from:
        where.append("json_extract(i.data, '$.date') >= ?")
        args.append(f.date_from)
    if f.date_to:
        where.append("substr(json_extract(i.data, '$.date'), 1, length(?)) <= ?")
        args += [f.date_to, f.date_to]
    if event_type:
        where.append("json_extract(i.data, '$.type') = ?")
        args.append(event_type)
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
        'SELECT i.id, i.doc, i.start, i."end", i.text, i.data, d.outlet FROM items i'
        f" JOIN documents d ON d.id = i.doc WHERE {' AND '.join(where)}"
        " ORDER BY json_extract(i.data, '$.date'), d.outlet, i.doc, i.start LIMIT ?"
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
    rows = conn.execute(
        "SELECT DISTINCT json_extract(data, '$.type') FROM items WHERE kind = 'events'"
        " AND json_extract(data, '$.date') IS NOT NULL"
    )
    return sorted(r[0] for r in rows if r[0])
