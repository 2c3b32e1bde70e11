"""Corpus overview: one row per document with its metadata, size and item counts."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rashomon.events.timeline import is_generic
from rashomon.report import UNKNOWN_OUTLET
from rashomon.report.render import render as render_template

NAME = "overview"
TITLE = "Corpus"
POSITION = 10
COUNTED = ["mentions", "quotes", "claims", "events", "techniques"]


def render(export: dict[str, Any], ctx: Any) -> str:
    """A table of documents, and the duplicates found among them."""
    docs = export["documents"]
    if not docs:
        return "<p class='muted'>The store holds no documents yet.</p>"
    counts: dict[str, Counter[str]] = {
        # Events counted are those the report shows: not the learned generic ones.
        k: Counter(i["doc"] for i in export.get(k, []) if not is_generic(i))
        for k in COUNTED
    }
    kinds = [k for k in COUNTED if counts[k]]
    rows = [
        {
            **d,
            "words": len(d.get("text", "").split()),
            "counts": [counts[k][d["id"]] for k in kinds],
        }
        for d in docs
    ]
    return render_template(
        "overview.html",
        docs=rows,
        outlets=sorted({d.get("outlet") or UNKNOWN_OUTLET for d in docs}),
        kinds=kinds,
        n_actors=len(export.get("actors", [])),
    )
