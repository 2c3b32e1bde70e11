"""Where the accounts contradict each other, and where rival outlets agree."""

from __future__ import annotations

from typing import Any

from rashomon.report.render import render as render_template

NAME = "contradictions"
TITLE = "Contradictions and agreements"
POSITION = 25
KIND_NAMES = {
    "numbers": "Figures",
    "blame": "Who did it",
    "intent": "Intent",
    "denial": "Denial",
    "date": "Date",
    "place": "Place",
}
KIND_ORDER = ("blame", "denial", "intent", "place", "date", "numbers")


def render(export: dict[str, Any], ctx: Any) -> str:
    """Contradictions grouped by story, then agreements (across camps first)."""
    contradictions = export.get("contradictions", [])
    agreements = export.get("agreements", [])
    if not contradictions and not agreements:
        return "<p class='muted'>No contradictions or agreements found (they need stories with claims or events).</p>"
    titles = {s["id"]: s.get("title", "") for s in export.get("stories", [])}
    ranked = sorted(agreements, key=lambda a: not a.get("across_camps"))
    return render_template(
        "contradictions.html",
        n_contradictions=len(contradictions),
        n_agreements=len(agreements),
        contradictions=group_rows(contradictions, titles),
        agreements=group_rows(ranked, titles),
    )


def group_rows(items: list[dict[str, Any]], titles: dict[str, str]) -> list[dict[str, Any]]:
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
                where = (span["doc"], span["start"], span["end"])
                if where not in seen:
                    seen.add(where)
                    spans.append(span)
        rows.append(
            {
                "kind": item["kind"],
                "kind_name": KIND_NAMES.get(item["kind"], item["kind"]),
                "across_camps": bool(item.get("across_camps")),
                "story": item.get("story"),
                "story_title": titles.get(str(item.get("story")), ""),
                "explanation": item.get("explanation"),
                "spans": spans,
            }
        )
    return rows
