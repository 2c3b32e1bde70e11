"""Incremental stances: each article's (article, actor) stances are kept in the store's
metadata, so that a run scores only the new or re-analysed articles and those whose actors
changed, then rebuilds the stances of the (outlet, actor) pairs they touch.

An article's stances depend on its own items and, beyond them, on the actor each of its
mentions resolves to and on which of those actors are places (``StanceLinker``): the article's
digest covers exactly that. The kept parts are exactly what ``stance_item`` reads of a
``_DocStance`` (score, mention count, first mention, every cue with its span), so a stance
rebuilt from kept parts is the one a whole run computes. The parts are kept per version and
settings of the linker and the stance model's hash (``StanceLinker.fingerprint``: a retrained
model scores every article again).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from rashomon.document import Item, stable_id
from rashomon.linking.base import Linker
from rashomon.linking.stance_model import Evidence
from rashomon.linking.story_digests import digest, doc_metadata
from rashomon.store.base import LinkedUpdate, Store

if TYPE_CHECKING:
    from rashomon.linking.stances import _DocStance

PARTS_KEY = "stances.parts"  # store meta: {"key": ..., "docs": {doc: [digest, outlet, parts]}}
# doc ids -> (doc id, its (actor, stance) pairs) of each
Scorer = Callable[[list[str]], Iterator[tuple[str, list[tuple[str, "_DocStance"]]]]]


def link_stances(
    linker: Linker,
    store: Store,
    actors: tuple[dict[str, str], set[str]],
    score_docs: Scorer,
    build: Callable[..., Item],
) -> None:
    """Score the articles whose inputs changed (``score_docs``), rebuild the stances of the
    (outlet, actor) pairs they belong to (``build``: ``stance_item``), keep the others.
    ``actors``: the mention -> actor links and the actors that are places."""
    changes = linker.changes(store)
    links, where = actors
    key = linker.version_key(store)  # version, settings and the model file's hash
    kept = _load(store, key) if changes.documents is not None else {}
    outlets, _ = doc_metadata(store)
    digests = _doc_digests(store, set(outlets), links, where)
    parts: dict[str, list[Any]] = {}
    todo = []
    for doc_id in sorted(outlets):
        old = kept.get(doc_id)
        fresh = changes.documents is None or doc_id in changes.documents
        if old is not None and not fresh and old[0] == digests.get(doc_id, ""):
            parts[doc_id] = old[2]
        else:
            todo.append(doc_id)
    for doc_id, found in score_docs(todo):
        parts[doc_id] = [[actor, _encode(s)] for actor, s in found]
    grouped: dict[tuple[str, str], list[tuple[str, Any]]] = defaultdict(list)
    for doc_id in sorted(parts):
        for actor, part in parts[doc_id]:
            grouped[(outlets[doc_id], actor)].append((doc_id, part))
    order = sorted(grouped)
    ids = {g: stable_id(g[0], g[1], prefix="sn-") for g in order}
    group_digests = {ids[g]: digest(grouped[g]) for g in order}
    stale = changes.stale(group_digests, {})
    items = [
        build(g[0], g[1], [_decode(d, p) for d, p in grouped[g]]) for g in order if ids[g] in stale
    ]
    record = {d: [digests.get(d, ""), outlets[d], parts[d]] for d in parts}
    store.set_meta(PARTS_KEY, json.dumps({"key": key, "docs": record}, separators=(",", ":")))
    update = LinkedUpdate(linker.provides, "id", [ids[g] for g in order], stale, items)
    linker.write_groups(store, changes, update, group_digests)


def _load(store: Store, key: str) -> dict[str, list[Any]]:
    """The kept parts, when they were made under ``key`` (version, settings and model)."""
    raw = store.get_meta(PARTS_KEY)
    if not raw:
        return {}
    kept = json.loads(raw)
    return kept["docs"] if kept.get("key") == key else {}


def _doc_digests(
    store: Store, docs: set[str], links: dict[str, str], where: set[str]
) -> dict[str, str]:
    """Doc -> digest of its mentions' actors and which of them are places."""
    pairs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for mention, doc, _ in store.item_fields("mentions", ()):
        if doc in docs and mention in links:
            pairs[doc].append((mention, links[mention]))
    return {d: digest(sorted(p), sorted({a for _, a in p} & where)) for d, p in pairs.items()}


def _span(item: Item) -> list[Any]:
    return [item.id, item.doc, item.start, item.end, item.text]


def _item(span: list[Any]) -> Item:
    return Item("", span[2], span[3], span[4], {}, span[0], span[1])


def _encode(stance: _DocStance) -> list[Any]:
    """What ``stance_item`` reads of one (article, actor) stance."""
    cues = [[_span(item), source, p] for item, source, p in stance.evidence.items]
    return [stance.score, stance.mentions, _span(stance.first), cues]


def _decode(doc_id: str, part: list[Any]) -> _DocStance:
    from rashomon.linking.stances import _DocStance

    score, mentions, first, cues = part
    evidence = Evidence({}, [(_item(span), source, p) for span, source, p in cues])
    return _DocStance(doc_id, score, mentions, evidence, _item(first))
