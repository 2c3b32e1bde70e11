"""Score quotes against gold: span P/R/F1, speaker accuracy, scare quotes taken as speech.

Gold is JSONL, one record per quote or scare quote::

    {"doc": "01_x", "start": 10, "end": 52, "text": "...", "kind": "direct", "speaker": "Name"}

``kind`` is ``direct``, ``indirect`` or ``scare``; ``speaker`` is a canonical name or null.
A predicted quote matches a gold quote when it overlaps at least half of the gold span (any
number of predictions may match one gold quote, and one prediction several gold quotes). Only
documents that appear in the gold file are scored. A speaker is right when the predicted
speaker actor's name or one of its aliases equals the gold name or contains it (or the other
way round), compared case-insensitively without 'the'.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rashomon.errors import RashomonError
from rashomon.eval.spans import align, half_match, load_jsonl, overlap, ratio

QUOTE_KINDS = ("direct", "indirect")


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """Read gold records; raise a RashomonError naming the first bad line."""
    records = load_jsonl(path, ("doc", "start", "end", "kind"), "quote")
    for number, record in enumerate(records, 1):
        if record["kind"] not in (*QUOTE_KINDS, "scare"):
            raise RashomonError(f"{path}: record {number}: kind must be direct, indirect or scare")
    return records


def _norm(name: str) -> str:
    name = re.sub(r"[’'`\"“”‘]", "'", name.lower())
    name = re.sub(r"^(the|a|an)\s+", "", name.strip())
    return re.sub(r"\s+", " ", name)


def speaker_ok(actor: dict[str, Any] | None, gold_name: str) -> bool:
    """Whether an actor's name or aliases match the gold speaker name."""
    if actor is None:
        return False
    want = _norm(gold_name)
    names = {_norm(n) for n in [actor.get("name", ""), *actor.get("aliases", [])] if n}
    return any(n == want or (len(n) > 3 and (n in want or want in n)) for n in names)


def evaluate_quotes(export: dict[str, Any], gold: list[dict[str, Any]]) -> dict[str, Any]:
    """Quote span P/R/F1 (all and by kind), speaker accuracy, scare quotes taken as speech."""
    docs = {g["doc"] for g in gold}
    actors = {a["id"]: a for a in export.get("actors", [])}
    preds = [q for q in export.get("quotes", []) if q["doc"] in docs]
    gold_quotes = [g for g in gold if g["kind"] in QUOTE_KINDS]
    scores: dict[str, Any] = align(preds, gold_quotes, half_match)[0]
    for kind in QUOTE_KINDS:
        scores[kind] = align(
            [p for p in preds if p.get("kind") == kind],
            [g for g in gold_quotes if g["kind"] == kind],
            half_match,
        )[0]
    right = total = 0
    wrong: list[dict[str, Any]] = []
    for g in gold_quotes:
        candidates = [p for p in preds if p["doc"] == g["doc"] and half_match(p, g)]
        if not candidates or not g.get("speaker"):
            continue
        best = max(candidates, key=lambda p: overlap(p, g))
        total += 1
        if speaker_ok(actors.get(best.get("speaker") or ""), g["speaker"]):
            right += 1
        else:
            wrong.append(
                {"gold": g, "predicted": actors.get(best.get("speaker") or "", {}).get("name")}
            )
    scores["speaker_accuracy"] = ratio(right, total)
    scores["speakers_scored"] = total
    scores["speaker_errors"] = wrong
    scares = [g for g in gold if g["kind"] == "scare"]
    scores["scare_as_speech"] = sum(1 for s in scares if _taken_as_speech(s, preds))
    found = [p for p in export.get("scare_quotes", []) if p["doc"] in docs]
    scores["scare_recall"] = ratio(
        sum(1 for s in scares if any(p["doc"] == s["doc"] and half_match(p, s) for p in found)),
        len(scares),
    )
    scores["scare_gold"] = len(scares)
    return scores


def _taken_as_speech(scare: dict[str, Any], preds: list[dict[str, Any]]) -> bool:
    """A direct quote whose quoted parts cover the scare quote, or a quote that is little more."""
    for p in preds:
        if p["doc"] != scare["doc"]:
            continue
        parts = p.get("parts") or []
        if p.get("kind") == "direct" and any(half_match(part, scare) for part in parts):
            return True
        if half_match(p, scare) and (p["end"] - p["start"]) <= 2 * (scare["end"] - scare["start"]):
            return True
    return False
