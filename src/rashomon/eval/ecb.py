"""Event triggers and cross-document event coreference on ECB+ (the converted JSONL).

Each document is analysed (the analysers events need, then the actor and story linkers) into a
store; the exported events are then scored against the gold event mentions:

- triggers: P/R/F1, a predicted trigger matching a gold mention it overlaps (one to one);
  predictions count only in the validated sentences (those holding a gold mention), the only
  ones annotated;
- coreference, CoNLL F1 (mean of MUC, B3, CEAF-e), singletons included: *end to end* (predicted
  triggers, clustered by their story, against the gold mentions) and *on gold mentions* (the
  stories linker run on the gold mentions themselves, ``ecb_gold``); the ``projected`` row
  keeps the older reading (each gold mention takes the story of the predicted trigger over it,
  a singleton with none, so trigger recall caps it);
- baselines in the same run, on the same mentions: every mention alone (singletons); mentions
  with the same head lemma (over the whole file); the same head lemma within documents
  grouped by TF-IDF cosine (``DOC_COSINE``, fixed a priori, average linkage).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rashomon.document import Document
from rashomon.errors import RashomonError
from rashomon.eval.coref import conll
from rashomon.store.base import Store

# The analysers events need (and the linkers stories need); the rest would only cost time.
ANALYSERS = ["sentences", "entities", "quotes", "times", "places", "events"]
LINKERS = ("actors", "stories", "event_clusters")
DOC_COSINE = 0.3  # TF-IDF documents at least this similar (average linkage) are one group
LEMMAS_KEY = "ecb.lemmas"

Key = tuple[str, int, int]  # (doc, start, end) of a mention


@dataclass
class EcbDoc:
    """One ECB+ document with its gold event mentions."""

    id: str
    topic: int
    subtopic: str
    split: str
    text: str
    mentions: list[dict[str, Any]] = field(default_factory=list)

    def regions(self) -> list[tuple[int, int]]:
        """Character spans of the validated sentences: those holding a gold mention (the
        ``sentence`` number is the line's index in ``text``)."""
        wanted = {m["sentence"] for m in self.mentions}
        spans, pos = [], 0
        for n, line in enumerate(self.text.split("\n")):
            if n in wanted:
                spans.append((pos, pos + len(line)))
            pos += len(line) + 1
        return spans


def load_ecb(path: str | Path, split: str = "all") -> list[EcbDoc]:
    """The documents of one split (``train``, ``dev`` or ``all``) of the converted ECB+."""
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except OSError as exc:
        raise RashomonError(f"cannot read {path}: {exc.strerror}") from exc
    docs = []
    for line in lines:
        if not line.strip():
            continue
        row = json.loads(line)
        if split != "all" and row.get("split") != split:
            continue
        docs.append(
            EcbDoc(
                row["id"],
                row["topic"],
                row["subtopic"],
                row["split"],
                row["text"],
                row.get("mentions") or [],
            )  # fmt: skip
        )
    return docs


def analyse_ecb(
    docs: list[EcbDoc],
    store: Store,
    note: Callable[[str], None] | None = None,
    options: dict[str, dict[str, Any]] | None = None,
) -> None:
    """Analyse the documents not in ``store`` or stored by other analyser versions (keeping
    head lemmas of gold mentions and predicted triggers for the lemma baselines), then run the
    actor and story linkers."""
    from rashomon.pipeline import Pipeline

    pipeline = Pipeline(ANALYSERS, options=options)
    todo = [d for d in docs if _stale(store, d.id, pipeline.versions)]
    lemmas: dict[str, str] = json.loads(store.get_meta(LEMMAS_KEY) or "{}")
    stream = ((d.text, d) for d in todo)
    for n, (parsed, gold) in enumerate(pipeline.nlp.pipe(stream, as_tuples=True, batch_size=32)):
        doc = Document(id=gold.id, text=gold.text)
        items = pipeline.analyse(doc, parsed)
        store.save_document(doc, items, pipeline.versions)
        spans = [(m["start"], m["end"]) for m in gold.mentions]
        spans += [_trigger(e) for e in items if e.kind == "events"]
        for start, end in spans:
            lemmas[_lemma_key((doc.id, start, end))] = _head_lemma(parsed, start, end)
        if note and (n + 1) % 50 == 0:
            note(f"analysed {n + 1} of {len(todo)}")
    store.set_meta(LEMMAS_KEY, json.dumps(lemmas, sort_keys=True))
    link(store)


def link(store: Store) -> None:
    """Run the linkers the scores read (``LINKERS``), in their registered order."""
    from rashomon.linking import load_linkers

    for linker in load_linkers():
        if linker.name in LINKERS:
            linker.link(store)


def _trigger(event: Any) -> tuple[int, int]:
    trig = event.fields.get("trigger") or {}
    return int(trig.get("start", event.start)), int(trig.get("end", event.end))


def _lemma_key(key: Key) -> str:
    return f"{key[0]}:{key[1]}:{key[2]}"


def _head_lemma(parsed: Any, start: int, end: int) -> str:
    """The lemma of the span's syntactic head, lower-cased."""
    span = parsed.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return parsed.text[start:end].lower()
    return str(span.root.lemma_).lower()


@dataclass
class _Mentions:
    """Gold and predicted mentions of the evaluated sentences, and how they match."""

    gold: dict[Key, str] = field(default_factory=dict)  # key -> gold cluster
    predicted: dict[Key, str] = field(default_factory=dict)  # key -> event id
    matched: dict[Key, Key] = field(default_factory=dict)  # predicted key -> gold key


def _collect(store: Store, docs: list[EcbDoc]) -> _Mentions:
    found = _Mentions()
    triggers: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for event in store.items("events"):
        start, end = _trigger(event)
        triggers[event.doc].append((start, end, event.id))
    for doc in docs:
        gold = [(doc.id, m["start"], m["end"]) for m in doc.mentions]
        found.gold.update({k: m["cluster"] for k, m in zip(gold, doc.mentions, strict=True)})
        regions = doc.regions()
        free = list(gold)
        for start, end, event_id in sorted(triggers.get(doc.id, [])):
            if not any(a <= start < b for a, b in regions):
                continue
            key = (doc.id, start, end)
            found.predicted[key] = event_id
            hit = next((g for g in free if g[1] < end and start < g[2]), None)
            if hit is not None:
                free.remove(hit)
                found.matched[key] = hit
    return found


def _clusters(keys: Iterable[Key], label: Callable[[Key], Hashable]) -> list[set[Hashable]]:
    groups: dict[Hashable, set[Hashable]] = defaultdict(set)
    for key in keys:
        groups[label(key)].add(key)
    return list(groups.values())


def score_ecb(store: Store, docs: list[EcbDoc]) -> dict[str, Any]:
    """Trigger P/R/F1 and CoNLL rows (system and baselines, end to end and on gold mentions)."""
    from rashomon.eval.baselines import average_link_groups, tfidf_cosines
    from rashomon.linking.event_clusters import cluster_assignment
    from rashomon.linking.stories import story_assignment

    # Generic events left out of stories (``linked: false``) corefer through their cluster;
    # an event in a story is scored by its story.
    story: dict[str, Hashable] = {**cluster_assignment(store), **story_assignment(store)}
    lemmas: dict[str, str] = json.loads(store.get_meta(LEMMAS_KEY) or "{}")
    found = _collect(store, docs)
    hits = len(found.matched)
    p = hits / len(found.predicted) if found.predicted else 0.0
    r = hits / len(found.gold) if found.gold else 0.0
    groups = dict(zip([d.id for d in docs], average_link_groups(
        tfidf_cosines([d.text for d in docs]), DOC_COSINE), strict=True))  # fmt: skip
    key = _clusters(found.gold, lambda k: found.gold[k])
    as_gold = {p: g for p, g in found.matched.items()}
    event_of_gold = {g: found.predicted[p] for p, g in found.matched.items()}

    def lemma(k: Key) -> str:
        return lemmas.get(_lemma_key(k), "")

    def by_story(event_id: str | None, k: Key) -> Hashable:
        return ("story", story[event_id]) if event_id in story else ("alone", k)

    e2e = [as_gold.get(k, k) for k in found.predicted]
    back = {as_gold.get(k, k): k for k in found.predicted}  # response key -> predicted key
    from rashomon.eval.ecb_gold import gold_story_labels

    given = gold_story_labels(store, docs)
    system = conll(key, _clusters(e2e, lambda k: by_story(found.predicted[back[k]], k)))
    rows = {
        "system": (system, conll(key, _clusters(found.gold, lambda k: given[k]))),
        "system, projected": (
            system,
            conll(key, _clusters(found.gold, lambda k: by_story(event_of_gold.get(k), k))),
        ),
        "singletons": (conll(key, _clusters(e2e, lambda k: k)), conll(key, [])),
        "same lemma": (
            conll(key, _clusters(e2e, lambda k: lemma(back[k]))),
            conll(key, _clusters(found.gold, lemma)),
        ),
        "lemma in TF-IDF group": (
            conll(key, _clusters(e2e, lambda k: (groups[k[0]], lemma(back[k])))),
            conll(key, _clusters(found.gold, lambda k: (groups[k[0]], lemma(k)))),
        ),
    }
    from rashomon.eval.ecb_pairwise import pairwise_rows

    model = pairwise_rows(store, docs, found.gold, list(found.predicted), as_gold)
    if model is not None:
        rows["pairwise model"] = model
    return {
        "triggers": {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                     "gold": len(found.gold), "predicted": len(found.predicted), "hits": hits},
        "conll": rows,
        "documents": len(docs),
        "doc_groups": len(set(groups.values())),
    }  # fmt: skip


def _stale(store: Store, doc_id: str, versions: dict[str, str]) -> bool:
    """Whether a document is not stored yet or was analysed by other analyser versions."""
    state = store.state(doc_id)
    return state is None or state.analysers != versions
