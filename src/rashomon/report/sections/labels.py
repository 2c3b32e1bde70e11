"""The labels each outlet pins on each actor: an actor x outlet table."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

TITLE = "Labels"
NAME = "labels"
POSITION = 40


def render(export: dict[str, Any], ctx: Any) -> str:
    """Rows are actors (or unnamed targets), columns outlets; cells list the labels used."""
    labels = export.get("labels", [])
    if not labels:
        return "<p class='muted'>No evaluative labels found.</p>"
    cells: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for label in labels:
        actor = (
            ctx.actor_name(label.get("actor")) or f"“{label.get('target_text') or '?'}” (unnamed)"
        )
        cells[actor][label.get("outlet") or ctx.outlet(label["doc"])].append(label)
    outlets = sorted({o for row in cells.values() for o in row})
    head = "".join(f"<th>{ctx.escape(o)}</th>" for o in outlets)
    order = sorted(cells, key=lambda a: (-sum(len(v) for v in cells[a].values()), a))
    rows = [
        f"<tr><td><b>{ctx.escape(actor)}</b></td>"
        + "".join(f"<td>{_cell(cells[actor].get(o, []), ctx)}</td>" for o in outlets)
        + "</tr>"
        for actor in order
    ]
    return (
        "<p class='small muted'>Red: hostile words, green: sympathetic ones; in italics, words inside someone's quotation; "
        "the number is how often the outlet used it.</p>"
        f"<table class='labels'><tr><th>Actor</th>{head}</tr>{''.join(rows)}</table>"
    )


def _cell(items: list[dict[str, Any]], ctx: Any) -> str:
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        by_label[item["label"]].append(item)
    chips = []
    for label, uses in sorted(by_label.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        polarity = uses[0].get("polarity", 0)
        tone = "neg" if polarity < -0.05 else "pos" if polarity > 0.05 else "neu"
        quoted = " quoted" if all(u.get("quoted") for u in uses) else ""
        count = f"<sup>{len(uses)}</sup>" if len(uses) > 1 else ""
        chips.append(
            f"<span class='chip {tone}{quoted}'>{ctx.evidence(uses[0], label)}{count}</span>"
        )
    return " ".join(chips)
