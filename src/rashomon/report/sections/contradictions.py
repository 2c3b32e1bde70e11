"""Where the accounts contradict each other, and where rival outlets agree."""

from __future__ import annotations

from typing import Any

TITLE = "Contradictions and agreements"
ORDER = 25
KIND_NAMES = {
    "numbers": "Figures",
    "blame": "Who did it",
    "intent": "Intent",
    "denial": "Denial",
    "date": "Date",
    "place": "Place",
}


def render(export: dict[str, Any], ctx: Any) -> str:
    """Contradictions grouped by story, then agreements (across camps first)."""
    contradictions = export.get("contradictions", [])
    agreements = export.get("agreements", [])
    if not contradictions and not agreements:
        return "<p class='muted'>No contradictions or agreements found (they need stories with claims or events).</p>"
    titles = {s["id"]: s.get("title", "") for s in export.get("stories", [])}
    parts = [
        f"<p>{len(contradictions)} contradictions and {len(agreements)} agreements between outlets.</p>"
    ]
    if contradictions:
        parts.append("<h3>Contradictions</h3>" + _table(contradictions, titles, ctx, "contra"))
    if agreements:
        ranked = sorted(agreements, key=lambda a: not a.get("across_camps"))
        parts.append("<h3>Agreements</h3>" + _table(ranked, titles, ctx, "agree"))
    return "".join(parts)


KIND_ORDER = ("blame", "denial", "intent", "place", "date", "numbers")


def _table(items: list[dict[str, Any]], titles: dict[str, str], ctx: Any, cls: str) -> str:
    """One row per story, kind and one-line explanation, the most telling kinds first; the
    same words found in several article pairs (wire copies, follow-ups) share a row, with
    every article's evidence."""
    rank = {kind: n for n, kind in enumerate(KIND_ORDER)}
    grouped: dict[tuple[Any, str, str], list[dict[str, Any]]] = {}
    for item in items:
        key = (item.get("story"), item["kind"], item.get("explanation") or "")
        grouped.setdefault(key, []).append(item)
    rows = []
    for _key, same in sorted(
        grouped.items(), key=lambda kv: (rank.get(kv[0][1], len(rank)), str(kv[0][0]))
    ):
        item = same[0]
        spans, seen = [], set()
        for other in same:
            for span in other.get("items", []):
                key = (span["doc"], span["start"], span["end"])
                if key not in seen:
                    seen.add(key)
                    spans.append(span)
        evidence = "".join(
            f"<div class='quote'><span class='outlet'>{ctx.escape(span['outlet'])}</span> {ctx.evidence(span)}</div>"
            for span in spans
        )
        camps = " <span class='pill camps'>across camps</span>" if item.get("across_camps") else ""
        story = titles.get(item.get("story"), "")
        rows.append(
            f"<tr class='{cls}'><td><span class='pill k-{ctx.escape(item['kind'])}'>{ctx.escape(KIND_NAMES.get(item['kind'], item['kind']))}</span>{camps}"
            f"<div class='small muted'><a href='#story-{ctx.escape(item.get('story'))}'>{ctx.escape(story)}</a></div></td>"
            f"<td>{ctx.escape(item.get('explanation'))}</td><td>{evidence}</td></tr>"
        )
    return (
        f"<table><tr><th>What</th><th>In one line</th><th>Evidence</th></tr>{''.join(rows)}</table>"
    )
