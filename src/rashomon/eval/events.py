"""Score events against gold: trigger P/R/F1, type, agent, patient and modality accuracy.

Gold is JSONL, one record per event, its span the trigger word or phrase::

    {"doc": "01_x", "start": 868, "end": 875, "text": "bombing", "type": "ASSAULT",
     "agent": "the government", "patient": "the market", "modality": "alleged"}

``agent``/``patient`` are the actor or target as written in the document (for a pronoun, the
words of its antecedent), or null when the text does not express one. A predicted event matches
a gold event when its trigger covers at least half of the gold trigger. Only documents named in
the gold file are scored; accuracies are over matched events.

A gold file that annotates no generic event (``GENERIC_TYPES``: the learned detector's
OCCURRENCE and REPORT) is scored against the typed events only, as the example corpus's gold,
which annotates PLOVER-typed events and nothing else; the generic events left out are counted
in ``generic`` (so a run with learned triggers reads the same typed figures as one without).

Argument rule: a predicted argument is right when gold and prediction are both null, or when
one of the prediction's names (its text, and the canonical actor's name and aliases when the
argument resolved to an actor) agrees with the gold words: after lower-casing and dropping
punctuation, possessive 's, articles and other function words, the content words of one are a
subset of the other's ("the government" ~ "The Norvanian government", "Units" ~ "Units of the
Norvanian Army"), or, for bare pronouns, the two are the same word.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rashomon.eval.spans import Record, align, half_match, load_jsonl, ratio
from rashomon.events.extract import LEARNED_TYPES as GENERIC_TYPES

REQUIRED = ("doc", "start", "end", "type")
ROLES = ("agent", "patient")
FUNCTION_WORDS = {
    "the", "a", "an", "its", "their", "his", "her", "our", "your", "my", "of", "in", "on", "at",
    "to", "for", "from", "by", "and", "so", "called", "so-called", "own", "this", "these", "that",
    "those",
}  # fmt: skip


def load_gold(path: str | Path) -> list[Record]:
    """Read gold events; raise a RashomonError naming the first bad line."""
    return load_jsonl(path, REQUIRED, "event")


def _words(text: str) -> tuple[str, set[str]]:
    """Normalised text and its content words."""
    low = re.sub(r"[’'`]s\b", "", text.lower())
    low = re.sub(r"[^\w\s-]", " ", low)
    tokens = low.split()
    return " ".join(tokens), {t for t in tokens if t not in FUNCTION_WORDS}


def names_agree(name: str, gold: str) -> bool:
    """Whether one name and the gold argument words refer alike (see the module rule)."""
    n_text, n_words = _words(name)
    g_text, g_words = _words(gold)
    if n_text and n_text == g_text:
        return True
    return bool(n_words and g_words) and (n_words <= g_words or g_words <= n_words)


def argument_ok(pred: Record, role: str, gold: str | None, actors: dict[str, Record]) -> bool:
    """The predicted ``role`` argument agrees with the gold one (both null counts as right)."""
    text = pred.get(f"{role}_text")
    if gold is None or text is None:
        return gold is None and text is None
    names = [text]
    actor = actors.get(pred.get(role) or "")
    if actor is not None:
        names += [actor.get("name", ""), *actor.get("aliases", [])]
    return any(names_agree(n, gold) for n in names if n)


def _trigger(pred: Record) -> Record:
    return pred.get("trigger") or pred


def evaluate_events(export: dict[str, Any], gold: list[Record]) -> dict[str, Any]:
    """Trigger P/R/F1; type, agent, patient and modality accuracy over matched events."""
    docs = {g["doc"] for g in gold}
    actors = {a["id"]: a for a in export.get("actors", [])}
    preds = [e for e in export.get("events", []) if e["doc"] in docs]
    generic = []
    if not any(g["type"] in GENERIC_TYPES for g in gold):
        generic = [e for e in preds if e["type"] in GENERIC_TYPES]
        preds = [e for e in preds if e["type"] not in GENERIC_TYPES]
    scores, pairs = align(preds, gold, half_match, span=_trigger)
    matched = [(g, p) for g, p in pairs if p is not None]
    scores["matched"] = len(matched)
    scores["generic"] = len(generic)
    scores["type_accuracy"] = ratio(sum(p["type"] == g["type"] for g, p in matched), len(matched))
    errors: list[dict[str, Any]] = []
    for role in ROLES:
        right = [argument_ok(p, role, g.get(role), actors) for g, p in matched]
        scores[f"{role}_accuracy"] = ratio(sum(right), len(matched))
        expressed = [ok for ok, (g, _) in zip(right, matched, strict=True) if g.get(role)]
        scores[f"{role}_expressed_accuracy"] = ratio(sum(expressed), len(expressed))
        scores[f"{role}_expressed"] = len(expressed)
        errors += [
            {"role": role, "gold": g, "predicted": p.get(f"{role}_text")}
            for ok, (g, p) in zip(right, matched, strict=True)
            if not ok
        ]
    with_modality = [(g, p) for g, p in matched if g.get("modality")]
    scores["modality_accuracy"] = ratio(
        sum(p.get("modality") == g["modality"] for g, p in with_modality), len(with_modality)
    )
    scores["errors"] = errors
    scores["missed"] = [g for g, p in pairs if p is None]
    return scores


def _prf(predicted: set[tuple[str, int]], gold: set[tuple[str, int]]) -> dict[str, float]:
    hits = len(predicted & gold)
    p, r = ratio(hits, len(predicted)), ratio(hits, len(gold))
    return {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "predicted": len(predicted),
        "hits": hits,
    }


def score_timeml_triggers(
    rows: list[dict[str, Any]], nlp: Any, model: Any = None
) -> dict[str, dict[str, float]]:
    """Trigger P/R/F1 on TimeML EVENTs (a predicted trigger is right when it starts where a gold
    EVENT starts): the lexicon with and without the figurative filter, the learned detector
    beside it when ``model`` is given (without either filter, without the state filter of
    ``events.stative``, with both), and every verb as the baseline."""
    from rashomon.events.extract import find_events

    gold: set[tuple[str, int]] = set()
    found: dict[str, set[tuple[str, int]]] = {
        "verbs": set(),
        "lexicon, no figurative filter": set(),
    }
    found["lexicon"] = set()
    if model is not None:
        found["lexicon + learned, no filter"] = set()
        found["lexicon + learned, states kept"] = set()
        found["lexicon + learned"] = set()
    stream = ((r["text"], r) for r in rows)
    for doc, row in nlp.pipe(stream, as_tuples=True, batch_size=16):
        name = str(row["id"])
        gold.update((name, int(e["start"])) for e in row.get("events") or [])
        found["verbs"].update((name, t.idx) for t in doc if t.pos_ == "VERB")
        runs = {"lexicon": (None, True, True), "lexicon, no figurative filter": (None, False, True)}
        if model is not None:
            runs["lexicon + learned, no filter"] = (model, False, False)
            runs["lexicon + learned, states kept"] = (model, True, False)
            runs["lexicon + learned"] = (model, True, True)
        for key, (with_model, figurative, states) in runs.items():
            events = find_events(doc, with_model, figurative=figurative, states=states)
            found[key].update((name, f.trigger.idx) for f in events)
    scores = {key: _prf(predicted, gold) for key, predicted in found.items()}
    scores["gold"] = {"events": len(gold), "documents": len(rows)}
    return scores
