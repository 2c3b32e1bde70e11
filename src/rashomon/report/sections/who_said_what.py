"""Who said what: each actor's quotes across outlets, and whom each outlet quotes how often."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from rashomon.report.render import render as render_template

TITLE = "Who said what"
NAME = "who_said_what"
POSITION = 30
MAX_QUOTES = 12
SNIPPET = 160
SPEAKERS_PER_OUTLET = 8


def render(export: dict[str, Any], ctx: Any) -> str:
    """Quotes grouped by speaker (outlet, date, linked words), then a bar per outlet and speaker."""
    quotes = [q for q in export.get("quotes", []) if q.get("speaker")]
    if not quotes:
        return ""
    by_actor: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in quotes:
        by_actor[q["speaker"]].append(q)
    ranked = sorted(by_actor, key=lambda a: (-len(by_actor[a]), ctx.actor_name(a)))
    return render_template(
        "who_said_what.html",
        outlet_rows=_outlet_rows(quotes, ctx),
        blocks=[_actor_block(a, by_actor[a], ctx) for a in ranked],
    )


def _actor_block(actor_id: str, quotes: list[dict[str, Any]], ctx: Any) -> dict[str, Any]:
    """One speaker: name, type, outlets, and their quotes (direct first, then reported)."""
    actor = ctx.actors.get(actor_id, {})
    outlets = Counter(ctx.outlet(q["doc"]) for q in quotes)
    ordered = sorted(
        quotes, key=lambda q: (q.get("kind") != "direct", _date(ctx, q), q["doc"], q["start"])
    )
    rows = [
        {
            "quote": q,
            "outlet": ctx.outlet(q["doc"]),
            "date": _date(ctx, q),
            "words": q["text"] if len(q["text"]) <= SNIPPET else q["text"][: SNIPPET - 1] + "…",
        }
        for q in ordered[:MAX_QUOTES]
    ]
    return {
        "name": actor.get("name") or actor_id,
        "type": actor.get("type", ""),
        "n": len(quotes),
        "outlets": sorted(outlets.items()),
        "rows": rows,
        "more": len(quotes) - MAX_QUOTES,
    }


def _date(ctx: Any, quote: dict[str, Any]) -> str:
    return ctx.documents.get(quote["doc"], {}).get("date") or ""


def _outlet_rows(quotes: list[dict[str, Any]], ctx: Any) -> list[tuple[str, list[Any]]]:
    """For each outlet, the speakers it quotes most: (name, bar width in px, count)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for q in quotes:
        counts[ctx.outlet(q["doc"])][q["speaker"]] += 1
    top = max(n for c in counts.values() for n in c.values())
    return [
        (
            outlet,
            [
                (ctx.actor_name(actor_id) or actor_id, max(4, int(80 * n / top)), n)
                for actor_id, n in counts[outlet].most_common(SPEAKERS_PER_OUTLET)
            ],
        )
        for outlet in sorted(counts)
    ]
