"""Timeline: dated events on a time axis, one row per outlet, each point linked to its evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rashomon.events.timeline import timeline_rows
from rashomon.report.render import fold

TITLE = "Timeline"
NAME = "timeline"
POSITION = 45
LEFT, ROW, WIDTH = 180, 28, 900
COLOURS = {
    "ASSAULT": "#c0392b",
    "FIGHT": "#e67e22",
    "CEASEFIRE": "#27ae60",
    "CONSULT": "#2980b9",
    "ACCUSE": "#8e44ad",
    "DENY": "#7f8c8d",
}


def render(export: dict[str, Any], ctx: Any) -> str:
    """An inline SVG time axis (x = date, one row per outlet) and the table below it."""
    rows = timeline_rows(export)
    if not rows:
        return ""
    days = [dt.date.fromisoformat(r["date"]) for r in rows]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    outlets = sorted({r["outlet"] for r in rows})
    height = ROW * (len(outlets) + 1) + 20
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{LEFT + WIDTH + 20}' height='{height}' role='img' aria-label='Timeline of events'>"
    ]
    for n, outlet in enumerate(outlets):
        y = ROW * (n + 1)
        parts.append(f"<text x='4' y='{y + 4}' font-size='12'>{ctx.escape(outlet)}</text>")
        parts.append(f"<line x1='{LEFT}' y1='{y}' x2='{LEFT + WIDTH}' y2='{y}' stroke='#ddd'/>")
    for tick in range(0, span + 1, max(1, span // 8)):
        day = first + dt.timedelta(days=tick)
        x = LEFT + WIDTH * tick / span
        parts.append(
            f"<text x='{x:.1f}' y='{height - 4}' font-size='10' text-anchor='middle'>{day.isoformat()}</text>"
        )
    for r, day in zip(rows, days, strict=True):
        x = LEFT + WIDTH * (day - first).days / span
        y = ROW * (outlets.index(r["outlet"]) + 1)
        tip = f"{r['date']} {r['type']} ({r['modality']}): {r['evidence']}"
        colour = COLOURS.get(r["type"] or "", "#555")
        parts.append(
            f"<a href='{ctx.link(r['event'])}'><circle cx='{x:.1f}' cy='{y}' r='5' fill='{colour}' fill-opacity='0.7'>"
            f"<title>{ctx.escape(tip)}</title></circle></a>"
        )
    parts.append("</svg>")
    table = [
        f"<tr><td>{ctx.escape(r['date'])}</td><td>{ctx.escape(r['outlet'])}</td><td>{ctx.escape(r['type'])} <span class='muted'>{ctx.escape(r['modality'])}</span></td>"
        f"<td>{ctx.escape(r['agent'] or '')}</td><td>{ctx.escape(r['patient'] or '')}</td><td>{ctx.escape(r['place'] or '')}</td>"
        f"<td>{ctx.evidence(r['event'])}</td></tr>"
        for r in rows
    ]
    return "".join(parts) + fold(
        table,
        "<table><tr><th>Date</th><th>Outlet</th><th>Event</th><th>Agent</th><th>Patient</th><th>Place</th><th>Evidence</th></tr>",
        "</table>",
        what="events",
    )
