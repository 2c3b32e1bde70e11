"""The timeline: dated events of an export, one row each, ordered by date then outlet."""

from __future__ import annotations

from typing import Any


def is_generic(event: dict[str, Any]) -> bool:
    """A learned generic event of an export (OCCURRENCE, REPORT: "said", "happened"), stored
    ``linked: false``: in no story, timeline or report section."""
    return event.get("linked") is False


def timeline_rows(export: dict[str, Any], unlinked: bool = False) -> list[dict[str, Any]]:
    """Dated events with outlet, type, agent, patient, place and evidence text, sorted by date;
    the learned detector's generic events (``linked: false``) only when ``unlinked``."""
    outlets = {d["id"]: d.get("outlet") or d["id"] for d in export.get("documents", [])}
    names = {a["id"]: a.get("name") for a in export.get("actors", [])}
    rows = []
    for e in export.get("events", []):
        if not e.get("date") or (is_generic(e) and not unlinked):
            continue  # one generic event every few words would bury the typed ones
        rows.append(
            {
                "date": e["date"],
                "outlet": outlets.get(e["doc"], e["doc"]),
                "type": e.get("type"),
                "modality": e.get("modality"),
                "agent": names.get(e.get("agent")) or e.get("agent_text"),
                "patient": names.get(e.get("patient")) or e.get("patient_text"),
                "place": e.get("location_text"),
                "evidence": e["text"],
                "event": e,
            }
        )
    rows.sort(key=lambda r: (r["date"], r["outlet"], r["event"]["doc"], r["event"]["start"]))
    return rows
