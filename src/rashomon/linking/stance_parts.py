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

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rashomon.document import Item, stable_id
from rashomon.linking.base import Linker
from rashomon.linking.stance_model import Evidence
from rashomon.linking.story_digests import digest, doc_metadata
from rashomon.linking.story_inputs import FEW_DOCS
from rashomon.store.base import LinkedUpdate, Store

if TYPE_CHECKING:
    from rashomon.linking.stances import _DocStance

PARTS_KEY = "stances.parts"  # store meta: {"key", "format", "docs", "groups"} (``_Kept``)
FORMAT = 3  # parts kept as JSON text per (article, actor), with mention ids and groups' digests
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
    kept = _load(store, key) if changes.documents is not None else _Kept()
    outlets, _ = doc_metadata(store)
    mentions = _mentions(store, outlets, kept, changes.documents)
    digests = _doc_digests(mentions, links, where)
    parts: dict[str, dict[str, str]] = {}  # doc -> actor -> its part, as JSON
    todo = []
    for doc_id in sorted(outlets):
        old = kept.docs.get(doc_id)
        fresh = changes.documents is None or doc_id in changes.documents
        if old is not None and not fresh and old[:2] == [digests.get(doc_id, ""), outlets[doc_id]]:
            parts[doc_id] = old[2]
        else:
            todo.append(doc_id)
    for doc_id, found in score_docs(todo):
        parts[doc_id] = {actor: _dumps(_encode(s)) for actor, s in found}
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)  # (outlet, actor) -> docs
    for doc_id in sorted(parts):
        for actor in parts[doc_id]:
            grouped[(outlets[doc_id], actor)].append(doc_id)
    order = sorted(grouped)
    ids = {g: stable_id(g[0], g[1], prefix="sn-") for g in order}
    moved = _moved(kept, todo, outlets, parts)
    # a group none of whose articles was scored again or left has the same parts as when its
    # digest was kept (in the same record as the parts): only the others are digested again
    group_digests = {
        ids[g]: kept.groups[ids[g]]
        if g not in moved and ids[g] in kept.groups
        else digest([[d, parts[d][g[1]]] for d in grouped[g]])
        for g in order
    }
    stale = changes.stale(group_digests, {})
    items = [
        build(g[0], g[1], [_decode(d, json.loads(parts[d][g[1]])) for d in grouped[g]])
        for g in order
        if ids[g] in stale
    ]
    record = {d: [digests.get(d, ""), outlets[d], parts[d], mentions.get(d, [])] for d in parts}
    value = {"key": key, "format": FORMAT, "docs": record, "groups": group_digests}
    store.set_meta(PARTS_KEY, _dumps(value))
    update = LinkedUpdate(linker.provides, "id", [ids[g] for g in order], stale, items)
    linker.write_groups(store, changes, update, group_digests)


@dataclass
class _Kept:
    """The kept record: doc -> [digest, outlet, {actor: part as JSON}, mention ids], and each
    (outlet, actor) stance's digest over the parts it was built from."""

    docs: dict[str, list[Any]] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)


def _load(store: Store, key: str) -> _Kept:
    """The kept record, when it was made under ``key`` (version, settings and model) in this
    format; the parts stay JSON text until a stance is rebuilt from them."""
    raw = store.get_meta(PARTS_KEY)
    if not raw:
        return _Kept()
    kept = json.loads(raw)
    if kept.get("key") != key or kept.get("format") != FORMAT:
        return _Kept()
    return _Kept(kept["docs"], kept["groups"])


def _moved(
    kept: _Kept, todo: list[str], outlets: dict[str, str], parts: dict[str, dict[str, str]]
) -> set[tuple[str, str]]:
    """The (outlet, actor) groups an article scored again or gone joined or left."""
    gone = [d for d in kept.docs if d not in parts]
    moved = {
        (kept.docs[d][1], a) for d in [*todo, *gone] if d in kept.docs for a in kept.docs[d][2]
    }
    return moved | {(outlets[d], a) for d in todo for a in parts.get(d, {})}


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


def _mentions(
    store: Store, docs: Collection[str], kept: _Kept, changed: Collection[str] | None
) -> dict[str, list[str]]:
    """Doc -> its mention ids in store order: kept for unchanged articles (their items are
    as when kept), read for the others (by document for a few, else the kind's ids)."""
    ready = {} if changed is None else {d: kept.docs[d][3] for d in docs if d in kept.docs}
    ready = {d: ids for d, ids in ready.items() if d not in (changed or ())}
    rest = set(docs) - set(ready)
    found: dict[str, list[str]] = defaultdict(list)
    if len(rest) <= FEW_DOCS:
        for mention in store.doc_items("mentions", rest):
            found[mention.doc].append(mention.id)
    else:
        for mention_id, doc, _ in store.item_fields("mentions", ()):
            if doc in rest:
                found[doc].append(mention_id)
    return ready | found


def _doc_digests(
    mentions: dict[str, list[str]], links: dict[str, str], where: set[str]
) -> dict[str, str]:
    """Doc -> digest of its mentions' actors and which of them are places (none for an
    article with no mention of an actor)."""
    found = {}
    for doc, ids in mentions.items():
        pairs = sorted((m, links[m]) for m in ids if m in links)
        if pairs:
            named = sorted({a for _, a in pairs} & where)
            text = "\n".join(f"{m} {a}" for m, a in pairs) + "\n" + " ".join(named)
            found[doc] = hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()
    return found


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
