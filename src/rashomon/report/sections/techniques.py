"""How each outlet argues: persuasion-technique rates per 1,000 words and typical examples."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

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
        outlet = doc.get("outlet") or "(unknown outlet)"
        outlet_of[doc["id"]] = outlet
        words[outlet] += len((doc.get("text") or "").split())
    return outlet_of, words


def _bar(rate: float, top: float, ctx: Any) -> str:
    width = 0.0 if top <= 0 else 100.0 * rate / top
    return (
        f"<div style='display:flex;align-items:center;gap:.4em'>"
        f"<div style='background:#b5523b;height:.8em;width:{width:.1f}%;min-width:1px'></div>"
        f"<span style='font-size:.85em'>{ctx.escape(f'{rate:.1f}')}</span></div>"
    )


def _rates_table(rates: dict[tuple[str, str], float], outlets: list[str], ctx: Any) -> str:
    """A technique x outlet table whose cells are CSS bars scaled to the largest rate."""
    top = max(rates.values(), default=0.0)
    head = "".join(f"<th>{ctx.escape(o)}</th>" for o in outlets)
    rows = []
    for name in NAMES:
        if not any(rates.get((name, o)) for o in outlets):
            continue
        cells = "".join(
            f"<td style='min-width:8em'>{_bar(rates.get((name, o), 0.0), top, ctx)}</td>"
            for o in outlets
        )
        label = f"<th title='{ctx.escape(TECHNIQUES[name])}'>{ctx.escape(name)}</th>"
        rows.append(f"<tr>{label}{cells}</tr>")
    return (
        "<table class='techniques-rates'><caption>Detected spans per 1,000 words</caption>"
        f"<thead><tr><th>technique</th>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _quote(item: dict[str, Any], ctx: Any) -> str:
    text = item.get("text") or ""
    shown = text if len(text) <= MAX_QUOTE else text[:MAX_QUOTE].rstrip() + "…"
    score = float(item.get("score") or 0.0)
    return (
        f"<li><a href='{ctx.escape(ctx.link(item))}'>{ctx.escape(shown)}</a>"
        f" <small>({ctx.escape(f'{score:.2f}')})</small></li>"
    )


def _examples(
    by_key: dict[tuple[str, str], list[dict[str, Any]]], outlets: list[str], ctx: Any
) -> str:
    """For each technique, each outlet's highest-scoring spans, linked to the text."""
    parts = []
    for name in NAMES:
        blocks = []
        for outlet in outlets:
            items = sorted(
                by_key.get((name, outlet), []), key=lambda i: (-float(i.get("score") or 0), i["id"])
            )
            if items:
                quotes = "".join(_quote(item, ctx) for item in items[:EXAMPLES])
                blocks.append(f"<div><h5>{ctx.escape(outlet)}</h5><ul>{quotes}</ul></div>")
        if blocks:
            parts.append(
                f"<details><summary><b>{ctx.escape(name)}</b>: {ctx.escape(TECHNIQUES[name])}"
                f"</summary>{''.join(blocks)}</details>"
            )
    return "".join(parts)


def render(export: dict[str, Any], ctx: Any) -> str:
    """Technique rates per outlet (bar table) and the most typical examples of each."""
    items = [i for i in export.get("techniques", []) if i.get("technique") in TECHNIQUES]
    if not items:
        return "<p>No persuasion techniques were detected.</p>"
    outlet_of, words = _outlet_words(export)
    by_key: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        by_key[(item["technique"], outlet_of.get(item["doc"], "(unknown outlet)"))].append(item)
    outlets = sorted({o for _, o in by_key} | set(words))
    rates = {
        (name, outlet): 1000.0 * len(found) / max(words[outlet], 1)
        for (name, outlet), found in by_key.items()
    }
    intro = (
        "<p>Spans that a model trained on the Propaganda Techniques Corpus flags as using one "
        "of 14 persuasion techniques. Machine output: read the examples before drawing "
        "conclusions.</p>"
    )
    return intro + _rates_table(rates, outlets, ctx) + _examples(by_key, outlets, ctx)
