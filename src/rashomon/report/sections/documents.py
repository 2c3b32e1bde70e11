"""The document viewer: every article's text with every extracted span highlighted."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from rashomon.events.timeline import is_generic
from rashomon.report.render import render as render_template

TITLE = "Documents"
NAME = "documents"
POSITION = 1000
SKIP = {"sentences", "stories", "contradictions", "agreements", "stances"}
# Articles shown open; the others fold to their headline and open when evidence points in.
OPEN_FIRST = 10
# Markup.format escapes each value it is given (``piece`` is already escaped markup).
SPAN = Markup("<span class='hl {}' data-i='{}' title='{}'>{}</span>")
DETAIL_FIELDS = ("label", "type", "technique", "kind", "counted", "value", "speaker_text", "cue")


def render(export: dict[str, Any], ctx: Any) -> str:
    """Each document's metadata and text, spans highlighted with their kind on hover."""
    spans_by_doc: dict[str, list[dict[str, Any]]] = {}
    kinds = []
    for kind, items in export.items():
        if kind in SKIP or not isinstance(items, list) or kind in ("documents", "actors"):
            continue
        if items:
            kinds.append(kind)
        for item in items:
            if is_generic(item):
                continue  # a learned generic event: nothing in the report points at it
            spans_by_doc.setdefault(item["doc"], []).append({**item, "_kind": kind})
    docs = [
        {
            **doc,
            "body": highlight(doc.get("text", ""), spans_by_doc.get(doc["id"], [])),
        }
        for doc in export["documents"]
    ]
    return render_template("documents.html", kinds=kinds, docs=docs, open_first=OPEN_FIRST)


def highlight(text: str, spans: list[dict[str, Any]]) -> Markup:
    """Escape ``text`` and wrap each stretch covered by spans in a titled, id-tagged element.

    Built piece by piece rather than in a template: an article has thousands of stretches, and
    every piece goes through ``escape``."""
    bounds = sorted({0, len(text), *(s["start"] for s in spans), *(s["end"] for s in spans)})
    starts: dict[int, list[dict[str, Any]]] = {}
    for span in spans:
        starts.setdefault(span["start"], []).append(span)
    active: list[dict[str, Any]] = []
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        active = [s for s in active if s["end"] > a] + starts.get(a, [])
        piece = escape(text[a:b])
        covering = [s for s in active if s["start"] < s["end"]]
        if not covering:
            out.append(piece)
            continue
        classes = " ".join(sorted({f"k-{s['_kind']}" for s in covering}))
        ids = " ".join(f"i-{s['id']}" for s in covering)
        title = "; ".join(_describe(s) for s in covering)
        out.append(SPAN.format(classes, ids, title, piece))
    return Markup("".join(out))


def _describe(span: dict[str, Any]) -> str:
    """'quotes: kind=direct, speaker_text=…' for the hover title."""
    details = ", ".join(f"{k}={span[k]}" for k in DETAIL_FIELDS if span.get(k) not in (None, ""))
    return f"{span['_kind']}: {details}" if details else span["_kind"]
