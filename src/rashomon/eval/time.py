"""Score temporal expressions against gold the way TempEval-3 does, plus invented dates.

Gold is JSONL, one record per TIMEX3::

    {"doc": "01_x", "start": 153, "end": 168, "text": "Tuesday morning", "type": "TIME",
     "value": "2019-04-09TMO"}

``value`` is null where the document gives no date to resolve against. Span scores: strict
(same start and end) and relaxed (any overlap) P/R/F1. Type and value accuracy are over the
relaxed matches; value F1 counts a prediction as right when it overlaps a gold expression and
has its value (TempEval-3's value F1). An *invented date* is a matched prediction with a value
where gold says null. *Relative dates* are the gold DATE/TIME expressions with a calendar value
and no year written in them ("on Tuesday", "yesterday", "14 March"): they need the document
date, and their score counts a missed expression as wrong.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rashomon.eval.spans import Record, align, load_jsonl, overlap, prf, ratio

REQUIRED = ("doc", "start", "end", "type", "value")
CALENDAR = re.compile(r"^\d{4}-(?:\d\d|W\d\d)")
YEAR_WRITTEN = re.compile(r"\b\d{4}\b")


def load_gold(path: str | Path) -> list[Record]:
    """Read gold temporal expressions; raise a RashomonError naming the first bad line."""
    return load_jsonl(path, REQUIRED, "time expression")


def _strict(pred: Record, gold: Record) -> bool:
    return pred["start"] == gold["start"] and pred["end"] == gold["end"]


def _relaxed(pred: Record, gold: Record) -> bool:
    return overlap(pred, gold) > 0


def is_relative(gold: Record) -> bool:
    """A DATE/TIME whose calendar value needs the document date (no year written in it)."""
    value = gold.get("value") or ""
    return (
        gold["type"] in ("DATE", "TIME")
        and bool(CALENDAR.match(value))
        and not YEAR_WRITTEN.search(gold.get("text", ""))
    )


def evaluate_times(export: dict[str, Any], gold: list[Record]) -> dict[str, Any]:
    """Strict and relaxed span P/R/F1, type and value accuracy, value F1, invented dates."""
    docs = {g["doc"] for g in gold}
    preds = [t for t in export.get("times", []) if t["doc"] in docs]
    strict, _ = align(preds, gold, _strict)
    relaxed, pairs = align(preds, gold, _relaxed)
    matched = [(g, p) for g, p in pairs if p is not None]
    right_value = [(g, p) for g, p in matched if p.get("value") == g["value"]]
    scores: dict[str, Any] = {"strict": strict, "relaxed": relaxed}
    scores["type_accuracy"] = ratio(sum(p["type"] == g["type"] for g, p in matched), len(matched))
    scores["value_accuracy"] = ratio(len(right_value), len(matched))
    scores["value"] = prf(len(right_value), len(preds), len(right_value), len(gold))
    scores["invented"] = [
        {"gold": g, "predicted": p["value"]}
        for g, p in matched
        if g["value"] is None and p.get("value") is not None
    ]
    relative = [(g, p) for g, p in pairs if is_relative(g)]
    scores["relative_right"] = sum(1 for g, p in relative if p and p.get("value") == g["value"])
    scores["relative"] = len(relative)
    scores["relative_accuracy"] = ratio(scores["relative_right"], len(relative))
    scores["errors"] = [
        {"gold": g, "predicted": p}
        for g, p in pairs
        if p is None or p.get("value") != g["value"] or p["type"] != g["type"]
    ]
    return scores
