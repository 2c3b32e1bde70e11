"""Stance heatmap: outlet x actor, hostile red to sympathetic green, each cell linked to evidence."""

from __future__ import annotations

from typing import Any

from rashomon.report.render import render as render_template

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
    rows = [
        {"outlet": outlet, "cells": [cell(table.get((outlet, a))) for a in actors]}
        for outlet in outlets
    ]
    names = [ctx.actor_name(a) or a for a in actors]
    return render_template("stance.html", actors=names, rows=rows)


def cell(stance: dict[str, Any] | None) -> dict[str, Any] | None:
    """A heatmap cell: colour from the score, the evidence as a tooltip, the first as a link."""
    if stance is None:
        return None
    score = stance["score"]
    return {
        "score": score,
        "hue": 0 if score < 0 else 130,
        "light": 96 - int(abs(score) * 46),
        "tip": " | ".join(f"{e['text'][:60]}" for e in stance["evidence"][:4]),
        "first": stance["evidence"][0] if stance["evidence"] else stance,
        "role": stance["role"],
        "n": stance["n"],
    }
