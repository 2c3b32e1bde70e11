"""Incremental actors: what the actors linker keeps between runs, and a run that names again
only the actors that new or re-analysed documents touch.

The state (store metadata ``actors.state``) holds each document's digest (``actor_keys``), each
key's group root, each root's own name and actor id, each actor's name, and the corpus-wide sets
naming reads (full person names, preferred keys, outlets). A run recomputes the digests of the
changed documents, then the grouping of every key from the digests (the join rules are
corpus-wide: "the only organisation named '... Army'" can stop being so), and names again only:

- groups whose keys changed, that hold a key of a changed document, or a key that entered or
  left the full person names or the preferred keys;
- actors holding such a group, or whose groups changed (one joined or left by name);
- actors whose parent or party lookup changed: a mention's affiliation now resolves to another
  actor, or a name the lookup reads now names another actor.

Everything else keeps its stored actor and links (``Store.update_actors``). The output is what a
whole run gives (tests/test_incremental_linking.py); the first run, other settings or alias
file, another set of outlets, or a lost state run whole.
"""

from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rashomon.document import Item
from rashomon.linking.actor_keys import DocKeys, doc_keys, mention_keys
from rashomon.linking.actor_names import build_actor, named_groups, root_names
from rashomon.linking.aliases import AliasTable, alias_key, find_alias_file
from rashomon.linking.aliases import fingerprint as alias_fingerprint
from rashomon.store.base import Actor, Store

if TYPE_CHECKING:
    from rashomon.linking.actors import ActorLinker
    from rashomon.linking.base import Changes

STATE_KEY = "actors.state"
_name_key = functools.lru_cache(maxsize=None)(alias_key)  # the old and new lookups share names
STATE_FORMAT = 3  # bump when the digests or the state change shape: an older state runs whole
Roots = dict[str, tuple[str, str]]  # root -> (its own name, its actor id)


class _Texts(dict[str, str]):
    """Document texts read on first use (naming reads the texts of the actors it names)."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def get(self, doc_id: str, default: Any = None) -> Any:  # type: ignore[override]
        """The text of ``doc_id`` ("" when absent), read now if not yet."""
        if doc_id not in self:
            doc = self.store.document(doc_id)
            self[doc_id] = doc.text if doc else ""
        return self[doc_id]


class _Corpus:
    """This run's view: the digests, each key's root and documents, and what was read
    (documents' mentions in store order, mentions by id, texts on first use)."""

    def __init__(self, store: Store, table: AliasTable) -> None:
        self.store, self.table = store, table
        self.digests: dict[str, DocKeys] = {}
        self.root_of: dict[str, str] = {}
        self.key_docs: dict[str, list[str]] = defaultdict(list)
        self.by_root: dict[str, list[str]] = defaultdict(list)
        self.preferred: set[str] = set()
        self.texts = _Texts(store)
        self.mentions: dict[str, list[Item]] = {}  # documents read whole
        self.by_id: dict[str, Item] = {}
        self.keys: dict[str, str] = {}

    def read(self, docs: Iterable[str]) -> None:
        """Read the documents not read whole yet (their digests are to be made)."""
        todo = sorted(set(docs) - set(self.mentions))
        for doc_id in todo:
            self.texts.get(doc_id)
            self.mentions[doc_id] = []
        if todo:
            for m in self.store.doc_items("mentions", todo):
                self.mentions[m.doc].append(m)
                self.by_id[m.id] = m
            found = [m for d in todo for m in self.mentions[d]]
            self.keys.update(mention_keys(found, self.texts))

    def group(self, doc_ids: list[str], settings: Any) -> Any:
        """Group every key of the digests (documents in id order); the union-find."""
        from rashomon.linking.actors import group_keys

        groups, labels = group_keys(doc_ids, doc_ids, self.digests, self.table, settings)
        self.root_of = {k: groups.find(k) for k in labels}
        self.preferred = groups.preferred
        for d in doc_ids:
            for k in self.digests[d].keys:
                self.key_docs[k].append(d)
        for k, r in self.root_of.items():
            self.by_root[r].append(k)
        return groups

    def members(self, roots: Iterable[str]) -> dict[str, list[Item]]:
        """Root -> its mentions (documents by id, mentions in store order): only the mentions
        of the roots' keys are read, by id."""
        out: dict[str, list[Item]] = {r: [] for r in sorted(roots)}
        wanted = {k for r in out for k in self.by_root[r]}
        docs = sorted({d for k in wanted for d in self.key_docs[k]})
        picked = [(d, i, k) for d in docs for i, k in self.digests[d].ids if k in wanted]
        missing = {i for _, i, _ in picked if i not in self.by_id}
        if missing:
            found = {d for d, i, _ in picked if i in missing}
            for m in self.store.doc_items("mentions", found, missing):
                self.by_id[m.id] = m
        for _, i, k in picked:
            self.keys[i] = k
            out[self.root_of[k]].append(self.by_id[i])
        return out

    def named(
        self, actors: set[str], order: dict[str, list[str]], roots: Roots
    ) -> dict[str, tuple[str, str, list[Item]]]:
        """``named_groups`` of ``actors`` (each with all its roots)."""
        wanted = sorted(r for a in actors for r in order[a])
        members = self.members(wanted)
        known = {r: roots[r] for r in wanted}
        return named_groups(members, self.keys, self.table, self.preferred, known)


def link_actors(linker: ActorLinker, store: Store, table: AliasTable) -> None:
    """Bring the store's actors up to date with its mentions (whole or incremental)."""
    changes = linker.changes(store)
    # the built-in alias table is data, not code: an edit of it must run whole too
    aliases = alias_fingerprint(find_alias_file(getattr(store, "path", None)))
    version = f"{linker.version_key(store)} table={aliases}"
    doc_ids = [d for d, _ in store.hashes()]
    media = sorted({alias_key(o) for d in doc_ids if (o := _outlet(store, d))})
    prev = _load(store, changes.since, version)
    corpus = _Corpus(store, table)
    if _unchanged(changes, prev, media, doc_ids):
        # the grouping is a function of the digests: none changed, nothing to name again
        if prev is not None and prev["mark"] != changes.mark:
            store.set_meta(
                STATE_KEY, json.dumps(prev | {"mark": changes.mark}, separators=(",", ":"))
            )
        linker.record_run(store, changes, {})
        return
    if changes.documents is None or prev is None or prev["media"] != media:
        state = _whole(linker, corpus, doc_ids, set(media))
    else:
        state = _update(linker, corpus, (prev, changes.documents), doc_ids)
    state |= {"version": version, "mark": changes.mark, "media": media, "format": STATE_FORMAT}
    # no circular check: the state is plain lists and dicts, and the check is a sixth of
    # writing its 23 MB
    store.set_meta(STATE_KEY, json.dumps(state, separators=(",", ":"), check_circular=False))
    linker.record_run(store, changes, {})


def _unchanged(
    changes: Changes, prev: dict[str, Any] | None, media: list[str], doc_ids: list[str]
) -> bool:
    """Whether no document changed, came or went since the state's run (same outlets)."""
    if changes.documents is None or changes.documents or prev is None:
        return False
    return prev["media"] == media and len(prev["docs"]) == len(doc_ids)


def _outlet(store: Store, doc_id: str) -> str | None:
    state = store.state(doc_id)
    return state.metadata.get("outlet") if state else None


def _load(store: Store, mark: str | None, version: str) -> dict[str, Any] | None:
    """The state of the last complete run, when it was recorded with that run's mark."""
    raw = store.get_meta(STATE_KEY)
    if not raw or mark is None:
        return None
    state: dict[str, Any] = json.loads(raw)
    same = (state.get("mark"), state.get("version"), state.get("format"))
    return state if same == (mark, version, STATE_FORMAT) else None


def _whole(
    linker: ActorLinker, corpus: _Corpus, doc_ids: list[str], media: set[str]
) -> dict[str, Any]:
    """Every actor from every mention; the state for the next run."""
    corpus.read(doc_ids)
    for d in doc_ids:
        corpus.digests[d] = doc_keys(corpus.mentions[d], corpus.keys, corpus.texts[d])
    groups = corpus.group(doc_ids, linker.settings)
    members = corpus.members(corpus.by_root)
    roots = root_names(members, corpus.keys, corpus.table, corpus.preferred)
    people = groups.everyone()
    named = named_groups(members, corpus.keys, corpus.table, corpus.preferred, roots)
    order = _order(roots)
    names = {a: named[a][0] for a in order}
    actors, links = _build(named, order, corpus, (media, people), _id_by_name(order, names))
    corpus.store.set_meta(STATE_KEY, "")  # a run killed while writing leaves no stale state
    corpus.store.replace_actors(actors, links)
    docs = {d: corpus.digests[d].to_json() for d in doc_ids}
    return _state(docs, corpus, roots, (people, names))


def _state(
    docs: dict[str, Any], corpus: _Corpus, roots: Roots, named: tuple[set[str], dict[str, str]]
) -> dict[str, Any]:
    people, names = named
    return {
        "docs": docs,
        "roots": roots,  # tuples: written as JSON lists
        "root_of": corpus.root_of,
        "people": sorted(people),
        "preferred": sorted(corpus.preferred),
        "names": names,
    }


def _order(roots: Roots) -> dict[str, list[str]]:
    """Actor id -> its roots, actors in the order of their first root (a whole run's order)."""
    out: dict[str, list[str]] = {}
    for root in sorted(roots):
        out.setdefault(roots[root][1], []).append(root)
    return out


def _id_by_name(order: dict[str, list[str]], names: dict[str, str]) -> dict[str, str]:
    """Name key -> actor id, the last actor in order winning (a whole run's lookup)."""
    return {_name_key(names[a]): a for a in order}


def _build(
    named: dict[str, tuple[str, str, list[Item]]],
    order: dict[str, list[str]],
    corpus: _Corpus,
    sets: tuple[set[str], set[str]],
    id_by_name: dict[str, str],
) -> tuple[list[Actor], dict[str, str]]:
    """The Actors of ``named`` and their mentions' links. A span resolves to an actor within
    the read documents in a whole run's precedence (actor order, root order, mention order)."""
    rank = {a: n for n, a in enumerate(order)}
    actor_of = {r: a for a, rs in order.items() for r in rs}
    root_rank = {r: n for rs in order.values() for n, r in enumerate(rs)}

    def precedence(spot: tuple[int, tuple[str, str]]) -> tuple[int, int, int]:
        root = corpus.root_of[spot[1][1]]
        return rank[actor_of[root]], root_rank[root], spot[0]

    span_actor: dict[tuple[str, int, int], str] = {}
    for doc_id in sorted({m.doc for _, _, items in named.values() for m in items}):
        for _, start, end, found in corpus.digests[doc_id].affiliations:
            if found:  # the last mention of the span in a whole run's order names it
                _, (_, key) = max(enumerate(found), key=precedence)
                span_actor[(doc_id, start, end)] = actor_of[corpus.root_of[key]]
    context = (corpus.texts, corpus.table, span_actor, id_by_name)
    actors = [
        build_actor(name, actor_id, items, context, *sets)
        for name, actor_id, items in sorted(named.values(), key=lambda n: n[1])
    ]
    links = {m.id: actor_id for _, actor_id, items in named.values() for m in items}
    return actors, links


def _update(
    linker: ActorLinker,
    corpus: _Corpus,
    previous: tuple[dict[str, Any], set[str]],
    doc_ids: list[str],
) -> dict[str, Any]:
    """Name again only the touched actors (module docstring); the state for the next run."""
    prev, saved = previous
    old_docs: dict[str, Any] = prev["docs"]
    changed = (saved & set(doc_ids)) | (set(old_docs) ^ set(doc_ids))
    corpus.read(d for d in doc_ids if d in changed)
    docs = {}
    for d in doc_ids:
        if d in changed:
            corpus.digests[d] = doc_keys(corpus.mentions[d], corpus.keys, corpus.texts[d])
            docs[d] = corpus.digests[d].to_json()
        else:
            corpus.digests[d], docs[d] = DocKeys.from_json(old_docs[d]), old_docs[d]
    groups = corpus.group(doc_ids, linker.settings)
    people = groups.everyone()
    touched = {k for d in changed if d in corpus.digests for k in corpus.digests[d].keys}
    touched |= {k for d in changed if d in old_docs for k, _ in old_docs[d][0]}
    touched |= (people ^ set(prev["people"])) | (corpus.preferred ^ set(prev["preferred"]))
    dirty = _dirty_roots(corpus.by_root, prev["root_of"], touched)
    fresh = root_names(corpus.members(dirty), corpus.keys, corpus.table, corpus.preferred)
    roots = {r: fresh[r] if r in dirty else tuple(prev["roots"][r]) for r in sorted(corpus.by_root)}
    order = _order(roots)  # type: ignore[arg-type]
    old_roots = {r: (v[0], v[1]) for r, v in prev["roots"].items()}
    old_order = _order(old_roots)
    redo = {a for a, rs in order.items() if rs != old_order.get(a) or any(r in dirty for r in rs)}
    named = corpus.named(redo, order, roots)  # type: ignore[arg-type]
    names = {a: named[a][0] if a in redo else prev["names"][a] for a in order}
    id_by_name = _id_by_name(order, names)
    old_ids = _id_by_name(old_order, prev["names"])
    new_actor = {k: roots[r][1] for k, r in corpus.root_of.items()}
    old_actor = {k: old_roots[r][1] for k, r in prev["root_of"].items()}
    extra = _lookups_moved(corpus, (new_actor, old_actor), (id_by_name, old_ids), names)
    named |= corpus.named(extra - redo, order, roots)  # type: ignore[arg-type]
    media = set(prev["media"])
    actors, links = _build(named, order, corpus, (media, people), id_by_name)
    corpus.store.set_meta(STATE_KEY, "")  # a run killed while writing leaves no stale state
    corpus.store.update_actors(actors, links, set(named) | (set(old_order) - set(order)))
    return _state(docs, corpus, roots, (people, names))  # type: ignore[arg-type]


def _dirty_roots(
    by_root: dict[str, list[str]], old_root_of: dict[str, str], touched: set[str]
) -> set[str]:
    """Roots whose key set differs from the last run's, or that hold a touched key."""
    sizes: dict[str, int] = defaultdict(int)
    for r in old_root_of.values():
        sizes[r] += 1
    return {
        r
        for r, ks in by_root.items()
        if sizes.get(r) != len(ks) or any(k in touched or old_root_of.get(k) != r for k in ks)
    }


def _lookups_moved(
    corpus: _Corpus,
    actor_of_key: tuple[dict[str, str], dict[str, str]],
    id_by_name: tuple[dict[str, str], dict[str, str]],
    names: dict[str, str],
) -> set[str]:
    """Actors whose parent or party lookups now give another actor: an affiliation's mention
    resolves to another actor, or a party's or the alias table's parent's name key names
    another actor (or none)."""
    new, old = actor_of_key
    ids, old_ids = id_by_name
    out = set()
    for digest in corpus.digests.values():
        for key, _, _, found in digest.affiliations:
            if any(new.get(t) != old.get(t) for _, t in found):
                out.add(new[key])
        for key, party in digest.parties:
            if ids.get(party) != old_ids.get(party):
                out.add(new[key])
    parents = corpus.table.parents
    for actor, name in names.items():
        if name in parents and ids.get(alias_key(parents[name])) != old_ids.get(
            alias_key(parents[name])
        ):
            out.add(actor)
    return out
