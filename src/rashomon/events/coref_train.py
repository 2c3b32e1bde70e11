"""Train the pairwise event-coreference model on ECB+ gold mentions, cross-validated by topic.

Mentions come from an analysed ECB+ store (``eval.ecb.analyse_ecb``): each gold mention's head
lemma, trigger, sentence and article-lead vectors, the article's document group (the stories
linker's, ``stories.document_groups``) and, from the predicted event over it, day, place, actors
and type class. Training pairs are the mention pairs within one topic. The clustering threshold
is the one with the best mean CoNLL F1 on held-out topics (``FOLDS`` folds by topic); the shipped
weights are then fitted on every training topic. Seeded and deterministic.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.eval.coref import conll
from rashomon.eval.ecb import LEMMAS_KEY, EcbDoc, _lemma_key, _trigger
from rashomon.events.coref import (
    CorefModel,
    Mention,
    cluster,
    context_vectors,
    feature_matrix,
)
from rashomon.linking.story_docs import lead_text
from rashomon.store.base import Store

C = 1.0  # inverse regularisation, fixed a priori (not tuned)
FOLDS = 5
THRESHOLDS = [round(0.15 + 0.05 * n, 2) for n in range(10)]  # 0.15 .. 0.60


class Vectors:
    """Encodes texts once (the embedder is slow; triggers and sentences repeat)."""

    def __init__(self, embedder: Any) -> None:
        self.embedder = embedder
        self.kept: dict[str, np.ndarray] = {}

    def __call__(self, texts: list[str]) -> list[np.ndarray]:
        """One unit vector per text."""
        todo = [t for t in dict.fromkeys(texts) if t not in self.kept]
        if todo:
            self.kept.update(zip(todo, self.embedder.encode(todo), strict=True))
        return [self.kept[t] for t in texts]


def _event_info(store: Store) -> dict[str, list[tuple[int, int, dict[str, Any]]]]:
    """Per document, each predicted event's trigger span and its day, place, actors, type."""
    from rashomon.linking.stories import linkable, type_class
    from rashomon.linking.story_records import build_records

    events = [e for e in store.items("events") if linkable(e)]
    kinds = {e.id: type_class(e.fields.get("type")) for e in events}
    records, _ = build_records(store, events, kinds)
    out: dict[str, list[tuple[int, int, dict[str, Any]]]] = defaultdict(list)
    for event, rec in zip(events, records, strict=True):
        start, end = _trigger(event)
        info = {"day": rec.day, "place": rec.place, "actors": rec.actors, "type": rec.type_class}
        out[event.doc].append((start, end, {**info, "id": event.id}))
    return out


def gold_mentions(
    store: Store, docs: list[EcbDoc], vectors: Vectors, groups: dict[str, str]
) -> tuple[list[Mention], list[Hashable], list[int]]:
    """Model mentions of every gold mention, their gold clusters and topics."""
    spans = [(doc, m["start"], m["end"]) for doc in docs for m in doc.mentions]
    mentions = span_mentions(store, spans, vectors, groups)
    gold = [m["cluster"] for doc in docs for m in doc.mentions]
    topics = [int(doc.topic) for doc in docs for _ in doc.mentions]
    return mentions, gold, topics


def span_mentions(
    store: Store, spans: list[tuple[EcbDoc, int, int]], vectors: Vectors, groups: dict[str, str]
) -> list[Mention]:
    """Model mentions of trigger spans of ECB+ documents (gold or predicted): the line holding
    a span is its sentence; day, place, actors and type come from the predicted event over it."""
    lemmas: dict[str, str] = json.loads(store.get_meta(LEMMAS_KEY) or "{}")
    info = _event_info(store)
    rows: list[tuple[str, str, str, str]] = []
    places: list[tuple[str, int, int]] = []
    for doc, start, end in spans:
        lemma = lemmas.get(_lemma_key((doc.id, start, end))) or doc.text[start:end].lower()
        line_start = doc.text.rfind("\n", 0, start) + 1
        line_end = doc.text.find("\n", start)
        sentence = doc.text[line_start : line_end if line_end >= 0 else len(doc.text)]
        rows.append((doc.id, lemma, sentence, lead_text(None, doc.text)))
        places.append((sentence, start - line_start, end - line_start))
    trig = vectors([r[1] for r in rows])
    sent = vectors([r[2] for r in rows])
    lead = vectors([r[3] for r in rows])
    context = context_vectors(vectors.embedder, places)
    mentions = []
    for n, ((doc_id, lemma, _, _), (_, start, end)) in enumerate(zip(rows, spans, strict=True)):
        over = next((i for s, e, i in info.get(doc_id, []) if s < end and start < e), {})
        mentions.append(
            Mention(
                f"{doc_id}:{start}:{end}",
                doc_id,
                lemma,
                trig[n],
                sent[n],
                lead[n],
                groups.get(doc_id, ""),
                over.get("day"),
                over.get("place"),
                over.get("actors") or frozenset(),
                over.get("type") or "",
                None if context is None else context[n],
            )
        )
    return mentions


def pair_data(
    mentions: list[Mention], gold: list[Hashable], topics: list[int], keep: set[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of the mention pairs within each kept topic."""
    by_topic: dict[int, list[int]] = defaultdict(list)
    for n, t in enumerate(topics):
        if t in keep:
            by_topic[t].append(n)
    xs, ys = [], []
    for rows in by_topic.values():
        xs.append(feature_matrix([mentions[r] for r in rows]))
        i, j = np.triu_indices(len(rows), 1)
        labels = np.array([gold[r] for r in rows], dtype=object)
        ys.append(labels[i] == labels[j])
    return np.concatenate(xs), np.concatenate(ys).astype(int)


def fit(x: np.ndarray, y: np.ndarray) -> CorefModel:
    """Logistic regression over pair features (seeded)."""
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, max_iter=2000, random_state=0)
    clf.fit(x, y)
    return CorefModel([float(w) for w in clf.coef_[0]], float(clf.intercept_[0]))


def score_clusters(labels: list[Hashable], gold: list[Hashable]) -> dict[str, float]:
    """CoNLL F1 of a clustering of mentions (by position) against their gold clusters."""

    def groups(values: list[Hashable]) -> list[set[Hashable]]:
        out: dict[Hashable, set[Hashable]] = defaultdict(set)
        for n, v in enumerate(values):
            out[v].add(n)
        return list(out.values())

    return conll(groups(gold), groups(labels))


def cross_validate(
    mentions: list[Mention],
    gold: list[Hashable],
    topics: list[int],
    log: Callable[[str], None],
    baseline: Callable[[Mention], Hashable],
) -> dict[str, Any]:
    """Mean CoNLL F1 on held-out topics per threshold, and of ``baseline`` on the same folds."""
    ordered = sorted(set(topics))
    scores: dict[float, list[float]] = {t: [] for t in THRESHOLDS}
    base: list[float] = []
    for fold in range(FOLDS):
        held = set(ordered[fold::FOLDS])
        model = fit(*pair_data(mentions, gold, topics, set(ordered) - held))
        rows = [n for n, t in enumerate(topics) if t in held]
        part = [mentions[r] for r in rows]
        truth = [gold[r] for r in rows]
        for t in THRESHOLDS:
            model.threshold = t
            scores[t].append(score_clusters(list(cluster(part, model)), truth)["conll"])
        base.append(score_clusters([baseline(m) for m in part], truth)["conll"])
        log(f"fold {fold + 1}/{FOLDS}: held-out topics {sorted(held)}")
    means = {t: float(np.mean(v)) for t, v in scores.items()}
    return {"conll": means, "baseline": float(np.mean(base))}


def train_coref(
    ecb_path: Path, db: str, split: str, log: Callable[[str], None]
) -> tuple[CorefModel, dict[str, Any]]:
    """Analyse (or reuse) the ECB+ store at ``db``, cross-validate the threshold over the
    split's topics, fit on all of them; the model and the cross-validation figures."""
    from rashomon.eval.baselines import average_link_groups, tfidf_cosines
    from rashomon.eval.ecb import DOC_COSINE, analyse_ecb, load_ecb
    from rashomon.linking.embeddings import get_embedder
    from rashomon.linking.stories import document_groups
    from rashomon.store import open_store

    every = load_ecb(ecb_path, "all")
    docs = [d for d in every if split == "all" or d.split == split]
    with open_store(db) as store:
        if {d.id for d in every} - {d.id for d in store.documents()}:
            options = {"events": {"learned_triggers": True, "link_learned": True}}
            analyse_ecb(every, store, note=log, options=options)
        embedder = get_embedder()
        groups = document_groups(store, {d.id: d for d in store.documents()}, embedder)
        mentions, gold, topics = gold_mentions(store, docs, Vectors(embedder), groups)
    log(f"{len(mentions)} gold mentions in {len(set(topics))} topics")
    cosines = tfidf_cosines([d.text for d in docs])
    tfidf = dict(zip([d.id for d in docs], average_link_groups(cosines, DOC_COSINE), strict=True))
    cv = cross_validate(mentions, gold, topics, log, lambda m: (tfidf[m.doc], m.lemma))
    threshold = max(THRESHOLDS, key=lambda t: (cv["conll"][t], -t))
    model = fit(*pair_data(mentions, gold, topics, set(topics)))
    model.threshold = threshold
    model.meta = {
        "cv_conll": {str(t): round(v, 4) for t, v in cv["conll"].items()},
        "cv_baseline_lemma_in_tfidf_group": round(cv["baseline"], 4),
        "c": C,
        "folds": FOLDS,
        "split": split,
        "pairs": "within topics",
        "mentions": len(mentions),
    }
    return model, cv
