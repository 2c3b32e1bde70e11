"""Score numeric claims against gold: span P/R/F1, bounds, quantity types, what is counted.

Gold is JSONL, one record per quantity::

    {"doc": "01_x", "start": 178, "end": 196, "text": "at least 41 people",
     "quantity_type": "count", "low": 41, "high": null, "approx": true,
     "counted": "killed", "subject": "people"}

``quantity_type`` is ``count`` or a typed quantity (``percent``, ``money``, ``age``,
``duration``, ``year``, ``other``); ``low``/``high`` follow the bounds table of
docs/claims-events-time.md (null = open). A predicted claim matches a gold claim when it covers
at least half of the gold span. Only documents named in the gold file are scored. Bounds are
right when both ``low`` and ``high`` equal the gold ones (within 0.5; null only equals null).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rashomon.eval.spans import Record, align, half_match, load_jsonl, ratio

REQUIRED = ("doc", "start", "end", "quantity_type", "low", "high")


def load_gold(path: str | Path) -> list[Record]:
    """Read gold claims; raise a RashomonError naming the first bad line."""
    return load_jsonl(path, REQUIRED, "claim")


def same_bound(a: float | None, b: float | None) -> bool:
    """Two bounds agree: both open, or within 0.5 of each other."""
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 0.5


def bounds_ok(pred: Record | None, gold: Record) -> bool:
    """The prediction has the gold claim's low and high."""
    return (
        pred is not None
        and same_bound(pred.get("low"), gold["low"])
        and same_bound(pred.get("high"), gold["high"])
    )


def evaluate_claims(export: dict[str, Any], gold: list[Record]) -> dict[str, Any]:
    """Span P/R/F1, recall with the right bounds, type accuracy, counted and subject accuracy."""
    docs = {g["doc"] for g in gold}
    preds = [c for c in export.get("claims", []) if c["doc"] in docs]
    scores, pairs = align(preds, gold, half_match)
    counts = [(g, p) for g, p in pairs if g["quantity_type"] == "count"]
    typed = [(g, p) for g, p in pairs if g["quantity_type"] != "count"]
    matched = [(g, p) for g, p in pairs if p is not None]
    scores["bounds_recall"] = ratio(sum(bounds_ok(p, g) for g, p in pairs), len(pairs))
    scores["count_bounds_recall"] = ratio(sum(bounds_ok(p, g) for g, p in counts), len(counts))
    scores["counts"] = len(counts)
    scores["type_accuracy"] = ratio(
        sum(p["quantity_type"] == g["quantity_type"] for g, p in matched), len(matched)
    )
    scores["typed_recall"] = ratio(
        sum(p is not None and p["quantity_type"] == g["quantity_type"] for g, p in typed),
        len(typed),
    )
    scores["typed"] = len(typed)
    scores["typed_as_count"] = sum(
        1 for g, p in typed if p is not None and p["quantity_type"] == "count"
    )
    matched_counts = [(g, p) for g, p in counts if p is not None]
    scores["counted_accuracy"] = ratio(
        sum(p.get("counted") == g.get("counted") for g, p in matched_counts), len(matched_counts)
    )
    with_subject = [(g, p) for g, p in matched_counts if g.get("subject")]
    scores["subject_accuracy"] = ratio(
        sum(p.get("subject") == g["subject"] for g, p in with_subject), len(with_subject)
    )
    scores["subjects_scored"] = len(with_subject)
    scores["errors"] = [
        {"gold": g, "predicted": p}
        for g, p in pairs
        if not bounds_ok(p, g)
        or p is not None
        and (p["quantity_type"] != g["quantity_type"] or p.get("counted") != g.get("counted"))
    ]
    return scores
