"""Outlet profiles: who each outlet names, labels, quotes and sides with, and its outlier figures."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from rashomon.report import UNKNOWN_OUTLET
from rashomon.report.render import render as render_template

TITLE = "Outlet profiles"
NAME = "outlets"
POSITION = 60
TOP = 5


def render(export: dict[str, Any], ctx: Any) -> str:
    """One card per outlet."""
    docs = export.get("documents", [])
    outlets = sorted({d.get("outlet") or UNKNOWN_OUTLET for d in docs})
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
    return render_template("outlets.html", cards=cards)


def _card(
    outlet: str,
    items: dict[str, list[Any]],
    stances: list[dict[str, Any]],
    outliers: list[str],
    docs: list[dict[str, Any]],
    ctx: Any,
) -> dict[str, Any]:
    """One outlet's rows: (heading, how the template shows the values, values)."""
    actors = Counter(ctx.actor_name(m.get("actor")) or m["text"] for m in items["mentions"])
    labels = Counter(x["label"] for x in items["labels"] if not x.get("quoted"))
    speakers = Counter(
        ctx.actor_name(q.get("speaker")) or q.get("speaker_text") or "?" for q in items["quotes"]
    )
    techniques = Counter(t.get("technique") for t in items["techniques"] if t.get("technique"))
    leaning = [
        {"name": ctx.actor_name(s["actor"]) or s["actor"], "score": s["score"]}
        for s in sorted(stances, key=lambda s: s["score"])
    ]
    return {
        "outlet": outlet,
        "n_docs": sum(1 for d in docs if (d.get("outlet") or UNKNOWN_OUTLET) == outlet),
        "rows": [
            ("Most mentioned", "counts", actors.most_common(TOP)),
            ("Labels chosen", "counts", labels.most_common(TOP)),
            ("Quotes", "counts", speakers.most_common(TOP)),
            ("Stance", "stances", leaning),
            ("Outlier figures", "lines", outliers),
            ("Techniques", "counts", techniques.most_common(TOP)),
        ],
    }


def _outliers(export: dict[str, Any], ctx: Any) -> dict[str, list[str]]:
    """Outlets whose figure in a story contradicts those of two or more other outlets."""
    against: dict[tuple[str, str], set[str]] = defaultdict(set)
    texts: dict[tuple[str, str], str] = {}
    for c in export.get("contradictions", []):
        if c.get("kind") != "numbers":
            continue
        spans = c.get("items", [])
        # By the document's outlet: the linker writes a document id where the outlet is unknown.
        outlet_of = {s["doc"]: ctx.outlet(s["doc"]) for s in spans}
        for span in spans:
            own = outlet_of[span["doc"]]
            others = {outlet_of[s["doc"]] for s in spans if outlet_of[s["doc"]] != own}
            key = (own, c["story"])
            against[key] |= others
            # an attributed figure is its speaker's, shown as such (not as the outlet's word)
            said = f"{span['claimant']}: " if span.get("claimant") else ""
            texts[key] = f"{said}“{span['text']}”"
    result: dict[str, list[str]] = defaultdict(list)
    for (outlet, story), others in sorted(against.items()):
        if len(others) >= 2:
            result[outlet].append(
                f"{texts[(outlet, story)]} (disputed by {', '.join(sorted(others))})"
            )
    return result
