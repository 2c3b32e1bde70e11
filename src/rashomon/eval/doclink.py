"""Same-story document linking on BASIL-style triplets (one event told by three outlets).

Every pair of articles is scored: gold says linked when both belong to the same triplet. The
system links two articles when an exported story holds both. In the same run, TF-IDF cosine
links pairs at a fixed threshold (``FIXED_COSINE``) and at its best threshold on this very file
(an oracle ceiling for the baseline, not a tuned system).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from rashomon.document import Document
from rashomon.errors import RashomonError
from rashomon.eval.ecb import ANALYSERS
from rashomon.store.base import Store

FIXED_COSINE = 0.3
Pair = tuple[str, str]


@dataclass
class Article:
    """One article of a triplet."""

    id: str
    group: str
    outlet: str | None
    date: str | None
    title: str | None
    text: str


def load_triplets(path: str | Path) -> list[Article]:
    """Articles with their triplet id (BASIL JSONL: id, triplet, outlet, date, title, text)."""
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except OSError as exc:
        raise RashomonError(f"cannot read {path}: {exc.strerror}") from exc
    rows = [json.loads(line) for line in lines if line.strip()]
    return [
        Article(r["id"], r["triplet"], r.get("outlet"), r.get("date"), r.get("title"), r["text"])
        for r in rows
    ]


def analyse_articles(
    articles: list[Article], store: Store, note: Callable[[str], None] | None = None
) -> None:
    """Analyse the articles not stored or stored by other analyser versions, then link."""
    from rashomon.linking import load_linkers
    from rashomon.pipeline import Pipeline

    pipeline = Pipeline(ANALYSERS)
    todo = [
        Document(id=a.id, text=a.text, title=a.title, outlet=a.outlet, date=a.date)
        for a in articles
        if _stale(store, a.id, pipeline.versions)
    ]
    for n, (doc, items) in enumerate(pipeline.analyse_many(todo)):
        store.save_document(doc, items, pipeline.versions)
        if note and (n + 1) % 30 == 0:
            note(f"analysed {n + 1} of {len(todo)}")
    for linker in load_linkers():
        if linker.name in ("actors", "stories"):
            linker.link(store)


def prf(predicted: set[Pair], gold: set[Pair]) -> dict[str, float]:
    """Pairwise precision, recall and F1."""
    hits = len(predicted & gold)
    p = hits / len(predicted) if predicted else 0.0
    r = hits / len(gold) if gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _pairs(groups: Iterable[Iterable[str]]) -> set[Pair]:
    found: set[Pair] = set()
    for group in groups:
        found.update(combinations(sorted(set(group)), 2))
    return found


def score_doclink(store: Store, articles: list[Article]) -> dict[str, Any]:
    """System and TF-IDF rows of pairwise P/R/F1, and how many articles no story holds."""
    from rashomon.eval.baselines import tfidf_cosines

    ids = [a.id for a in articles]
    by_group: dict[str, list[str]] = {}
    for a in articles:
        by_group.setdefault(a.group, []).append(a.id)
    gold = _pairs(by_group.values())
    stories = [s.fields.get("docs") or [] for s in store.linked("stories")]
    coverage = [s.fields.get("docs") or [] for s in store.linked("coverage")]
    known = set(combinations(sorted(ids), 2))
    system = _pairs(coverage) & known
    cosines = tfidf_cosines([a.text for a in articles])
    order = {doc: n for n, doc in enumerate(ids)}
    all_pairs = sorted(combinations(sorted(ids), 2))

    def tfidf(threshold: float) -> set[Pair]:
        return {p for p in all_pairs if cosines[order[p[0]], order[p[1]]] >= threshold}

    best_row = max(
        ((prf(tfidf(t / 100), gold), t / 100) for t in range(5, 96)),
        key=lambda row: row[0]["f1"],
    )
    in_story = {d for group in stories for d in group}
    return {
        "system": prf(system, gold),
        "event_stories": prf(_pairs(stories) & known, gold),
        "groups": len(coverage),
        "tfidf_fixed": prf(tfidf(FIXED_COSINE), gold),
        "tfidf_best": best_row[0],
        "best_threshold": best_row[1],
        "articles": len(articles),
        "in_no_story": len(set(ids) - in_story),
        "stories": len(stories),
    }


def _stale(store: Store, doc_id: str, versions: dict[str, str]) -> bool:
    """Whether a document is not stored yet or was analysed by other analyser versions."""
    state = store.state(doc_id)
    return state is None or state.analysers != versions
