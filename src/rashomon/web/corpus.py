"""The corpus overview and the story-first page, each from a few indexed queries."""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from rashomon.report import UNKNOWN_OUTLET
from rashomon.report.sections.contradictions import CLAIMANT_FIELDS, claimant, group_rows
from rashomon.web import queries
from rashomon.web.aggregates import GENERIC_EVENTS

# How many stories, disputed facts and actors the overview lists before "show all".
OVERVIEW_TOP = 20
# Above this many distinct days the overview counts documents per month instead.
MAX_DAYS_LISTED = 40
_WORD = re.compile(r"\w+|\W+")


def overview(conn: sqlite3.Connection) -> dict[str, Any]:
    """Counts, outlets, dates, the biggest stories and the most disputed facts."""
    if _indexed(conn):
        # The index's summaries: the same answers without counting the whole store.
        outlets = conn.execute(
            "SELECT outlet, documents AS n FROM idx.outlet_stats ORDER BY n DESC, outlet"
        ).fetchall()
        days = conn.execute("SELECT day, documents AS n FROM idx.day_counts ORDER BY day")
        counts = dict(conn.execute("SELECT kind, n FROM idx.kind_counts").fetchall())
    else:
        outlets = conn.execute(
            "SELECT outlet, COUNT(*) AS n FROM documents GROUP BY outlet ORDER BY n DESC, outlet"
        ).fetchall()
        days = conn.execute(
            "SELECT substr(date, 1, 10) AS day, COUNT(*) AS n FROM documents"
            " WHERE date IS NOT NULL GROUP BY day ORDER BY day"
        )
        counts = _scan_counts(conn)
    generic = counts.pop(GENERIC_EVENTS, 0)
    return {
        "documents": sum(r["n"] for r in outlets),
        "outlets": [{"outlet": r["outlet"], "documents": r["n"]} for r in outlets],
        "dates": _dates(days.fetchall()),
        "counts": dict(sorted(counts.items())),
        # counts["events"] holds every event mention; the typed ones join stories and the
        # timeline, the generic ones (learned "said", "happened": linked false) do not.
        "typed_events": counts.get("events", 0) - generic,
        "generic_events": generic,
        "actors": _top_actors(conn),
        "stories": _top_stories(conn),
        "disputed": _disputed(conn),
    }


def _scan_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Items per kind, and the generic events under GENERIC_EVENTS (as the index counts)."""
    counts: dict[str, int] = {}
    for table in ("items", "linked_items"):
        for kind, n in conn.execute(f"SELECT kind, COUNT(*) FROM {table} GROUP BY kind"):
            counts[kind] = counts.get(kind, 0) + n
    counts[GENERIC_EVENTS] = conn.execute(
        "SELECT COUNT(*) FROM items WHERE kind = 'events' AND json_extract(data, '$.linked') IS 0"
    ).fetchone()[0]
    return counts


def _dates(days: list[sqlite3.Row]) -> list[dict[str, Any]]:
    """Documents per day, or per month when there are too many days to list."""
    if len(days) <= MAX_DAYS_LISTED:
        return [{"from": r["day"], "to": r["day"], "documents": r["n"]} for r in days]
    months: dict[str, int] = {}
    for r in days:
        months[r["day"][:7]] = months.get(r["day"][:7], 0) + r["n"]
    return [{"from": m, "to": m, "documents": n} for m, n in months.items()]


def _top_actors(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT id, name, type, json_extract(data, '$.mention_count') AS n FROM actors"
        " ORDER BY n DESC, name LIMIT ?",
        (OVERVIEW_TOP,),
    )
    return [{"id": r["id"], "name": r["name"], "type": r["type"], "mentions": r["n"]} for r in rows]


def _indexed(conn: sqlite3.Connection) -> bool:
    return bool(getattr(conn, "indexed", False))


def _top_stories(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    if _indexed(conn):
        sql = "SELECT id, title, date, docs AS n FROM idx.stories ORDER BY docs DESC, id LIMIT ?"
    else:
        sql = (
            "SELECT id, json_extract(data, '$.title') AS title, json_extract(data, '$.date') AS"
            " date, json_array_length(data, '$.docs') AS n FROM linked_items"
            " WHERE kind = 'stories' ORDER BY n DESC, id LIMIT ?"
        )
    rows = conn.execute(sql, (OVERVIEW_TOP,))
    return [dict(r) for r in rows]


def _disputed(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """The facts (one per ``fact`` id; else story and kind) with the most contradictions."""
    if _indexed(conn):
        sql = (
            "SELECT story, kind, label, n, example FROM idx.disputed"
            " ORDER BY n DESC, story, label, example LIMIT ?"
        )
    else:
        sql = (
            "SELECT json_extract(c.data, '$.story') AS story, json_extract(c.data, '$.kind') AS"
            " kind, MAX(json_extract(c.data, '$.fact_label')) AS label, COUNT(*) AS n,"
            " MIN(c.id) AS example FROM linked_items c WHERE c.kind = 'contradictions'"
            " GROUP BY story, kind, COALESCE(json_extract(c.data, '$.fact'), '')"
            " ORDER BY n DESC, story, label, example LIMIT ?"
        )
    rows = conn.execute(sql, (OVERVIEW_TOP,)).fetchall()
    titles = _story_titles(conn, {r["story"] for r in rows if r["story"]})
    out = []
    for r in rows:
        example = queries.linked_item(conn, r["example"]) or {}
        out.append(
            {
                "story": r["story"],
                "title": titles.get(r["story"], ""),
                "kind": r["kind"],
                "fact_label": r["label"] or r["kind"],
                "contradictions": r["n"],
                "example": example.get("explanation"),
            }
        )
    return out


def _story_titles(conn: sqlite3.Connection, ids: set[str]) -> dict[str, str]:
    ordered = sorted(ids)
    if not ordered:
        return {}
    sql = (
        "SELECT id, json_extract(data, '$.title') FROM linked_items"
        f" WHERE id IN ({','.join('?' * len(ordered))})"
    )
    return {r[0]: r[1] or "" for r in conn.execute(sql, ordered)}


def story(conn: sqlite3.Connection, story_id: str) -> dict[str, Any] | None:
    """One story laid out by outlet: headlines, fact rows with each outlet's words, events."""
    record = queries.linked_item(conn, story_id)
    if record is None or "docs" not in record:
        return None
    docs = queries.outlets_of(conn, set(record["docs"]))
    facts = [
        {"disputed": kind == "contradictions", **json.loads(data)}
        for kind, data in conn.execute(_facts_sql(conn), (story_id,))
    ]
    fact_docs = {str(s["doc"]) for f in facts for s in f.get("values") or f.get("items", [])}
    docs_known = {**queries.outlets_of(conn, fact_docs - set(docs)), **docs}
    rows = group_rows(facts, {story_id: record.get("title", "")}, docs_known)
    outlets = sorted(
        {outlet_name(d) for d in docs.values()} | {o for r in rows for o in r["cells"]},
        key=lambda o: (o == UNKNOWN_OUTLET, o),
    )
    evidence_ids = {str(s["id"]) for r in rows for s in r["spans"] if s.get("id")}
    events = queries.items_by_id(conn, set(record.get("events", [])) | evidence_ids)
    names = queries.actor_names(conn, {str(v) for e in events.values() for v in _actors(e)})
    rows = [_fact_row(row, outlets, events, names) for row in rows]
    return {
        "story": record,
        "outlets": outlets,
        "headlines": sorted(
            ({**d, "outlet_name": outlet_name(d)} for d in docs.values()),
            key=lambda d: (d["outlet"] or "", d["id"]),
        ),
        "rows": rows,
        "events": _events_by_outlet(record, docs, events, names),
    }


def _facts_sql(conn: sqlite3.Connection) -> str:
    """A story's contradictions and agreements: the index's story -> fact rows, else a scan."""
    if _indexed(conn):
        return (
            "SELECT l.kind, l.data FROM idx.story_facts f JOIN linked_items l ON l.rowid = f.rid"
            " WHERE f.story = ? ORDER BY l.kind DESC, l.rowid"
        )
    return (
        "SELECT kind, data FROM linked_items WHERE kind IN ('contradictions', 'agreements')"
        " AND json_extract(data, '$.story') = ? ORDER BY kind DESC, rowid"
    )


def _actors(item: dict[str, Any]) -> list[Any]:
    roles = (*CLAIMANT_FIELDS, "agent", "patient")
    return [item.get(f) for f in roles if item.get(f)]


def outlet_name(doc: dict[str, Any]) -> str:
    """A document's outlet, or "unknown outlet" (its id is no outlet name)."""
    return str(doc.get("outlet") or UNKNOWN_OUTLET)


def _fact_row(
    row: dict[str, Any],
    outlets: list[str],
    items: dict[str, dict[str, Any]],
    names: dict[str, str],
) -> dict[str, Any]:
    """One fact: each outlet's own words (with who said them), words unique to a cell marked."""
    cells: dict[str, list[dict[str, Any]]] = {o: [] for o in outlets}
    for outlet, spans in row["cells"].items():
        for span in spans:
            cell = {**span, "claimant": claimant(items.get(str(span.get("id"))), names)}
            cells.setdefault(outlet, []).append(cell)
    texts = {o: " ".join(s["text"] for s in spans) for o, spans in cells.items() if spans}
    for outlet, spans in cells.items():
        others = {w.lower() for o, t in texts.items() if o != outlet for w in re.findall(r"\w+", t)}
        for span in spans:
            span["pieces"] = marked_pieces(span["text"], others) if row["disputed"] else []
    return {**row, "cells": cells}


def marked_pieces(text: str, others: set[str]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, differs) where a differing word appears in no other cell."""
    return [
        (piece, piece[:1].isalnum() and piece.lower() not in others)
        for piece in _WORD.findall(text)
    ]


def _events_by_outlet(
    record: dict[str, Any],
    docs: dict[str, dict[str, Any]],
    items: dict[str, dict[str, Any]],
    names: dict[str, str],
) -> dict[str, list[dict[str, Any]]]:
    """The story's events in each outlet's column, with agent and patient named."""
    columns: dict[str, list[dict[str, Any]]] = {}
    for event_id in record.get("events", []):
        event = items.get(event_id)
        if not event or event["doc"] not in docs:
            continue
        doc = docs[event["doc"]]
        agent = names.get(event.get("agent") or "") or event.get("agent_text") or ""
        patient = names.get(event.get("patient") or "") or event.get("patient_text") or ""
        entry = {**event, "agent_name": agent, "patient_name": patient}
        columns.setdefault(outlet_name(doc), []).append(entry)
    return dict(sorted(columns.items()))
