"""Incremental stories: extend the stored index with the new documents' events and rewrite only
the stories they touch, when that gives exactly what a whole run gives.

A whole run places every event in canonical order (``order_key``); the stored index holds the
result. A later run may instead place only the new documents' events when the index's own
events are still its exact first ones:

- no document holding a placed event changed or went, and none changed its date;
- the placed events that come after the first new one in canonical order (an undated event
  by its article's day) are at most ``REWIND_SHARE`` of them: those are placed again with
  the new ones (``StoryIndex.rewind``); news arriving in date order places none again;
- the agent and patient mentions of the placed events resolve to the same partition of actors
  as when they were placed: an actor renamed by the actors linker (its id follows its name) is
  the same actor under another id, so the index's actor ids are relabelled; a merge or split
  runs whole;
- with gated events (sentence embeddings, generic triggers), their document groups are the
  same.

The record of all that (``stories.placed``) holds the placed events' agent/patient mentions with
their actors, the placed documents' dates, each placed event's order key, the gated events'
groups and each exported story's date.
Then each merged story is digested (its index stories and their event counts, its documents'
outlets, dates and document groups) and only the stories whose digest changed are built again
(``Store.update_linked``); the coverage items are rebuilt every run (one per document group).
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rashomon.document import Document, Item, stable_id
from rashomon.linking.story_index import NO_DAY, StoryIndex
from rashomon.linking.story_records import event_day
from rashomon.store.base import LinkedUpdate, Store

if TYPE_CHECKING:
    from rashomon.linking.base import Changes
    from rashomon.linking.stories import StoryLinker

PLACED_KEY = "stories.placed"
PLACED_FORMAT = 4  # 3: an undated event keyed by its article's day; 4: keys by document
REWIND_SHARE = 0.5  # re-placing more than this share of the placed events: run whole


def placed_state(
    index: StoryIndex,
    events: list[Item],
    context: tuple[dict[str, str], dict[str, Document]],
    stories: list[Item],
) -> dict[str, Any]:
    """What ``extend`` checks next time, for ``events`` (the placed ones, in order), and the
    date of each exported story (``stories``: an extension orders the kept ones by it)."""

    links, docs = context
    pairs = _pairs(events, links)
    placed = {e.doc for e in events}
    return {
        "format": PLACED_FORMAT,
        "pairs": pairs,
        "dates": {d: docs[d].date if d in docs else None for d in sorted(placed)},
        "keys": _packed(events),
        "gated": _gated(index, events),
        "stories": {it.id: it.fields["date"] for it in stories},
    }


def _pairs(events: list[Item], links: dict[str, str]) -> dict[str, str | None]:
    """The actor each event's agent and patient mention is linked to (None: to no actor)."""
    return {
        m: links.get(m)
        for e in events
        for m in (e.fields.get("agent_mention"), e.fields.get("patient_mention"))
        if m
    }


def _packed(events: list[Item]) -> dict[str, list[list[Any]]]:
    """Each document's placed events as [ids, starts, own dates (None: the document's day)]:
    the 80k order keys of a 100k-event index written with their document and date each were
    most of the placed state (7.5 of 8.5 MB of JSON read and written every run)."""
    out: dict[str, list[list[Any]]] = {}
    for e in events:
        ids, starts, days = out.setdefault(e.doc, [[], [], []])
        ids.append(e.id)
        starts.append(e.start)
        days.append(e.fields.get("date") or None)
    return out


def _order_keys(state: dict[str, Any]) -> Iterator[tuple[str, tuple[str, str, int, str]]]:
    """Each placed event's id and ``order_key``, from the packed state (a document's day is
    that of its recorded date, unchanged since it was placed)."""
    for doc, (ids, starts, days) in state["keys"].items():
        doc_date = state["dates"].get(doc)
        for event, start, own in zip(ids, starts, days, strict=True):
            yield event, (event_day(own, doc_date), doc, start, event)


def _gated(index: StoryIndex, events: list[Item]) -> dict[str, list[str]]:
    """Event id -> (its document, its document group) for the events placed within a group,
    and, while there is an undated story (``undated_evidence`` read the groups of the typed
    events that met one), for the typed events."""
    out = {}
    undated = any(day == NO_DAY for _, day in index.blocks)
    for e in events:
        story = index.stories[index.assignment[e.id]]
        coverage = story.coverage or (story.groups.get(e.doc) if undated else None)
        if coverage:
            out[e.id] = [e.doc, coverage]
    return out


def save_placed(store: Store, state: dict[str, Any] | None) -> None:
    """Record (or, with None, forget) the placed events' state."""
    text = json.dumps(state, separators=(",", ":"), check_circular=False) if state else ""
    store.set_meta(PLACED_KEY, text)  # plain lists and dicts: no circular check


def extend(
    linker: StoryLinker,
    store: Store,
    index: StoryIndex,
    context: tuple[Changes, dict[str, Document], dict[str, str]],
) -> tuple[list[Item], set[str], dict[str, Any]] | None:
    """Whether the new documents' events may join ``index`` (module docstring): those events
    in order, the placed events that come after the first of them (to place again) and the
    placed state; None when the caller must run whole. Relabels the index's actor ids when the
    actors were renamed."""
    from rashomon.linking.stories import linkable, order_key

    changes, docs, groups = context
    raw = store.get_meta(PLACED_KEY)
    state = json.loads(raw) if raw else None
    if changes.documents is None or not state or state.get("format") != PLACED_FORMAT:
        return None
    placed = {d for story in index.stories for d in story.docs}
    if placed & changes.documents or not placed <= set(docs) or not index.stories:
        return None
    if any(docs[d].date != state["dates"].get(d) for d in placed):
        return None
    if any(groups.get(d) != g for d, g in state["gated"].values()):
        return None
    fresh = sorted(
        (e for e in store.doc_items("events", changes.documents & set(docs)) if linkable(e)),
        key=lambda e: order_key(e, docs),
    )
    first = order_key(fresh[0], docs) if fresh else None
    later = {e for e, key in _order_keys(state) if first is not None and key >= first}
    if len(later) > REWIND_SHARE * sum(len(ids) for ids, _, _ in state["keys"].values()):
        return None  # checked before the actors: most of the index would be placed again
    relabel = _relabel(state["pairs"], store.actor_links())
    if relabel is None:
        return None
    for story in index.stories:
        story.actors = Counter({relabel.get(a, a): n for a, n in story.actors.items()})
    return fresh, later, state


def _relabel(pairs: dict[str, str | None], links: dict[str, str]) -> dict[str, str] | None:
    """Old actor id -> new one, when the placed events' mentions fall into the same actors as
    before (a one-to-one renaming); None when they do not."""
    forward: dict[str, str] = {}
    back: dict[str, str] = {}
    for mention, old in pairs.items():
        new = links.get(mention)
        if (old is None) != (new is None):
            return None
        if old is None or new is None:
            continue
        if forward.setdefault(old, new) != new or back.setdefault(new, old) != old:
            return None
    return forward


def grown_state(
    state: dict[str, Any],
    fresh: list[Item],
    index: StoryIndex,
    context: tuple[dict[str, str], dict[str, Document]],
) -> dict[str, Any]:
    """The placed state after ``fresh`` joined ``index``."""

    links, docs = context
    pairs = {m: links.get(m) for m in state["pairs"]} | _pairs(fresh, links)
    dates = dict(state["dates"]) | {e.doc: docs[e.doc].date for e in fresh}
    keys = state["keys"] | _packed(fresh)  # new documents: none of them was placed
    gated = {e: g for e, g in state["gated"].items() if e in index.assignment}
    gated |= _gated(index, fresh)
    return state | {"pairs": pairs, "dates": dates, "keys": keys, "gated": gated}


def heads(index: StoryIndex) -> dict[int, list[int]]:
    """Merged story head -> its index stories, as ``story_items`` groups them."""
    merged: dict[int, list[int]] = defaultdict(list)
    for n, head in enumerate(index.groups()):
        merged[head].append(n)
    return dict(sorted(merged.items()))


def head_digests(
    index: StoryIndex,
    merged: dict[int, list[int]],
    docs: dict[str, Document],
    groups: dict[str, str],
) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Story item id -> a digest of what its item reads besides its documents' events, and
    story item id -> its documents."""
    digests, members = {}, {}
    for head, parts in merged.items():
        item_id = stable_id(index.stories[head].id, prefix="st-")
        ds = sorted({d for n in parts for d in index.stories[n].docs})
        meta = [(docs[d].outlet, docs[d].date, groups.get(d)) if d in docs else None for d in ds]
        counts = [(index.stories[n].id, len(index.stories[n].events)) for n in parts]
        text = json.dumps([counts, ds, meta], separators=(",", ":"))
        digests[item_id] = hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()
        members[item_id] = ds
    return digests, members


def replace_stories(linker: StoryLinker, store: Store, items: list[Item]) -> None:
    """Store a whole run's stories and coverage items, each item its own group (as
    ``write_stale`` updates them)."""
    ids = [it.id for it in items]
    store.replace_grouped(linker.name, LinkedUpdate(linker.provides, "id", ids, set(ids), items))


def write_stale(
    linker: StoryLinker,
    store: Store,
    index: StoryIndex,
    context: tuple[Changes, dict[str, Document], dict[str, str]],
    kept: dict[str, str | None] | None,
    known: dict[str, Item],
) -> dict[str, str | None]:
    """Rebuild the stories whose digest changed and every coverage item; keep the others.
    ``kept``: the stored stories' dates (None: read them); ``known``: events already read
    (only the others of the rebuilt stories are read); returns the written stories' dates."""
    from rashomon.linking.stories import coverage_items, story_item

    changes, docs, groups = context
    merged = heads(index)
    digests, members = head_digests(index, merged, docs, groups)
    stale = changes.stale(digests, members)
    wanted = {
        head: parts
        for head, parts in merged.items()
        if stable_id(index.stories[head].id, prefix="st-") in stale
    }
    ids = {e for parts in wanted.values() for n in parts for e in index.stories[n].events}
    events = {e: known[e] for e in ids if e in known}
    if len(events) < len(ids):
        read = {d for parts in wanted.values() for n in parts for d in index.stories[n].docs}
        events |= {e.id: e for e in store.doc_items("events", read, ids - set(events))}
    new = []
    for head, parts in wanted.items():
        item = story_item(index, head, parts, events, (docs, groups))
        if item is not None:
            new.append(item)
    if kept is None:  # a placed state without them: read the stored items' dates
        kept = {i: d for i, _, _, d in store.item_fields("stories", ("date",), linked=True)}
    dates = {i: date for i, date in kept.items() if i in digests and i not in stale}
    dates |= {it.id: it.fields["date"] for it in new}
    order = sorted(dates, key=lambda i: (dates[i] or "", i))
    rank = {i: n for n, i in enumerate(order)}
    cover = coverage_items(groups, docs)
    items = sorted(new, key=lambda it: rank[it.id]) + cover
    update = LinkedUpdate(
        linker.provides,
        "id",
        [*order, *(c.id for c in cover)],
        stale | {c.id for c in cover},
        items,
    )
    store.update_linked(linker.name, update)
    linker.record_run(store, changes, digests)
    return dates


def extend_index(
    linker: StoryLinker,
    store: Store,
    context: tuple[Changes, dict[str, Document], dict[str, str]],
    embedder: Any,
) -> bool:
    """Place only the new documents' events and rewrite the stories they touch, when that is
    exact (module docstring); False when the caller must run whole."""
    from rashomon.linking import stories as s

    settings = linker.settings
    assert isinstance(settings, s.StorySettings)
    changes, docs, groups = context
    embedded = embedder.name != s.HashingEmbedder.name
    if settings.method == "pairwise" and embedded:
        return False
    key = f"{embedder.name}#{s.INDEX_FORMAT}#{linker.fingerprint()}"
    index = s._load(store, key, embedder.dim, settings)
    found = extend(linker, store, index, context)
    if found is None:
        return False
    fresh, later, state = found
    if settings.method == "hybrid" and embedded:
        from rashomon.linking.story_pairwise import for_model

        if any(for_model(s.type_class(e.fields.get("type"))) for e in fresh):
            return False  # the model would cluster them: a whole run decides
    known = _replace(store, index, (fresh, later, state), (groups, embedded, docs), embedder)
    index.chain = ""  # not the chain of every event's signature: a whole run rebuilds
    store.set_meta(s.STATE_KEY, base64.b64encode(index.to_bytes()).decode("ascii"))
    # A run killed before the placed state is saved leaves the new documents unrecorded in
    # it (their dates absent): the next run is whole.
    dates = write_stale(linker, store, index, context, state.get("stories"), known)
    grown = grown_state(state, fresh, index, (store.actor_links(), docs))
    save_placed(store, grown | {"stories": dates})
    return True


def _replace(
    store: Store,
    index: StoryIndex,
    events: tuple[list[Item], set[str], dict[str, Any]],
    context: tuple[dict[str, str], bool, dict[str, Document]],
    embedder: Any,
) -> dict[str, Item]:
    """Undo the placing of ``later``, then place it and ``fresh`` in canonical order. Read:
    the documents of ``later`` and of the other events of the stories it touched; returns
    the events it has (``write_stale`` need not read them again)."""
    from rashomon.linking import stories as s

    fresh, later, state = events
    groups, embedded, documents = context
    if not fresh:
        return {}  # nothing new: the index stands (later is empty too)
    touched = {index.assignment[e] for e in later if e in index.assignment}
    again = later | {e for n in touched for e in index.stories[n].events}
    doc_of = {e: d for d, (ids, _, _) in state["keys"].items() for e in ids}
    docs = {doc_of[e] for e in again}
    old = list(store.doc_items("events", docs, again))
    todo = old + fresh
    kinds = {e.id: s.type_class(e.fields.get("type")) for e in todo}
    records, sentences = s.build_records(store, todo, kinds)
    s._gate(records, groups, embedded)
    s.fill_vectors(store, records, sentences, embedder, None)
    by_id = {r.id: r for r in records}
    index.rewind(later, by_id)
    placing = sorted(
        [e for e in old if e.id in later] + fresh, key=lambda e: s.order_key(e, documents)
    )
    index.add_many([by_id[e.id] for e in placing])
    return {e.id: e for e in todo}
