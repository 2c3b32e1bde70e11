"""Where the accounts contradict each other, and where rival outlets agree: one row per fact."""

from __future__ import annotations

from typing import Any

from rashomon.report import UNKNOWN_OUTLET
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
# Who makes a claim: a claim's claimant, a quote's speaker, an event's reporting source (an
# event's agent is the doer, not the one who says so).
CLAIMANT_FIELDS = ("claimant", "speaker", "source")


def render(export: dict[str, Any], ctx: Any) -> str:
    """Disputed facts, then agreed ones (across camps first), each with one column per outlet."""
    contradictions = export.get("contradictions", [])
    agreements = export.get("agreements", [])
    if not contradictions and not agreements:
        return "<p class='muted'>No contradictions or agreements found (they need stories with claims or events).</p>"
    titles = {s["id"]: s.get("title", "") for s in export.get("stories", [])}
    ranked = sorted(agreements, key=lambda a: not a.get("across_camps"))
    rows = group_rows(
        [{"disputed": True, **c} for c in contradictions]
        + [{"disputed": False, **a} for a in ranked],
        titles,
        ctx.documents,
    )
    evidence = _items_by_id(export)
    names = {a["id"]: a.get("name", "") for a in export.get("actors", [])}
    for row in rows:
        for cells in row["cells"].values():
            for cell in cells:
                found = claimant(evidence.get(str(cell.get("id"))), names)
                cell["claimant"] = found or own_claimant(cell)
    disputed = [r for r in rows if r["disputed"]]
    agreed = [r for r in rows if not r["disputed"]]
    return render_template(
        "contradictions.html",
        n_contradictions=len(contradictions),
        n_agreements=len(agreements),
        contradictions=disputed,
        agreements=agreed,
        outlets_disputed=_outlets(disputed),
        outlets_agreed=_outlets(agreed),
    )


def _items_by_id(export: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every export item that has an id, by id (for the claimant of an evidence span)."""
    found: dict[str, dict[str, Any]] = {}
    for value in export.values():
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and "id" in item:
                    found.setdefault(str(item["id"]), item)
    return found


def _outlets(rows: list[dict[str, Any]]) -> list[str]:
    """The outlet columns of a table: every outlet with a cell, unknown outlets last."""
    names = {o for row in rows for o in row["cells"]}
    return sorted(names, key=lambda o: (o == UNKNOWN_OUTLET, o))


def claimant(item: dict[str, Any] | None, names: dict[str, str]) -> str:
    """Who the words are attributed to: a resolved actor, the quoted text, or the outlet when it
    asserts them in its own voice."""
    if not item:
        return ""
    for role in CLAIMANT_FIELDS:
        if item.get(role) and names.get(item[role]):
            return names[item[role]]
        if item.get(f"{role}_text"):
            return str(item[f"{role}_text"])
    own = item.get("voice") == "outlet" or item.get("modality") == "asserted"
    return "the outlet" if own else ""


def own_claimant(cell: dict[str, Any]) -> str:
    """Whose words a cell is when the comparison said so itself (an intent cue's sentence
    carries no claimant of its own): 'the outlet' for its own voice, else the speaker."""
    voice = cell.get("voice")
    if voice == "outlet":
        return "the outlet"
    return str(cell.get("claimant") or "") if voice else ""


def outlet_of(span: dict[str, Any], documents: dict[str, dict[str, Any]]) -> str:
    """A span's outlet; ``UNKNOWN_OUTLET`` when neither the span nor its document knows it
    (the linker writes the document id in place of a missing outlet)."""
    doc = documents.get(str(span.get("doc")))
    known = (doc or {}).get("outlet")
    outlet = span.get("outlet")
    if known:
        return str(known)
    if not outlet or outlet == span.get("doc") or doc is not None:
        return UNKNOWN_OUTLET
    return str(outlet)


def group_rows(
    items: list[dict[str, Any]],
    titles: dict[str, str],
    documents: dict[str, dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """One row per fact (``fact``; else story, kind and explanation), disputed before agreed,
    the most telling kinds first; each row's ``cells`` map outlet -> its evidence spans."""
    rank = {kind: n for n, kind in enumerate(KIND_ORDER)}
    grouped: dict[Any, list[dict[str, Any]]] = {}
    for item in items:
        key = item.get("fact") or (item.get("story"), item["kind"], item.get("explanation") or "")
        grouped.setdefault(key, []).append(item)
    rows = [_row(same, titles, documents or {}) for same in grouped.values()]
    rows.sort(key=lambda r: (not r["disputed"], rank.get(r["kind"], len(rank)), str(r["story"])))
    return rows


def _row(
    same: list[dict[str, Any]], titles: dict[str, str], documents: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """One fact's row from the items sharing it: its cells built from ``values`` (every
    outlet's value with its span), else from the union of the items' evidence spans."""
    item = same[0]
    spans: list[dict[str, Any]] = []
    seen: set[tuple[Any, Any, Any]] = set()
    for other in same:
        for span in other.get("values") or other.get("items", []):
            where = (span["doc"], span["start"], span["end"])
            if where not in seen:
                seen.add(where)
                spans.append(dict(span))
    cells: dict[str, list[dict[str, Any]]] = {}
    for span in spans:
        span["outlet_name"] = outlet_of(span, documents)
        span["doc_title"] = (documents.get(str(span["doc"])) or {}).get("title") or span["doc"]
        cells.setdefault(span["outlet_name"], []).append(span)
    disputed = any(bool(i.get("disputed")) for i in same)
    explanations = list(
        dict.fromkeys(_named(str(i["explanation"]), spans) for i in same if i.get("explanation"))
    )
    return {
        "fact": item.get("fact"),
        "kind": item["kind"],
        "kind_name": KIND_NAMES.get(item["kind"], item["kind"]),
        "title": item.get("fact_label") or KIND_NAMES.get(item["kind"], item["kind"]),
        "disputed": disputed,
        "status": "disputed" if disputed else "agreed",
        "across_camps": any(bool(i.get("across_camps")) for i in same),
        "story": item.get("story"),
        "story_title": titles.get(str(item.get("story")), ""),
        "explanation": explanations[0] if explanations else None,
        "explanations": explanations,
        "spans": spans,
        "cells": dict(sorted(cells.items(), key=lambda kv: (kv[0] == UNKNOWN_OUTLET, kv[0]))),
    }


def _named(explanation: str, spans: list[dict[str, Any]]) -> str:
    """The linker writes a document id where the outlet is unknown; the page names it so."""
    for span in spans:
        doc = str(span["doc"])
        if span["outlet_name"] == UNKNOWN_OUTLET and doc in explanation:
            title = span["doc_title"]
            named = UNKNOWN_OUTLET if title == doc else f"{UNKNOWN_OUTLET} ({title})"
            explanation = explanation.replace(doc, named)
    return explanation
