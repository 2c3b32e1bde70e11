"""Lemma families for the ``event_clusters`` linker, learned on ECB+ train topics.

Two gold event mentions of one subtopic with different head lemmas either corefer ("died" and
"death") or not. A pair of lemmas is kept when it corefers in at least ``min_topics`` topics and
in at least ``min_precision`` of its mention pairs within subtopics. Both thresholds are chosen
by topic cross-validation of the end-to-end CoNLL F1 of the stored analysis (the stories as
stored, the generic events clustered in memory with the held-out folds' pairs); the pairs are
then learned on every train topic and written to ``lang/en/events_coref_lemma_pairs.txt``.
Lemmas the texts only ever capitalise (names) are never kept.

    python -m rashomon.eval.ecb_families ECB.jsonl --db ECB_TRAIN.db [--write]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from rashomon.eval.coref import conll
from rashomon.eval.ecb import LEMMAS_KEY, EcbDoc, _clusters, _collect, _lemma_key, load_ecb
from rashomon.store.base import Store

FOLDS = 5
MIN_TOPICS = (1, 2, 3)
MIN_PRECISION = (0.0, 0.2, 0.35, 0.5, 0.65, 0.8)
HEADER = """\
# Lemma pairs whose event mentions corefer (event_clusters joins their clusters in a coverage
# group). Learned on the ECB+ train topics (CC BY 3.0, Cybulska and Vossen 2014) by
# rashomon.eval.ecb_families: a pair corefers in >= {topics} topics and in >= {precision} of
# its mention pairs within subtopics (thresholds chosen by {folds}-fold topic CV: {cv}).
# Regenerate: python -m rashomon.eval.ecb_families ECB.jsonl --db ECB_TRAIN.db --write
"""


@dataclass
class PairStats:
    """How often two lemmas' gold mentions corefer within subtopics, and in which topics."""

    same: int = 0
    apart: int = 0
    topics: set[int] = field(default_factory=set)


def pair_stats(docs: list[EcbDoc], lemmas: dict[str, str]) -> dict[tuple[str, str], PairStats]:
    """Per sorted lemma pair, the coreferent and non-coreferent gold mention pairs of one
    subtopic with those two head lemmas."""
    by_subtopic: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for doc in docs:
        for m in doc.mentions:
            lemma = lemmas.get(_lemma_key((doc.id, m["start"], m["end"])), "")
            if lemma.isalpha():
                by_subtopic[doc.subtopic].append((lemma, m["cluster"], doc.topic))
    stats: dict[tuple[str, str], PairStats] = defaultdict(PairStats)
    for mentions in by_subtopic.values():
        for (la, ca, topic), (lb, cb, _) in combinations(mentions, 2):
            if la == lb:
                continue
            entry = stats[(la, lb) if la < lb else (lb, la)]
            if ca == cb:
                entry.same += 1
                entry.topics.add(topic)
            else:
                entry.apart += 1
    return stats


def kept_pairs(
    stats: dict[tuple[str, str], PairStats],
    min_topics: int,
    min_precision: float,
    names: frozenset[str] = frozenset(),
) -> list[tuple[str, str]]:
    """The sorted lemma pairs that pass both thresholds and name no one."""
    return [
        (a, b)
        for (a, b), s in stats.items()
        if len(s.topics) >= min_topics
        and s.same >= min_precision * (s.same + s.apart)
        and a not in names
        and b not in names
    ]


def select_pairs(
    stats: dict[tuple[str, str], PairStats],
    min_topics: int,
    min_precision: float,
    names: frozenset[str] = frozenset(),
) -> dict[str, frozenset[str]]:
    """Lemma -> partners, for the pairs that pass both thresholds and name no one."""
    from rashomon.linking.event_clusters import partners

    return partners(kept_pairs(stats, min_topics, min_precision, names))


def e2e_conll(store: Store, docs: list[EcbDoc], pairs: dict[str, frozenset[str]]) -> float:
    """End-to-end CoNLL F1 on ``docs``: the stored stories, generic events clustered anew
    with ``pairs`` (the linker's own clustering, in memory)."""
    return fold_scorer(store, docs)(pairs)


def fold_scorer(store: Store, docs: list[EcbDoc]) -> Callable[[dict[str, frozenset[str]]], float]:
    """``e2e_conll`` on ``docs`` as a function of the pairs alone: the events, coverage groups,
    stories and gold clusters, which the pairs do not change, are read from the store once."""
    from rashomon.linking.event_clusters import (
        EventClusterSettings,
        cluster_items,
        clustered,
        coverage_of,
    )
    from rashomon.linking.stories import story_assignment

    settings = EventClusterSettings()
    wanted = {d.id for d in docs}
    events = [e for e in store.doc_items("events", sorted(wanted)) if clustered(e, settings)]
    coverage = coverage_of(store)
    stories: dict[str, Hashable] = {e: ("s", n) for e, n in story_assignment(store).items()}
    found = _collect(store, docs)
    as_gold = dict(found.matched)
    key = _clusters(found.gold, lambda k: found.gold[k])

    def score(pairs: dict[str, frozenset[str]]) -> float:
        items = cluster_items(events, coverage, settings, pairs)
        label: dict[str, Hashable] = {e: ("c", i.id) for i in items for e in i.fields["events"]}
        label.update(stories)
        response: dict[Hashable, set[Hashable]] = defaultdict(set)
        for k, event in found.predicted.items():
            response[label.get(event, ("alone", k))].add(as_gold.get(k, k))
        return conll(key, list(response.values()))["conll"]

    return score


def cross_validate(
    store: Store, docs: list[EcbDoc], lemmas: dict[str, str], names: frozenset[str]
) -> dict[tuple[int, float], float]:
    """Mean held-out end-to-end CoNLL F1 per (min_topics, min_precision); topic folds."""
    topics = sorted({d.topic for d in docs})
    scores: dict[tuple[int, float], list[float]] = defaultdict(list)
    for fold in range(FOLDS):
        held = set(topics[fold::FOLDS])
        stats = pair_stats([d for d in docs if d.topic not in held], lemmas)
        score = fold_scorer(store, [d for d in docs if d.topic in held])
        scores[(0, 2.0)].append(score({}))  # no pairs
        for grid in [(t, p) for t in MIN_TOPICS for p in MIN_PRECISION]:
            scores[grid].append(score(select_pairs(stats, *grid, names)))
    return {grid: sum(v) / len(v) for grid, v in scores.items()}


def main(argv: list[str] | None = None) -> None:
    """Cross-validate the thresholds on the train topics; with --write, ship the pairs."""
    from rashomon.lang import capitalised_only, data_path
    from rashomon.store import open_store

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("ecb")
    parser.add_argument("--db", required=True, help="a store eval ecb --split train analysed")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    docs = load_ecb(args.ecb, "train")
    names = capitalised_only(d.text for d in docs)
    with open_store(args.db) as store:
        lemmas: dict[str, str] = json.loads(store.get_meta(LEMMAS_KEY) or "{}")
        cv = cross_validate(store, docs, lemmas, names)
    for grid, score in sorted(cv.items()):
        print(f"min_topics {grid[0]}  min_precision {grid[1]:.2f}  CoNLL e2e {score:.4f}")
    best = max((g for g in cv if g[1] <= 1.0), key=lambda g: (round(cv[g], 4), g))
    print(f"best {best}: {cv[best]:.4f} (no pairs {cv[(0, 2.0)]:.4f})")
    if args.write:
        lines = sorted(
            " ".join(pair) for pair in kept_pairs(pair_stats(docs, lemmas), *best, names)
        )
        summary = f"{cv[best]:.3f} vs {cv[(0, 2.0)]:.3f} without pairs"
        head = HEADER.format(topics=best[0], precision=best[1], folds=FOLDS, cv=summary)
        path = data_path("events_coref_lemma_pairs.txt")
        Path(path).write_text(head + "\n".join(lines) + "\n", "utf-8")
        print(f"wrote {len(lines)} pairs to {path}")


if __name__ == "__main__":
    main()
