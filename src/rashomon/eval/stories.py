"""Score stories as cross-document event coreference against gold event clusters.

Gold lines: ``{"doc", "trigger", "occurrence", "event"}`` (the n-th occurrence of the trigger
phrase in the document is a mention of gold event ``event``). A gold mention maps to the system
event whose trigger overlaps it; the system clusters are the story index's assignments, so
single-article groups count too. Gold mentions with no system event are system singletons.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rashomon.errors import RashomonError
from rashomon.eval.coref import conll
from rashomon.linking.stories import story_assignment
from rashomon.store.base import Store


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """The gold mentions, one JSON object per line."""
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except OSError as exc:
        raise RashomonError(f"cannot read gold file {path}: {exc.strerror}") from exc
    return [json.loads(line) for line in lines if line.strip()]


def _gold_span(text: str, trigger: str, occurrence: int) -> tuple[int, int] | None:
    pos = -1
    for _ in range(max(1, occurrence)):
        pos = text.find(trigger, pos + 1)
        if pos == -1:
            return None
    return pos, pos + len(trigger)


def evaluate_stories(store: Store, gold: list[dict[str, Any]]) -> dict[str, Any]:
    """CoNLL F1 (mean of MUC, B3, CEAF-e) of the stored story clusters on the gold mentions."""
    assignment = story_assignment(store)
    triggers: dict[str, list[tuple[int, int, str]]] = {}
    for event in store.items("events"):
        trig = event.fields.get("trigger") or {}
        triggers.setdefault(event.doc, []).append(
            (trig.get("start", event.start), trig.get("end", event.end), event.id)
        )
    key: dict[str, set] = {}
    response: dict[Any, set] = {}
    matched = 0
    for n, mention in enumerate(gold):
        doc = store.document(mention["doc"])
        span = (
            _gold_span(doc.text, mention["trigger"], mention.get("occurrence", 1)) if doc else None
        )
        key.setdefault(mention["event"], set()).add(n)
        event_id = _overlapping(triggers.get(mention["doc"], []), span)
        if event_id is not None and event_id in assignment:
            matched += 1
            response.setdefault(assignment[event_id], set()).add(n)
    scores = conll(list(key.values()), list(response.values()))
    return {**scores, "gold_mentions": len(gold), "matched": matched, "gold_events": len(key)}


def _overlapping(events: list[tuple[int, int, str]], span: tuple[int, int] | None) -> str | None:
    if span is None:
        return None
    for start, end, event_id in events:
        if start < span[1] and span[0] < end:
            return event_id
    return None
