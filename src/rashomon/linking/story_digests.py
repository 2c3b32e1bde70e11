"""What a story's comparisons read besides its own documents, digested per story, so that the
contradictions linker recomputes only the stories whose inputs changed (``Linker.changes``).

A story's contradictions and agreements are a function of its stories item (events, docs), its
documents' items, and four things the whole corpus decides: the actors its documents' mentions
resolve to (with their names, types and parent chains), the actor each outlet's evaluative
label most often names (``Sides.usual``), the gazetteer coordinates of its places, and whether
two of its outlets are in opposite camps (their stances). ``StoryPlan`` reads those through
``Store.item_fields`` (a few JSON fields, never whole items) and digests each story over them.

A story's output also depends on the other stories over its documents (``story_keys``).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from rashomon.document import Item
from rashomon.linking.compare.figures import across_camps
from rashomon.linking.story_inputs import Inputs
from rashomon.store.base import Store


def digest(*parts: Any) -> str:
    """A short stable hash of JSON-able parts."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


@dataclass
class StoryPlan:
    """The corpus-wide inputs of the comparisons, and each story's digest over them."""

    outlets: dict[str, str]  # doc -> outlet (the doc id when it has none)
    dates: dict[str, str | None]  # doc -> publication date
    camps: dict[str, dict[str, float]]  # outlet -> actor -> stance score
    usual: dict[tuple[str, str], str]  # (outlet, label) -> the actor it most often names
    coords: dict[str, tuple[str, float, float]]  # place id -> (name, lat, lon)
    links: dict[str, str]  # mention -> actor
    actors: dict[str, list[tuple[str, str, str, Any]]]  # actor -> (id, name, type, parent) chain
    copies: set[frozenset[str]]  # (near-)duplicate document pairs
    story_of: dict[str, str] = field(default_factory=dict)  # event -> its story
    digests: dict[str, str] = field(default_factory=dict)  # story id -> digest


def plan_stories(store: Store, stories: list[Item], sign_cut: float, inputs: Inputs) -> StoryPlan:
    """Read the corpus-wide inputs and digest every story (``inputs``: the stories'
    documents' records, ``story_inputs``)."""
    docs = sorted({d for s in stories for d in s.fields["docs"]})
    outlets, dates = doc_metadata(store)
    camps: dict[str, dict[str, float]] = defaultdict(dict)
    for _, _, _, outlet, actor, score in store.item_fields(
        "stances", ("outlet", "actor", "score"), linked=True
    ):
        camps[outlet][actor] = score
    links = store.actor_links()
    actors = _actor_chains(store)
    usual = _usual(docs, inputs, links, outlets)
    coords = {p[0]: (p[1], p[2], p[3]) for d in docs for p in inputs[d][2]}
    per_doc = {}
    for d in docs:
        mentions, labels, places = inputs[d]
        keys = [(outlets.get(d, d), label) for label, _ in labels]
        per_doc[d] = digest(
            outlets.get(d, d),
            dates.get(d),
            [(m, actors.get(links[m])) for m in mentions if m in links],
            [(key, usual.get(key)) for key in keys],
            [(p[0], coords.get(p[0])) for p in places],
        )
    copies = {frozenset((d.doc, d.other)) for d in store.duplicates()}
    plan = StoryPlan(outlets, dates, camps, usual, coords, links, actors, copies)
    plan.story_of = {e: s.id for s in stories for e in s.fields["events"]}
    copies_of: dict[str, list[frozenset[str]]] = defaultdict(list)
    for pair in copies:
        for d in pair:
            copies_of[d].append(pair)
    flags: dict[tuple[str, str], bool] = {}
    for story in stories:
        plan.digests[story.id] = _story_digest(story, plan, per_doc, copies_of, flags, sign_cut)
    return plan


def _story_digest(
    story: Item,
    plan: StoryPlan,
    per_doc: dict[str, str],
    copies_of: dict[str, list[frozenset[str]]],
    flags: dict[tuple[str, str], bool],
    sign_cut: float,
) -> str:
    docs = list(story.fields["docs"])
    members = set(docs)
    copies = {p for d in members for p in copies_of.get(d, ()) if p <= members}
    outlets = sorted({plan.outlets.get(d, d) for d in docs})
    for pair in ((a, b) for a in outlets for b in outlets if a != b):
        if pair not in flags:
            flags[pair] = across_camps(plan.camps, pair[0], pair[1], sign_cut)
    return digest(
        [story.id, story.doc, story.start, story.end, story.text, story.fields],
        [per_doc.get(d) for d in docs],
        [(a, b, flags[(a, b)]) for a in outlets for b in outlets if a != b],
        sorted(sorted(p) for p in copies),
    )


def doc_metadata(store: Store) -> tuple[dict[str, str], dict[str, str | None]]:
    """Doc -> outlet (its id when it has none) and doc -> date, from the stored states."""
    outlets: dict[str, str] = {}
    dates: dict[str, str | None] = {}
    for doc_id, _ in store.hashes():
        state = store.state(doc_id)
        meta = state.metadata if state else {}
        outlets[doc_id] = meta.get("outlet") or doc_id
        dates[doc_id] = meta.get("date")
    return outlets, dates


def _actor_chains(store: Store) -> dict[str, list[tuple[str, str, str, Any]]]:
    """Actor id -> (id, name, type, parent) of it and each actor up its parent chain."""
    rows = {a: (a, *head) for a, head in store.actor_heads().items()}
    chains: dict[str, list[tuple[str, str, str, Any]]] = {}
    for actor in rows:
        chain: list[tuple[str, str, str, Any]] = []
        seen: set[str] = set()
        current_id: Any = actor
        while current_id in rows and current_id not in seen:
            current = current_id
            seen.add(current)
            chain.append(rows[current])
            current_id = rows[current][3]
        chains[actor] = chain
    return chains


def _usual(
    docs: list[str], inputs: Inputs, links: dict[str, str], outlets: dict[str, str]
) -> dict[tuple[str, str], str]:
    """``Sides.usual`` over the labels of ``docs`` (counted in store order, as ``Sides``
    counts them)."""
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for doc in docs:
        for label, mention in inputs[doc][1]:
            actor = links.get(mention or "")
            if actor:
                counts[(outlets.get(doc, doc), label)][actor] += 1
    return {key: c.most_common(1)[0][0] for key, c in counts.items()}
