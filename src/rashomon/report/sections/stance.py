"""Stance heatmap: outlet x actor, hostile red to sympathetic green, each cell linked to evidence."""

from __future__ import annotations

from typing import Any

TITLE = "Stance"
NAME = "stance"
POSITION = 50
MAX_ACTORS = 12


def render(export: dict[str, Any], ctx: Any) -> str:
    """A colour table of stance scores with the framing role and the strongest evidence."""
    stances = export.get("stances", [])
    if not stances:
        return "<p class='muted'>No stance evidence yet.</p>"
    weight: dict[str, int] = {}
    for s in stances:
        weight[s["actor"]] = weight.get(s["actor"], 0) + s["n"]
    actors = sorted(weight, key=lambda a: (-weight[a], a))[:MAX_ACTORS]
    outlets = sorted({s["outlet"] for s in stances})
    table = {(s["outlet"], s["actor"]): s for s in stances}
    head = "".join(f"<th class='rot'>{ctx.escape(ctx.actor_name(a) or a)}</th>" for a in actors)
    rows = []
    for outlet in outlets:
        cells = "".join(_cell(table.get((outlet, a)), ctx) for a in actors)
        rows.append(f"<tr><th>{ctx.escape(outlet)}</th>{cells}</tr>")
    return (
        "<p class='small muted'>Score from −1 (hostile) to +1 (sympathetic), from labels, who is shown doing violence "
        "or suffering it, and who is quoted. Hover a cell for its evidence; click to read it.</p>"
        f"<table class='heat'><tr><th></th>{head}</tr>{''.join(rows)}</table>"
    )


def _cell(stance: dict[str, Any] | None, ctx: Any) -> str:
    if stance is None:
        return "<td class='heat-empty'></td>"
    score = stance["score"]
    hue = 0 if score < 0 else 130
    light = 96 - int(abs(score) * 46)
    tip = " | ".join(f"{e['text'][:60]}" for e in stance["evidence"][:4])
    first = stance["evidence"][0] if stance["evidence"] else stance
    return (
        f"<td class='heat-cell' style='background:hsl({hue},55%,{light}%)' title='{ctx.escape(tip)}'>"
        f"<a class='ev' href='{ctx.link(first)}'>{score:+.2f}</a>"
        f"<div class='small'>{ctx.escape(stance['role'])} · n={stance['n']}</div></td>"
    )
