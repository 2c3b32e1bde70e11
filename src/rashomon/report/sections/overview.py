"""Corpus overview: one row per document with its metadata, size and item counts."""

from __future__ import annotations

from collections import Counter
from typing import Any

TITLE = "Corpus"
ORDER = 10
COUNTED = ["mentions", "quotes", "claims", "events", "techniques"]


def render(export: dict[str, Any], ctx: Any) -> str:
    """A table of documents, and the duplicates found among them."""
    docs = export["documents"]
    if not docs:
        return "<p class='muted'>The store holds no documents yet.</p>"
    counts: dict[str, Counter[str]] = {
        k: Counter(i["doc"] for i in export.get(k, [])) for k in COUNTED
    }
    kinds = [k for k in COUNTED if counts[k]]
    outlets = sorted({d.get("outlet") or "unknown" for d in docs})
    head = "".join(f"<th class='num'>{k}</th>" for k in kinds)
    rows = []
    for d in docs:
        cells = "".join(f"<td class='num'>{counts[k][d['id']]}</td>" for k in kinds)
        dup = ", ".join(
            f"{x['kind']} duplicate of <a href='#doc-{ctx.escape(x['other'])}'>{ctx.escape(x['other'])}</a>"
            f" ({x['similarity']:.2f})"
            for x in d.get("duplicates", [])
        )
        words = len(d.get("text", "").split())
        rows.append(
            f"<tr><td><a href='#doc-{ctx.escape(d['id'])}'>{ctx.escape(d.get('title') or d['id'])}</a>"
            f"<div class='small muted'>{ctx.escape(d['id'])}{' · ' + dup if dup else ''}</div></td>"
            f"<td>{ctx.escape(d.get('outlet') or '—')}</td><td>{ctx.escape(d.get('date') or '—')}</td>"
            f"<td>{ctx.escape(d.get('language') or '—')}</td><td class='num'>{words}</td>{cells}</tr>"
        )
    return (
        f"<p>{len(docs)} documents from {len(outlets)} outlets "
        f"({ctx.escape(', '.join(outlets))}); {len(export.get('actors', []))} actors.</p>"
        f"<table><tr><th>Document</th><th>Outlet</th><th>Date</th><th>Lang</th><th class='num'>Words</th>"
        f"{head}</tr>{''.join(rows)}</table>"
    )
