"""The corpus overview and the story-first page, each from a few indexed queries."""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from rashomon.report.sections.contradictions import group_rows
from rashomon.web import queries

# How many stories, disputed facts and actors the overview lists before "show all".
OVERVIEW_TOP = 20
# Above this many distinct days the overview counts documents per month instead.
MAX_DAYS_LISTED = 40
CLAIMANT_FIELDS = ("claimant", "speaker", "source", "agent")
_WORD = re.compile(r"\w+|\W+")


def overview(conn: sqlite3.Connection) -> dict[str, Any]:
    """Counts, outlets, dates, the biggest stories and the most disputed facts."""
    outlets = conn.execute(
        "SELECT outlet, COUNT(*) AS n FROM documents GROUP BY outlet ORDER BY n DESC, outlet"
    ).fetchall()
    days = conn.execute(
        "SELECT substr(date, 1, 10) AS day, COUNT(*) AS n FROM documents"
        " WHERE date IS NOT NULL GROUP BY day ORDER BY day"
    ).fetchall()
    counts: dict[str, int] = {}
    for table in ("items", "linked_items"):
        for kind, n in conn.execute(f"SELECT kind, COUNT(*) FROM {table} GROUP BY kind"):
            counts[kind] = counts.get(kind, 0) + n
    return {
        "documents": sum(r["n"] for r in outlets),
        "outlets": [{"outlet": r["outlet"], "documents": r["n"]} for r in outlets],
        "dates": _dates(days),
        "counts": dict(sorted(counts.items())),
        "actors": _top_actors(conn),
        "stories": _top_stories(conn),
        "disputed": _disputed(conn),
    }


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


def _top_stories(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT id, json_extract(data, '$.title') AS title, json_extract(data, '$.date') AS date,"
        " json_array_length(data, '$.docs') AS n FROM linked_items WHERE kind = 'stories'"
        " ORDER BY n DESC, id LIMIT ?",
        (OVERVIEW_TOP,),
    )
    return [dict(r) for r in rows]


def _disputed(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Stories and kinds of fact with the most contradictions between outlets."""
    rows = conn.execute(
        "SELECT json_extract(c.data, '$.story') AS story, json_extract(c.data, '$.kind') AS kind,"
        " COUNT(*) AS n, MIN(c.id) AS example FROM linked_items c WHERE c.kind = 'contradictions'"
        " GROUP BY story, kind ORDER BY n DESC, story LIMIT ?",
        (OVERVIEW_TOP,),
    ).fetchall()
    titles = _story_titles(conn, {r["story"] for r in rows if r["story"]})
    out = []
    for r in rows:
        example = queries.linked_item(conn, r["example"]) or {}
        out.append(
            {
                "story": r["story"],
                "title": titles.get(r["story"], ""),
                "kind": r["kind"],
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
    outlets = sorted({d["outlet"] or d["id"] for d in docs.values()})
    facts = conn.execute(
        "SELECT kind, data FROM linked_items WHERE kind IN ('contradictions', 'agreements')"
        " AND json_extract(data, '$.story') = ? ORDER BY rowid",
        (story_id,),
    ).fetchall()
    by_kind: dict[str, list[dict[str, Any]]] = {"contradictions": [], "agreements": []}
    for row in facts:
        by_kind[row["kind"]].append(json.loads(row["data"]))
    titles = {story_id: record.get("title", "")}
    evidence_ids = {s["id"] for f in facts for s in json.loads(f["data"]).get("items", [])}
    events = queries.items_by_id(conn, set(record.get("events", [])) | evidence_ids)
    names = queries.actor_names(conn, {str(v) for e in events.values() for v in _actors(e)})
    rows = [
        _fact_row(row, status, outlets, events, names)
        for status, kind in (("disputed", "contradictions"), ("agreed", "agreements"))
        for row in group_rows(by_kind[kind], titles)
    ]
    return {
        "story": record,
        "outlets": outlets,
        "headlines": sorted(docs.values(), key=lambda d: (d["outlet"] or "", d["id"])),
        "rows": rows,
        "events": _events_by_outlet(record, docs, events, names),
    }


def _actors(item: dict[str, Any]) -> list[Any]:
    return [item.get(f) for f in CLAIMANT_FIELDS if item.get(f)] + [item.get("patient")]


def claimant(item: dict[str, Any] | None, names: dict[str, str]) -> str:
    """Who the words are attributed to: a resolved actor, the quoted text, or the outlet."""
    if not item:
        return ""
    for role in CLAIMANT_FIELDS:
        if item.get(role) and names.get(item[role]):
            return names[item[role]]
        if item.get(f"{role}_text"):
            return str(item[f"{role}_text"])
    return "the outlet" if item.get("voice") == "outlet" else ""


def _fact_row(
    row: dict[str, Any],
    status: str,
    outlets: list[str],
    items: dict[str, dict[str, Any]],
    names: dict[str, str],
) -> dict[str, Any]:
    """One fact: each outlet's own words (with who said them), words unique to a cell marked."""
    cells: dict[str, list[dict[str, Any]]] = {o: [] for o in outlets}
    for span in row["spans"]:
        cell = {**span, "claimant": claimant(items.get(span["id"]), names)}
        cells.setdefault(span.get("outlet") or span["doc"], []).append(cell)
    texts = {o: " ".join(s["text"] for s in spans) for o, spans in cells.items() if spans}
    for outlet, spans in cells.items():
        others = {w.lower() for o, t in texts.items() if o != outlet for w in re.findall(r"\w+", t)}
        for span in spans:
            span["pieces"] = marked_pieces(span["text"], others) if status == "disputed" else []
    return {**row, "status": status, "cells": cells}


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
        columns.setdefault(doc["outlet"] or doc["id"], []).append(entry)
    return dict(sorted(columns.items()))
