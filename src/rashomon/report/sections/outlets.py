"""Outlet profiles: who each outlet names, labels, quotes and sides with, and its outlier figures."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

TITLE = "Outlet profiles"
NAME = "outlets"
POSITION = 60
TOP = 5


def render(export: dict[str, Any], ctx: Any) -> str:
    """One card per outlet."""
    docs = export.get("documents", [])
    outlets = sorted({d.get("outlet") or d["id"] for d in docs})
    if not outlets:
        return ""
    by_outlet: defaultdict[str, defaultdict[str, list[Any]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for kind in ("mentions", "labels", "quotes", "techniques"):
        for item in export.get(kind, []):
            by_outlet[ctx.outlet(item["doc"])][kind].append(item)
    outliers = _outliers(export, ctx)
    stances = defaultdict(list)
    for s in export.get("stances", []):
        stances[s["outlet"]].append(s)
    cards = [_card(o, by_outlet[o], stances[o], outliers.get(o, []), docs, ctx) for o in outlets]
    return f"<div class='cards'>{''.join(cards)}</div>"


def _card(outlet: str, items: dict, stances: list, outliers: list, docs: list, ctx: Any) -> str:
    n_docs = sum(1 for d in docs if (d.get("outlet") or d["id"]) == outlet)
    actors = Counter(ctx.actor_name(m.get("actor")) or m["text"] for m in items["mentions"])
    labels = Counter(x["label"] for x in items["labels"] if not x.get("quoted"))
    speakers = Counter(
        ctx.actor_name(q.get("speaker")) or q.get("speaker_text") or "?" for q in items["quotes"]
    )
    rows = [
        ("Most mentioned", _counts(actors, ctx)),
        ("Labels chosen", _counts(labels, ctx)),
        ("Quotes", _counts(speakers, ctx)),
        (
            "Stance",
            " ".join(
                f"<span class='pill {'neg' if s['score'] < 0 else 'pos'}'>{ctx.escape(ctx.actor_name(s['actor']) or s['actor'])} {s['score']:+.2f}</span>"
                for s in sorted(stances, key=lambda s: s["score"])
            ),
        ),
        ("Outlier figures", "<br>".join(ctx.escape(x) for x in outliers)),
        ("Techniques", _techniques(items["techniques"], ctx)),
    ]
    body = "".join(
        f"<tr><th>{name}</th><td>{value or '<span class=muted>—</span>'}</td></tr>"
        for name, value in rows
    )
    return f"<div class='card'><h3>{ctx.escape(outlet)}</h3><div class='meta'>{n_docs} articles</div><table>{body}</table></div>"


def _counts(counter: Counter, ctx: Any) -> str:
    return ", ".join(f"{ctx.escape(k)} ({v})" for k, v in counter.most_common(TOP))


def _techniques(items: list[dict[str, Any]], ctx: Any) -> str:
    counts = Counter(t.get("technique") for t in items if t.get("technique"))
    return _counts(counts, ctx)


def _outliers(export: dict[str, Any], ctx: Any) -> dict[str, list[str]]:
    """Outlets whose figure in a story contradicts those of two or more other outlets."""
    against: dict[tuple[str, str], set[str]] = defaultdict(set)
    texts: dict[tuple[str, str], str] = {}
    for c in export.get("contradictions", []):
        if c.get("kind") != "numbers":
            continue
        spans = c.get("items", [])
        for span in spans:
            others = {s["outlet"] for s in spans if s["outlet"] != span["outlet"]}
            key = (span["outlet"], c["story"])
            against[key] |= others
            texts[key] = span["text"]
    result: dict[str, list[str]] = defaultdict(list)
    for (outlet, story), others in sorted(against.items()):
        if len(others) >= 2:
            result[outlet].append(
                f"“{texts[(outlet, story)]}” (disputed by {', '.join(sorted(others))})"
            )
    return result
