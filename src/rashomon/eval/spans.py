"""Shared pieces of the span-level evaluations: reading gold JSONL, checking offsets, matching.

Gold files hold one JSON object per line with at least ``doc``, ``start``, ``end`` (character
offsets into the normalised document text) and usually ``text`` (that slice, for checking).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rashomon.errors import RashomonError

Record = dict[str, Any]


def load_jsonl(path: str | Path, required: Iterable[str], what: str) -> list[Record]:
    """Read gold records; raise a RashomonError naming the first bad line."""
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except OSError as exc:
        raise RashomonError(f"{path}: cannot read gold file ({exc})") from exc
    need = set(required)
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RashomonError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        missing = need - set(record) if isinstance(record, dict) else need
        if missing:
            raise RashomonError(
                f"{path}:{number}: a gold {what} needs {', '.join(sorted(need))}"
                f" (missing {', '.join(sorted(missing))})"
            )
        records.append(record)
    return records


def check_gold(gold: list[Record], texts: dict[str, str]) -> list[str]:
    """Problems with gold offsets: unknown documents or text that does not match the span."""
    problems = []
    for g in gold:
        text = texts.get(g["doc"])
        if text is None:
            problems.append(f"{g['doc']}: no such document")
        elif "text" in g and text[g["start"] : g["end"]] != g["text"]:
            problems.append(f"{g['doc']} {g['start']}:{g['end']}: text does not match")
    return problems


def overlap(a: Record, b: Record) -> int:
    """Characters shared by two spans (0 when they do not overlap)."""
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def half_match(pred: Record, gold: Record) -> bool:
    """The prediction covers at least half of the gold span."""
    return overlap(pred, gold) * 2 >= gold["end"] - gold["start"] > 0


def prf(hit_pred: int, n_pred: int, hit_gold: int, n_gold: int) -> dict[str, Any]:
    """Precision, recall and F1 from matched and total counts."""
    precision = hit_pred / n_pred if n_pred else 0.0
    recall = hit_gold / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "gold": n_gold, "predicted": n_pred}


def align(
    preds: list[Record],
    gold: list[Record],
    match: Callable[[Record, Record], bool],
    span: Callable[[Record], Record] = lambda r: r,
) -> tuple[dict[str, Any], list[tuple[Record, Record | None]]]:
    """P/R/F1 under ``match`` and, per gold record, its closest matching prediction (or None).

    ``span`` maps a prediction to the record whose ``start``/``end`` are compared (an event's
    trigger, say). Any number of predictions may match one gold record and one prediction
    several gold records, as in the quote evaluation.
    """
    by_doc: dict[str, list[Record]] = {}
    for p in preds:
        by_doc.setdefault(p["doc"], []).append(p)
    pairs: list[tuple[Record, Record | None]] = []
    matched_preds: set[int] = set()
    for g in gold:
        cands = [p for p in by_doc.get(g["doc"], []) if match(span(p), g)]
        matched_preds.update(id(p) for p in cands)
        best = max(cands, key=lambda p: _closeness(span(p), g)) if cands else None
        pairs.append((g, best))
    hit_gold = sum(1 for _, p in pairs if p is not None)
    scores = prf(len(matched_preds), len(preds), hit_gold, len(gold))
    return scores, pairs


def _closeness(pred: Record, gold: Record) -> tuple[int, int]:
    """Most overlap first, then the prediction whose length is nearest the gold span's."""
    size = (pred["end"] - pred["start"]) - (gold["end"] - gold["start"])
    return overlap(pred, gold), -abs(size)


def ratio(right: int, total: int) -> float:
    """right / total, or 0.0 when there is nothing to score."""
    return right / total if total else 0.0
