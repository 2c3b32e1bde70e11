"""Score contradictions and agreements against a gold list of expected ones.

Gold lines: ``{"type": "contradiction"|"agreement", "kind", "docs": [a, b],
"evidence": [[phrases in a], [phrases in b]], "note"}``. A system item matches a gold line when
type, kind and the document pair agree and each of its evidence spans overlaps an occurrence of
one of the gold phrases in its document. Matching is one to one; precision and recall are over
(type, kind, document pair, evidence) and are also given per kind.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rashomon.store.base import Store

TYPES = {"contradictions": "contradiction", "agreements": "agreement"}


def _occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    spans, pos = [], text.find(phrase)
    while pos != -1:
        spans.append((pos, pos + len(phrase)))
        pos = text.find(phrase, pos + 1)
    return spans


def _gold_spans(store: Store, gold: list[dict[str, Any]]) -> list[dict[str, list]]:
    """For each gold line: doc id -> list of (start, end) spans its phrases cover."""
    texts: dict[str, str] = {}
    resolved = []
    for line in gold:
        spans: dict[str, list] = {}
        for doc_id, phrases in zip(line["docs"], line["evidence"], strict=True):
            if doc_id not in texts:
                doc = store.document(doc_id)
                texts[doc_id] = doc.text if doc else ""
            spans[doc_id] = [s for p in phrases for s in _occurrences(texts[doc_id], p)]
        resolved.append(spans)
    return resolved


def _system(store: Store) -> list[dict[str, Any]]:
    found = []
    for kind, label in TYPES.items():
        for item in store.linked(kind):
            found.append(
                {"type": label, "kind": item.fields["kind"], "items": item.fields["items"]}
            )
    return found


def _matches(system: dict[str, Any], line: dict[str, Any], spans: dict[str, list]) -> bool:
    if (system["type"], system["kind"]) != (line["type"], line["kind"]):
        return False
    docs = [s["doc"] for s in system["items"]]
    if sorted(docs) != sorted(line["docs"]):
        return False
    return all(
        any(s["start"] < b and a < s["end"] for a, b in spans.get(s["doc"], []))
        for s in system["items"]
    )


def evaluate_contradictions(store: Store, gold: list[dict[str, Any]]) -> dict[str, Any]:
    """Precision, recall and F1 overall and per (type, kind), plus the unmatched items."""
    system = _system(store)
    spans = _gold_spans(store, gold)
    used: set[int] = set()
    hits: Counter[tuple[str, str]] = Counter()
    false_pos = []
    for item in system:
        match = next(
            (n for n, g in enumerate(gold) if n not in used and _matches(item, g, spans[n])), None
        )
        if match is None:
            false_pos.append(item)
        else:
            used.add(match)
            hits[(item["type"], item["kind"])] += 1
    sys_n = Counter((s["type"], s["kind"]) for s in system)
    gold_n = Counter((g["type"], g["kind"]) for g in gold)
    per_kind = {
        f"{t}/{k}": _prf(hits[(t, k)], sys_n[(t, k)], gold_n[(t, k)])
        for t, k in sorted(set(sys_n) | set(gold_n))
    }
    return {
        **_prf(sum(hits.values()), len(system), len(gold)),
        "per_kind": per_kind,
        "false_positives": false_pos,
        "missed": [g for n, g in enumerate(gold) if n not in used],
    }


def _prf(hit: int, sys_n: int, gold_n: int) -> dict[str, Any]:
    p = hit / sys_n if sys_n else 0.0
    r = hit / gold_n if gold_n else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "hits": hit,
        "system": sys_n,
        "gold": gold_n,
    }
