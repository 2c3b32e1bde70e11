"""The labels each outlet pins on each actor: an actor x outlet table."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rashomon.report.render import render as render_template

TITLE = "Labels"
NAME = "labels"
POSITION = 40
# Polarity within this distance of zero shows as a neutral chip.
NEUTRAL_BAND = 0.05
WEAK = ("sentence", "pronoun")  # how a label's actor was found when only guessed


def render(export: dict[str, Any], ctx: Any) -> str:
    """Rows are actors (or unnamed targets), columns outlets; cells list the labels used.

    A cell holds the outlet's own words (and the terms it sets in scare quotes); words inside a
    quoted speaker's statement are that speaker's, so they are counted apart, not in the cell.
    A word whose actor was only guessed from its sentence goes under its own phrase, unnamed.
    """
    labels = export.get("labels", [])
    if not labels:
        return "<p class='muted'>No evaluative labels found.</p>"
    speakers = [x for x in labels if speaker_voice(x)]
    cells: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for label in labels:
        if speaker_voice(label):
            continue
        # an actor guessed only from the sentence (its subject, a pronoun's antecedent) is
        # not one the outlet pinned the word on: such a label stays in the unnamed rows
        named = None if label.get("resolved") in WEAK else label.get("actor")
        actor = ctx.actor_name(named) or f"“{label.get('target_text') or '?'}” (unnamed)"
        cells[actor][label.get("outlet") or ctx.outlet(label["doc"])].append(label)
    outlets = sorted({o for row in cells.values() for o in row})
    order = sorted(cells, key=lambda a: (-sum(len(v) for v in cells[a].values()), a))
    rows = [
        {"actor": actor, "cells": [chips(cells[actor].get(o, [])) for o in outlets]}
        for actor in order
    ]
    return render_template("labels.html", outlets=outlets, rows=rows, quoted=len(speakers))


def speaker_voice(label: dict[str, Any]) -> bool:
    """Whether the label is in a quoted speaker's words (older exports: ``quoted`` without a
    scare-quote voice)."""
    voice = label.get("voice")
    return voice == "speaker" if voice else bool(label.get("quoted"))


def chips(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One chip per distinct label (most used first): its tone, first use and count."""
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        by_label[item["label"]].append(item)
    out = []
    for label, uses in sorted(by_label.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        quoted = all(u.get("quoted") for u in uses)
        out.append(chip(label, uses[0], len(uses), quoted))
    return out


def chip(label: str, first: dict[str, Any], count: int, quoted: bool) -> dict[str, Any]:
    """A label chip: its tone from the first use's polarity, linked to that use."""
    polarity = first.get("polarity") or 0
    tone = "neg" if polarity < -NEUTRAL_BAND else "pos" if polarity > NEUTRAL_BAND else "neu"
    return {"label": label, "item": first, "tone": tone, "quoted": quoted, "count": count}
