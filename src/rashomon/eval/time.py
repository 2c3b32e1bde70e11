"""Score temporal expressions against gold the way TempEval-3 does, plus invented dates.

Gold is JSONL, one record per TIMEX3::

    {"doc": "01_x", "start": 153, "end": 168, "text": "Tuesday morning", "type": "TIME",
     "value": "2019-04-09TMO"}

``value`` is null where the document gives no date to resolve against. Span scores: strict
(same start and end) and relaxed (any overlap) P/R/F1. Type and value accuracy are over the
relaxed matches; value F1 counts a prediction as right when it overlaps a gold expression and
has its value (TempEval-3's value F1). An *invented date* is a matched prediction with a value
where gold says null; a *wrong date* one whose calendar value has gold's shape but names another
date (a date the text did not give). *Relative dates* are the gold DATE/TIME expressions with a calendar value
and no year written in them ("on Tuesday", "yesterday", "14 March"): they need the document
date, and their score counts a missed expression as wrong.
"""

from __future__ import annotations

import hashlib
import json
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


def is_timeml(path: str | Path) -> bool:
    """True when the file is a TimeML corpus (documents with ``timexes``), not span gold."""
    with Path(path).open(encoding="utf-8") as handle:
        first = next((line for line in handle if line.strip()), "")
    try:
        record = json.loads(first)
    except json.JSONDecodeError:
        return False
    return isinstance(record, dict) and "timexes" in record and "text" in record


def load_timeml(path: str | Path) -> tuple[list[Record], list[Record]]:
    """The documents (``id``, ``text``, ``dct``) and their TIMEX3s as gold span records."""
    docs: list[Record] = []
    gold: list[Record] = []
    for record in load_jsonl(path, ("id", "text", "timexes"), "TimeML document"):
        docs.append({"id": record["id"], "text": record["text"], "dct": record.get("dct")})
        for t in record["timexes"]:
            gold.append(
                {"doc": record["id"], "start": t["start"], "end": t["end"], "text": t["text"],
                 "type": t["type"], "value": t.get("value") or None}
            )  # fmt: skip
    return docs, gold


def document_folds(doc_ids: list[str], folds: int) -> list[set[str]]:
    """Documents split into ``folds`` stable folds (by a hash of the id, not file order)."""
    ordered = sorted(doc_ids, key=lambda i: hashlib.sha256(i.encode()).hexdigest())
    return [set(ordered[k::folds]) for k in range(folds)]


def predict_times(docs: list[Record], parse: bool = True) -> list[Record]:
    """rashomon's time expressions for TimeML documents, as the ``times`` analyser finds them."""
    from rashomon.analysers.times import clause_tense
    from rashomon.timex import find_timexes

    nlp = None
    if parse:
        from rashomon.pipeline import load_spacy

        nlp = load_spacy()
    preds: list[Record] = []
    for doc in docs:
        parsed = nlp(doc["text"]) if nlp is not None else None

        def tense(start: int, end: int, parsed: Any = parsed) -> int:
            return clause_tense(parsed, start, end) if parsed is not None else 0

        for t in find_timexes(doc["text"], doc.get("dct"), tense):
            preds.append(
                {"doc": doc["id"], "start": t.start, "end": t.end,
                 "text": doc["text"][t.start : t.end], "type": t.type, "value": t.value}
            )  # fmt: skip
    return preds


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


_DIGIT = re.compile(r"\d")


def is_wrong_date(gold: Record, pred: Record) -> bool:
    """A calendar value at gold's granularity that names another date ('1989-10-24' for
    '1989-10-31', '1998' for '1997'): a date given where the right one was not found."""
    got, want = pred.get("value") or "", gold.get("value") or ""
    same_shape = _DIGIT.sub("9", got) == _DIGIT.sub("9", want)
    return bool(CALENDAR.match(want) or re.fullmatch(r"\d{4}", want)) and same_shape and got != want


def evaluate_times(export: dict[str, Any], gold: list[Record]) -> dict[str, Any]:
    """Strict and relaxed span P/R/F1, type and value accuracy, value F1, invented dates."""
    docs = {g["doc"] for g in gold}
    preds = [t for t in export.get("times", []) if t["doc"] in docs]
    return score_times(preds, gold)


def score_times(preds: list[Record], gold: list[Record]) -> dict[str, Any]:
    """The scores of :func:`evaluate_times` for predictions already limited to gold's documents."""
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
    scores["wrong_dates"] = [
        {"gold": g, "predicted": p["value"]} for g, p in matched if is_wrong_date(g, p)
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
