"""Stances: how each outlet treats each actor, from -1 (hostile) to +1 (sympathetic).

Read from the outlet's own voice, per article (``linking.stance_model``): a model trained on
annotated author feelings scores each (article, actor) from the outlet's loaded words and
labels, framing techniques and the actor's prominence; the labels the outlet itself pins on
the actor and the actor's part in violent events move that score. Quotes are the speaker's
voice, never the outlet's sympathy. An outlet's stance toward an actor is the mention-weighted
mean over its articles, neutral unless the evidence says otherwise; each stance lists its
evidence with spans and its per-article scores. The framing role follows the SemEval-2025
Task 10 top level: protagonist, antagonist, victim or neutral.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rashomon.analysers.labels import place_mentions
from rashomon.config import Settings, file_hash
from rashomon.document import Item, stable_id
from rashomon.lang import data_path
from rashomon.linking.base import Linker
from rashomon.linking.stance_model import (
    CUE_SMOOTHING,
    CUE_WEIGHT,
    MIN_ARTICLE_CUES,
    MIN_CUES,
    MODEL_FILE,
    NEUTRAL_CUT,
    CueRule,
    DocumentItems,
    Evidence,
    article_cues,
    combined_score,
    document_features,
    load_model,
)
from rashomon.linking.stance_parts import link_stances
from rashomon.store.base import Store

KINDS = ("mentions", "sentences", "labels", "quotes", "events", "techniques")
BATCH_DOCS = 500  # articles to score read together, one query per kind (more: kind by kind)


@dataclass(frozen=True)
class StanceSettings(Settings):
    """Thresholds of the stance linker."""

    min_mentions: int = 2
    """An actor named fewer times in an article gets a stance there only with evidence."""
    role_cut: float = 0.25
    """|score| from which an actor is a protagonist or an antagonist."""
    max_evidence: int = 8
    """Evidence items listed per stance, strongest first."""
    cue_weight: float = CUE_WEIGHT
    """Weight of the outlet's own labels and the actor's violent acts beside the model's score
    (they are rare in the training annotation, so their weight is set, not learned)."""
    cue_smoothing: float = CUE_SMOOTHING
    """Added to the number of cues when averaging them: few cues move the score less."""
    neutral_cut: float = NEUTRAL_CUT
    """A model score smaller than this in size is an abstention (neutral)."""
    min_cues: int = MIN_CUES
    """The labels and violent acts move the model's score only when there are at least this
    many in the article (BASIL dev CV, 1 -> 2: 3-way 0.705 -> 0.754, Spearman +0.110 -> +0.137;
    1 keeps the partisan sympathies single friendly labels show in war news)."""
    min_article_cues: int = MIN_ARTICLE_CUES
    """The outlet's labels move the scores only in an article with at least this many labels
    and violent acts in all, on any actor (chosen by CV by triplet on BASIL dev from 1/2/3:
    one evaluative word in a report is colour, war news that labels sides has 3-4)."""

    def cue_rule(self) -> CueRule:
        """The cue settings as the stance model reads them."""
        return CueRule(self.cue_weight, self.cue_smoothing, self.min_cues, self.min_article_cues)


@dataclass
class _DocStance:
    doc: str
    score: float
    mentions: int
    evidence: Evidence
    first: Item


class StanceLinker(Linker):
    """Score every (article, actor) from the outlet's voice; aggregate per outlet x actor."""

    name = "stances"
    version = "10"
    requires = ("labels", "events", "quotes", "techniques", "places")
    provides = ("stances",)
    Settings = StanceSettings

    def fingerprint(self, store: Store | None = None) -> str:
        """The settings and a hash of the stance model file, so a retrained model re-scores
        every article (``stance_parts`` keeps parts under this)."""
        model = file_hash(str(data_path(f"{MODEL_FILE}.yaml")))
        return f"{super().fingerprint(store)} model={model}".strip()

    def link(self, store: Store) -> None:
        """Score the articles whose inputs changed since the last run and rebuild the stances
        they touch (``stance_parts``: the same stances as scoring every article)."""
        settings: StanceSettings = self.settings  # type: ignore[assignment]
        links = store.actor_links()
        model = load_model()
        where = {a for a, (_, kind, _) in store.actor_heads().items() if kind == "place"}

        def score_docs(doc_ids: list[str]) -> Iterator[tuple[str, list[tuple[str, _DocStance]]]]:
            for doc_id, read in _read_docs(store, doc_ids):
                items = {kind: read[kind] for kind in KINDS}
                places = where | _places_only(read["places"], items["mentions"], links)
                doc = DocumentItems(doc_id, **items)
                yield doc_id, _scored(doc, links, places, model, settings)

        def build(outlet: str, actor: str, docs: list[_DocStance]) -> Item:
            return stance_item(outlet, actor, docs, settings)

        link_stances(self, store, (links, where), score_docs, build)


def _read_docs(store: Store, doc_ids: list[str]) -> Iterator[tuple[str, dict[str, list[Item]]]]:
    """Each article's items of the kinds scoring reads, ``BATCH_DOCS`` articles at a time in
    one query per kind (a query over thousands of articles at once would hold them all)."""
    kinds = (*KINDS, "places")
    for first in range(0, len(doc_ids), BATCH_DOCS):
        chunk = doc_ids[first : first + BATCH_DOCS]
        read = {kind: store.items_by_doc(kind, chunk) for kind in kinds}
        for doc_id in chunk:
            yield doc_id, {kind: read[kind][doc_id] for kind in kinds}


def _scored(
    doc: DocumentItems,
    links: dict[str, str],
    places: set[str],
    model: Any,
    settings: StanceSettings,
) -> list[tuple[str, _DocStance]]:
    """One article's (actor, stance) pairs: the model's score moved by the outlet's cues."""
    firsts = _first_mentions(doc.mentions, links)
    found = []
    features = document_features(doc, links)
    in_article = article_cues(features.values())
    rule = settings.cue_rule()
    for actor, evidence in features.items():
        count = firsts[actor][1]
        if actor in places or (count < settings.min_mentions and not evidence.items):
            continue
        value = combined_score(
            model.score(evidence.features, settings.neutral_cut),
            evidence,
            rule,
            in_article,
        )
        found.append((actor, _DocStance(doc.doc, value, count, evidence, firsts[actor][0])))
    return found


def _places_only(places: list[Item], mentions: list[Item], links: dict[str, str]) -> set[str]:
    """Actors every mention of which in the document is a city or region (a place with
    coordinates): where things happen, not whom an outlet feels for."""
    placed = place_mentions(places, mentions)
    kinds: dict[str, set[bool]] = defaultdict(set)
    for mention in mentions:
        actor = links.get(mention.id)
        if actor:
            kinds[actor].add(mention.id in placed)
    return {actor for actor, seen in kinds.items() if seen == {True}}


def _first_mentions(mentions: list[Item], links: dict[str, str]) -> dict[str, tuple[Item, int]]:
    """Actor -> (its first mention in the article, how many mentions)."""
    found: dict[str, tuple[Item, int]] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        actor = links.get(mention.id)
        if actor:
            first, count = found.get(actor, (mention, 0))
            found[actor] = (first, count + 1)
    return found


def role(score: float, agent: int, victim: int, cut: float) -> str:
    """protagonist, antagonist, victim or neutral, from the score and event roles."""
    if victim > agent and score > -cut:
        return "victim"
    if score <= -cut:
        return "antagonist"
    if score >= cut:
        return "protagonist"
    return "neutral"


def stance_item(outlet: str, actor: str, docs: list[_DocStance], settings: StanceSettings) -> Item:
    """The exported stance: score, role, per-article scores, strongest evidence first."""
    weight = sum(d.mentions or 1 for d in docs)
    value = round(sum(d.score * (d.mentions or 1) for d in docs) / weight, 3)
    cues = [(item, source, p) for d in docs for item, source, p in d.evidence.items]
    ranked = sorted(cues, key=lambda c: (-abs(c[2]), c[0].doc, c[0].start))
    evidence = [_span(*c) for c in ranked[: settings.max_evidence]]
    first = ranked[0][0] if ranked else min(docs, key=lambda d: (d.doc, d.first.start)).first
    sources: dict[str, int] = defaultdict(int)
    for _, source, _ in cues:
        sources[source] += 1
    agent, victim = sources.get("agent", 0), sources.get("victim", 0)
    return Item(
        kind="stances",
        start=first.start,
        end=first.end,
        text=first.text,
        doc=first.doc,
        id=stable_id(outlet, actor, prefix="sn-"),
        fields={
            "outlet": outlet,
            "actor": actor,
            "score": value,
            "role": role(value, agent, victim, settings.role_cut),
            "evidence": evidence or [_span(first, "mention", 0.0)],
            "n": len(cues),
            "sources": dict(sorted(sources.items())),
            "documents": [
                {"doc": d.doc, "score": d.score, "mentions": d.mentions}
                for d in sorted(docs, key=lambda d: d.doc)
            ],
        },
    )


def _span(item: Item, source: str, polarity: float) -> dict[str, Any]:
    return {
        "id": item.id,
        "doc": item.doc,
        "start": item.start,
        "end": item.end,
        "text": item.text,
        "source": source,
        "polarity": polarity,
        "voice": "outlet",
    }
