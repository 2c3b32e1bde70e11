"""Timeline: dated events on a time axis, one row per outlet, each point linked to its evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rashomon.events.timeline import timeline_rows
from rashomon.report.render import render as render_template

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
OTHER_COLOUR = "#555"


def render(export: dict[str, Any], ctx: Any) -> str:
    """An inline SVG time axis (x = date, one row per outlet) and the table below it."""
    rows = timeline_rows(export)
    if not any(_day(r["date"]) for r in rows):
        return ""
    return render_template("timeline.html", rows=rows, **layout(rows))


def layout(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The SVG's geometry: one lane per outlet, about eight date ticks, one point per event."""
    days = [_day(r["date"]) for r in rows]
    known = [d for d in days if d is not None]
    first, last = min(known), max(known)
    span = max((last - first).days, 1)
    outlets = sorted({r["outlet"] for r in rows})
    lane = {outlet: ROW * (n + 1) for n, outlet in enumerate(outlets)}
    ticks = [
        (LEFT + WIDTH * tick / span, (first + dt.timedelta(days=tick)).isoformat())
        for tick in range(0, span + 1, max(1, span // 8))
    ]
    points = [
        {
            "x": LEFT + WIDTH * (day - first).days / span,
            "y": lane[r["outlet"]],
            "colour": COLOURS.get(r["type"] or "", OTHER_COLOUR),
            "tip": f"{r['date']} {r['type']} ({r['modality']}): {r['evidence']}",
            "event": r["event"],
        }
        for r, day in zip(rows, days, strict=True)
        if day is not None
    ]
    return {
        "lanes": list(lane.items()),
        "ticks": ticks,
        "points": points,
        "left": LEFT,
        "right": LEFT + WIDTH,
        "width": LEFT + WIDTH + 20,
        "height": ROW * (len(outlets) + 1) + 20,
    }


def _day(value: str) -> dt.date | None:
    """The day a date value starts on (``2019-04-09``, ``2019-04-09T10:00``), or None."""
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
