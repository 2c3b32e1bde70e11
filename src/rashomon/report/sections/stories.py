"""Stories side by side: one column per outlet, the differing figures and agents highlighted."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rashomon.report.render import render as render_template

TITLE = "Stories across outlets"
NAME = "stories"
POSITION = 20
TOP_STORIES = 10


def render(export: dict[str, Any], ctx: Any) -> str:
    """Each multi-outlet story with every outlet's events, figures and labels in its column."""
    stories = export.get("stories", [])
    if not stories:
        return "<p class='muted'>No event is reported by more than one article yet (stories need the events analyser).</p>"
    events = {e["id"]: e for e in export.get("events", [])}
    claims = defaultdict(list)
    for claim in export.get("claims", []):
        claims[claim.get("event")].append(claim)
    # The stories most outlets told come first; the long tail folds behind "show all".
    ranked = sorted(stories, key=lambda s: -len(s.get("docs", [])))
    laid_out = [_story(s, events, claims, ctx) for s in ranked]
    return render_template("stories.html", stories=laid_out, top=TOP_STORIES)


def _story(
    story: dict[str, Any],
    events: dict[str, dict[str, Any]],
    claims: dict[Any, list[dict[str, Any]]],
    ctx: Any,
) -> dict[str, Any]:
    """A story's columns: each outlet's events, sorted by outlet."""
    columns: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event_id in story["events"]:
        event = events.get(event_id)
        if event:
            columns[ctx.outlet(event["doc"])].append(_event(event, claims.get(event_id, []), ctx))
    meta = [x for x in (story.get("date"), story.get("type")) if x]
    return {"story": story, "meta": meta, "columns": sorted(columns.items())}


def _event(event: dict[str, Any], claims: list[dict[str, Any]], ctx: Any) -> dict[str, Any]:
    """An event with its agent's name, a modality other than asserted, and its figures."""
    modality = event.get("modality")
    return {
        "event": event,
        "agent": ctx.actor_name(event.get("agent")) or event.get("agent_text") or "",
        "modality": modality if modality and modality != "asserted" else None,
        "figures": [c for c in claims if c.get("low") is not None or c.get("high") is not None],
    }
