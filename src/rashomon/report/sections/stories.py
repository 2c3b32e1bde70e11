"""Stories side by side: one column per outlet, the differing figures and agents highlighted."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rashomon.report.render import fold

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
    return fold([_story(s, events, claims, ctx) for s in ranked], top=TOP_STORIES, what="stories")


def _story(story: dict[str, Any], events: dict, claims: dict, ctx: Any) -> str:
    columns: dict[str, list[str]] = defaultdict(list)
    for event_id in story["events"]:
        event = events.get(event_id)
        if not event:
            continue
        columns[ctx.outlet(event["doc"])].append(_event(event, claims.get(event_id, []), ctx))
    cols = "".join(
        f"<div class='col'><h4>{ctx.escape(outlet)}</h4>{''.join(parts)}</div>"
        for outlet, parts in sorted(columns.items())
    )
    meta = " · ".join(ctx.escape(x) for x in (story.get("date"), story.get("type")) if x)
    return (
        f"<div class='story' id='story-{ctx.escape(story['id'])}'><h3>{ctx.escape(story['title'])}</h3>"
        f"<div class='meta'>{meta} · {len(story['docs'])} articles · {len(columns)} outlets · "
        f"first report: {ctx.evidence(story)}</div><div class='cols'>{cols}</div></div>"
    )


def _event(event: dict[str, Any], claims: list[dict[str, Any]], ctx: Any) -> str:
    agent = ctx.actor_name(event.get("agent")) or event.get("agent_text") or ""
    who = f"<span class='diff agent'>{ctx.escape(agent)}</span> " if agent else ""
    figures = "".join(
        f"<span class='diff num'>{ctx.evidence(c)}</span> "
        for c in claims
        if c.get("low") is not None or c.get("high") is not None
    )
    modality = event.get("modality")
    flag = (
        f" <span class='pill'>{ctx.escape(modality)}</span>"
        if modality and modality != "asserted"
        else ""
    )
    return f"<p class='ev-row'>{who}{ctx.evidence(event)}{flag}<br>{figures}</p>"
