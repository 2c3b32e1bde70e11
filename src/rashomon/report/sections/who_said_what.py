"""Who said what: each actor's quotes across outlets, and whom each outlet quotes how often."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

TITLE = "Who said what"
NAME = "who_said_what"
POSITION = 30
MAX_QUOTES = 12
SNIPPET = 160


def render(export: dict[str, Any], ctx: Any) -> str:
    """Quotes grouped by speaker (outlet, date, linked words), then a bar per outlet and speaker."""
    quotes = [q for q in export.get("quotes", []) if q.get("speaker")]
    if not quotes:
        return ""
    by_actor: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for q in quotes:
        by_actor[q["speaker"]].append(q)
    ranked = sorted(by_actor, key=lambda a: (-len(by_actor[a]), ctx.actor_name(a)))
    parts = [_outlet_table(quotes, ctx), "<h3>Quotes by speaker</h3>"]
    for actor_id in ranked:
        parts.append(_actor_block(actor_id, by_actor[actor_id], ctx))
    return "".join(parts)


def _actor_block(actor_id: str, quotes: list[dict[str, Any]], ctx: Any) -> str:
    """One speaker: name, type, outlets, and their quotes (direct first, then reported)."""
    actor = ctx.actors.get(actor_id, {})
    outlets = Counter(ctx.outlet(q["doc"]) for q in quotes)
    outlet_list = ", ".join(f"{ctx.escape(o)} ({n})" for o, n in sorted(outlets.items()))
    rows = []
    ordered = sorted(
        quotes, key=lambda q: (q.get("kind") != "direct", _date(ctx, q), q["doc"], q["start"])
    )
    for q in ordered[:MAX_QUOTES]:
        doc = ctx.documents.get(q["doc"], {})
        words = q["text"] if len(q["text"]) <= SNIPPET else q["text"][: SNIPPET - 1] + "…"
        said = f" <span class='muted'>({ctx.escape(q.get('speaker_text'))}, {ctx.escape(q.get('cue'))})</span>"
        rows.append(
            f"<li><span class='small muted'>{ctx.escape(ctx.outlet(q['doc']))} · "
            f"{ctx.escape(doc.get('date') or '—')} · {ctx.escape(q.get('kind'))}</span> "
            f"{ctx.evidence(q, words)}{said if q.get('speaker_text') else ''}</li>"
        )
    more = len(quotes) - MAX_QUOTES
    extra = f"<li class='muted'>… and {more} more</li>" if more > 0 else ""
    return (
        f"<div class='ev-row'><strong>{ctx.escape(actor.get('name') or actor_id)}</strong> "
        f"<span class='muted'>{ctx.escape(actor.get('type', ''))} · {len(quotes)} quotes · {outlet_list}</span>"
        f"<ul>{''.join(rows)}{extra}</ul></div>"
    )


def _date(ctx: Any, quote: dict[str, Any]) -> str:
    return ctx.documents.get(quote["doc"], {}).get("date") or ""


def _outlet_table(quotes: list[dict[str, Any]], ctx: Any) -> str:
    """For each outlet, the speakers it quotes, with a CSS bar for how often."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for q in quotes:
        counts[ctx.outlet(q["doc"])][q["speaker"]] += 1
    top = max(n for c in counts.values() for n in c.values())
    rows = []
    for outlet in sorted(counts):
        cells = []
        for actor_id, n in counts[outlet].most_common(8):
            width = max(4, int(80 * n / top))
            cells.append(
                f"<div>{ctx.escape(ctx.actor_name(actor_id) or actor_id)} "
                f"<span class='bar' style='width:{width}px'></span> {n}</div>"
            )
        rows.append(f"<tr><td>{ctx.escape(outlet)}</td><td>{''.join(cells)}</td></tr>")
    return (
        "<h3>Whom each outlet quotes</h3><table><tr><th>Outlet</th><th>Speakers (quotes)</th></tr>"
        f"{''.join(rows)}</table>"
    )
