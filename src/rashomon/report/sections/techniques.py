"""How each outlet argues: persuasion-technique rates per 1,000 words and typical examples."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from markupsafe import Markup

from rashomon.report import UNKNOWN_OUTLET
from rashomon.report.render import render as render_template
from rashomon.techniques.catalog import NAMES, TECHNIQUES

TITLE = "How each outlet argues"
NAME = "techniques"
POSITION = 65
EXAMPLES = 2  # per technique and outlet
MAX_QUOTE = 180  # characters of an example shown before it is cut


def _outlet_words(export: dict[str, Any]) -> tuple[dict[str, str], Counter[str]]:
    """Each document's outlet, and the number of words each outlet published."""
    outlet_of: dict[str, str] = {}
    words: Counter[str] = Counter()
    for doc in export.get("documents", []):
        outlet = doc.get("outlet") or UNKNOWN_OUTLET
        outlet_of[doc["id"]] = outlet
        words[outlet] += len((doc.get("text") or "").split())
    return outlet_of, words


def shorten(text: str | None) -> str:
    """An example's words, cut after MAX_QUOTE characters."""
    text = text or ""
    return text if len(text) <= MAX_QUOTE else text[:MAX_QUOTE].rstrip() + "…"


def _rate_rows(rates: dict[tuple[str, str], float], outlets: list[str]) -> list[dict[str, Any]]:
    """One row per technique found: each outlet's (bar width in % of the top rate, rate)."""
    top = max(rates.values(), default=0.0)
    rows = []
    for name in NAMES:
        if not any(rates.get((name, o)) for o in outlets):
            continue
        cells = []
        for outlet in outlets:
            rate = rates.get((name, outlet), 0.0)
            cells.append((0.0 if top <= 0 else 100.0 * rate / top, rate))
        rows.append({"name": name, "description": TECHNIQUES[name], "cells": cells})
    return rows


def _examples(
    by_key: dict[tuple[str, str], list[dict[str, Any]]], outlets: list[str]
) -> list[dict[str, Any]]:
    """For each technique, each outlet's highest-scoring spans."""
    out = []
    for name in NAMES:
        blocks = []
        for outlet in outlets:
            items = sorted(
                by_key.get((name, outlet), []), key=lambda i: (-float(i.get("score") or 0), i["id"])
            )
            if items:
                blocks.append((outlet, items[:EXAMPLES]))
        if blocks:
            out.append({"name": name, "description": TECHNIQUES[name], "blocks": blocks})
    return out


def quoted(export: dict[str, Any], items: list[dict[str, Any]]) -> set[str]:
    """Ids of the items that lie inside a quotation the quotes layer attributes to a speaker:
    those are the speaker's words, not the outlet's own argument."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for quote in export.get("quotes", []):
        spans[quote["doc"]].append((int(quote["start"]), int(quote["end"])))
    return {
        item["id"]
        for item in items
        if any(s <= item["start"] and item["end"] <= e for s, e in spans.get(item["doc"], ()))
    }


def render(export: dict[str, Any], ctx: Any) -> str:
    """Technique rates per outlet (bar table) and the most typical examples of each, counting
    only the spans in the outlet's own voice (the analyser already dropped those below the
    model's calibrated report threshold)."""
    items = [i for i in export.get("techniques", []) if i.get("technique") in TECHNIQUES]
    inside = quoted(export, items)
    items = [i for i in items if i["id"] not in inside]
    if not items:
        return "<p>No persuasion techniques were detected in the outlets' own words.</p>"
    outlet_of, words = _outlet_words(export)
    by_key: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        by_key[(item["technique"], outlet_of.get(item["doc"], UNKNOWN_OUTLET))].append(item)
    outlets = sorted({o for _, o in by_key} | set(words))
    rates = {
        (name, outlet): 1000.0 * len(found) / max(words[outlet], 1)
        for (name, outlet), found in by_key.items()
    }
    body = render_template(
        "techniques.html",
        outlets=outlets,
        rates=_rate_rows(rates, outlets),
        examples=_examples(by_key, outlets),
        shorten=shorten,
    )
    note = Markup(
        f"<p><small>Counted: {len(items)} spans in the outlets' own words whose calibrated"
        f" confidence passed the model's report threshold; not counted: {len(inside)} inside"
        " quotations attributed to a speaker.</small></p>"
    )
    return body + note  # Markup: the page template must not escape it
