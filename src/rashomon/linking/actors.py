"""Actors: merge entity, role and collective mentions across the corpus into canonical actors.

Mentions are grouped by a matching key, then groups are joined by: the alias tables (built-in
world knowledge and the user's ``rashomon.aliases.yaml``), acronyms defined in the text
("Long Name (LN)") or matching a name's initials, surnames of a full name, demonyms of a state
("Ostlandic" -> "Ostland"), spelling variants (rapidfuzz), and role phrases resolved to the
person the article names for them. The type comes from corpus-wide evidence (majority label,
titles, places after locative prepositions), correcting spaCy's slips. Ids derive from the
canonical key, so they are stable across runs and machines.

The join rules share one union-find with its never-merge guard (two people's full names) and
read best in the order they run; person-name rules live in ``person_names``, and naming,
typing and parents of the merged groups in ``actor_names``.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from rashomon.config import Settings
from rashomon.document import Item
from rashomon.linking.actor_keys import DocKeys, doc_keys, mention_keys
from rashomon.linking.actor_names import make_actors
from rashomon.linking.aliases import AliasTable, alias_key, find_alias_file, load_aliases
from rashomon.linking.base import Linker
from rashomon.linking.person_names import (
    compatible,
    dominant,
    identity,
    person_keys,
    surname,
)
from rashomon.store.base import Actor, Store

DEMONYM_ENDINGS = ("ian", "an", "n", "ese", "i", "ish")


@dataclass(frozen=True)
class ActorSettings(Settings):
    """Settings of the ``actors`` linker (the alias file forces merges and splits beyond them)."""

    fuzzy_min: int = 92
    """Similarity (0-100, rapidfuzz ratio) at which two long names are one spelt two ways."""
    dominant_share: float = 0.8
    """A lone surname joins a corpus-level full name holding at least this share of the
    mentions of every full name ending with it."""


def normalise_name(name: str) -> str:
    """A matching key: lower case, no leading 'the', no possessive, single spaces."""
    return alias_key(name)


class _Groups:
    """Union-find over matching keys; groups holding two people's full names never merge."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.preferred: set[str] = set()  # keys whose names win (a state over its capital)
        self.splits: list[tuple[str, str]] = []
        self.people: dict[str, set[str]] = {}  # root -> the full person names it holds

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def everyone(self) -> set[str]:
        """The full person names of every group."""
        return set().union(*self.people.values()) if self.people else set()

    def add_people(self, keys: set[str]) -> None:
        """Register full person names: a union that would put two people together is refused."""
        for key in keys:
            self.people.setdefault(self.find(key), set()).add(key)

    def union(self, a: str, b: str, force: bool = False) -> None:
        """Join two keys' groups (``force``: the alias file says so, whatever the names)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        for x, y in self.splits:  # the alias file said these are different actors
            rx, ry = self.find(x), self.find(y)
            if {rx, ry} == {ra, rb}:
                return
        left, right = self.people.get(ra, set()), self.people.get(rb, set())
        if not force and not all(compatible(x, y) for x in left for y in right):
            return
        root, other = min(ra, rb), max(ra, rb)
        self.parent[other] = root
        if left or right:
            self.people[root] = left | right
            self.people.pop(other, None)


class ActorLinker(Linker):
    """Canonical actors with aliases, types, parents and every mention linked."""

    name = "actors"
    version = "5"
    requires = ("mentions",)
    provides = ("actors",)
    Settings = ActorSettings

    def __init__(self, aliases: AliasTable | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.aliases = aliases

    def fingerprint(self, store: Store | None = None) -> str:
        """The settings and a hash of the user's alias file, so editing it re-links."""
        path = find_alias_file(getattr(store, "path", None))
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path else "none"
        return f"{super().fingerprint(store)} aliases={digest}".strip()

    def link(self, store: Store) -> None:
        """Bring the actors and mention links up to date: only the actors that new or
        re-analysed documents touch are named again (``actor_state``)."""
        from rashomon.linking.actor_state import link_actors

        table = self.aliases or load_aliases(find_alias_file(getattr(store, "path", None)))
        link_actors(self, store, table)


def build_actors(
    mentions: list[Item],
    texts: dict[str, str],
    table: AliasTable,
    outlets: set[str] | None = None,
    settings: Settings | None = None,
) -> tuple[list[Actor], dict[str, str]]:
    """Group mentions into actors; return the actors and the mention -> actor links.

    ``outlets`` are the corpus's outlet names: an actor so named is a news organisation,
    whatever spaCy tagged it ("told Harbour Post" is not a person).
    """
    keys = mention_keys(mentions, texts)
    by_doc: dict[str, list[Item]] = defaultdict(list)
    for m in mentions:
        by_doc[m.doc].append(m)
    digests = {d: doc_keys(ms, keys, texts.get(d, "")) for d, ms in by_doc.items()}
    for d, text in texts.items():
        if d not in digests:
            digests[d] = doc_keys([], keys, text)
    groups, _ = group_keys(list(by_doc), list(texts), digests, table, settings)
    members: dict[str, list[Item]] = defaultdict(list)
    for m in mentions:
        members[groups.find(keys[m.id])].append(m)
    media = {alias_key(o) for o in outlets or ()}
    people = groups.everyone()
    return make_actors(members, keys, texts, table, groups.preferred, media, people)


def group_keys(
    mention_docs: list[str],
    text_docs: list[str],
    digests: dict[str, DocKeys],
    table: AliasTable,
    settings: Settings | None = None,
) -> tuple[_Groups, dict[str, Counter[str]]]:
    """The union-find over every key of the documents' digests (``mention_docs`` in the order
    their mentions come, ``text_docs`` in the order their texts are read), and each key's
    label counts: the corpus-wide grouping, a function of the digests alone."""
    tuned = settings if isinstance(settings, ActorSettings) else ActorSettings()
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for d in mention_docs:
        for key, counts in digests[d].keys.items():
            label = labels[key]
            for name, n in counts.items():  # Counter.update's Mapping check, 150k times
                label[name] += n
    groups = _Groups()
    groups.splits = list(table.splits)
    for key in labels:
        groups.find(table.canonical.get(key, key) if key in table.canonical else key)
        if key in table.canonical:
            groups.union(key, alias_key(table.canonical[key]), force=True)
    groups.add_people(person_keys(labels, lone=True) - set(table.canonical))
    full = person_keys(labels)  # three rules read the full person names: found once
    _join_full_names(groups)
    for d in mention_docs:
        for role, holder in digests[d].holders:  # a role phrase joins its named holder
            groups.union(role, holder)
    _join_acronyms([p for d in text_docs for p in digests[d].acronyms], labels, groups)
    _join_surnames(labels, groups, tuned.dominant_share, full)
    _join_demonyms(labels, groups, [p for d in text_docs for p in digests[d].capitals], full)
    _join_fuzzy(labels, groups, table, tuned.fuzzy_min)
    _join_prefixes(labels, groups, {k for d in mention_docs for k in digests[d].proper})
    _join_heads(labels, groups, full)
    _join_word_sets(labels, groups)
    return groups, labels


def _join_acronyms(
    defined: list[tuple[str, str]], labels: dict[str, Counter[str]], groups: _Groups
) -> None:
    """ "Long Name (LN)" anywhere in the corpus (``defined``: long form, acronym), and
    acronyms equal to a name's initials."""
    within = _Suffixes(labels)
    for long, short in defined:
        if short in labels and _initials(long).startswith(short[:1]):
            groups.union(short, long if long in labels else within.longest(long) or short)
    initials = defaultdict(list)
    for key, counts in labels.items():
        if (
            len(key.split()) > 1
            and ":" not in key
            and counts.get("PERSON", 0) < sum(counts.values())
        ):
            initials[_initials(key)].append(key)
    for key in labels:
        if key.isalpha() and 2 <= len(key) <= 6 and len(initials.get(key, [])) == 1:
            groups.union(key, initials[key][0])


def _initials(key: str) -> str:
    words = [w.split("-")[-1] for w in key.split() if w not in ("of", "the", "and", "for")]
    return "".join(w[:1] for w in words if w)


class _Suffixes:
    """The keys ending with a name or ending it, found through the sorted reversed keys instead
    of a scan of every key per acronym (one per article that defines one)."""

    def __init__(self, labels: dict[str, Counter[str]]) -> None:
        self.order = {k: i for i, k in enumerate(labels)}
        self.reversed = sorted(k[::-1] for k in labels)

    def longest(self, long: str) -> str | None:
        """The longest key ending with ``long`` or ending it; the first in label order of those."""
        found = {long[i:] for i in range(len(long) + 1) if long[i:] in self.order}
        tail = long[::-1]
        i = bisect_left(self.reversed, tail)
        while i < len(self.reversed) and self.reversed[i].startswith(tail):
            found.add(self.reversed[i][::-1])
            i += 1
        return min(found, key=lambda k: (-len(k), self.order[k])) if found else None


def _join_full_names(groups: _Groups) -> None:
    """ "Greta Holm" and "Greta Lind Holm", "Anders K. Brekke" and "Anders Brekke"."""
    by_person: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for held in list(groups.people.values()):
        for name in held:
            if identity(name)[0]:  # full names only: lone surnames wait for _join_surnames
                by_person[identity(name)].append(name)
    for same in by_person.values():
        for other in sorted(same)[1:]:
            groups.union(min(same), other)


def _join_surnames(
    labels: dict[str, Counter[str]], groups: _Groups, share: float, full: set[str]
) -> None:
    """ "Orlov" joins "Jana Orlov" when exactly one person in the corpus ends with it
    (``full``: the corpus's full person names, ``person_keys``)."""
    by_last: dict[str, Counter[str]] = defaultdict(Counter)
    for key in full:
        by_last[surname(key)][groups.find(key)] += sum(labels[key].values())
    for key, counts in labels.items():
        last = surname(key)  # "al-holmi" and "holmi" alike
        target = dominant(by_last[last], share) if " " not in key and last in by_last else None
        if target and (counts.get("PERSON") or counts.get("ORG")):
            groups.union(key, target)


def _join_prefixes(
    labels: dict[str, Counter[str]], groups: _Groups, proper: set[str] | None = None
) -> None:
    """ "Green Hearth" and "Board" join "Green Hearth Aid Network" / "Board of Ports"."""
    orgs = sorted(
        k
        for k, c in labels.items()
        if (c.get("ORG") or k in (proper or ())) and ":" not in k and " " in k
    )
    resolved = _resolved(groups)
    for key, counts in labels.items():
        if ":" in key or not (counts.get("ORG") or counts.get("PERSON")):
            continue
        if counts.get("NORP") or counts.get("GPE"):
            continue  # "Ostlandic" is not the "Ostlandic resistance", "U.S." not the "U.S. Senate"
        if resolved(key):
            continue  # "OL", already the acronym of "Ostland", is not the "OL Greens" party
        # the names starting with key + " " are one run of the sorted list, up to key + "!"
        run = orgs[bisect_left(orgs, key + " ") : bisect_left(orgs, key + "!")]
        longer = {groups.find(o) for o in run}
        if len(longer) == 1:
            groups.union(key, next(iter(longer)))


def _join_heads(labels: dict[str, Counter[str]], groups: _Groups, full: set[str]) -> None:
    """ "Army" joins "Ostlandic Army" when it is the only organisation named "... Army"."""
    by_head: dict[str, list[str]] = defaultdict(list)  # last word -> the names ending with it
    for k, c in labels.items():
        if c.get("ORG") and ":" not in k and " " in k:
            by_head[k.rsplit(" ", 1)[1]].append(k)
    surnames = {surname(k) for k in full}
    resolved = _resolved(groups)
    for key, counts in labels.items():
        if " " in key or ":" in key or not counts.get("ORG") or key in surnames:
            continue
        if resolved(key):
            continue  # "GOP" is the alias table's party, not the only "... GOP" branch named
        longer = {groups.find(o) for o in by_head.get(key, ())}
        if len(longer) == 1:
            groups.union(key, next(iter(longer)))


def _resolved(groups: _Groups) -> Callable[[str], bool]:
    """Whether an earlier rule (the alias table, an acronym, a surname) already joined a short
    name to a longer one (counted over every key, the table's names too): the prefix and head
    rules, which guess, leave it there."""
    longer = Counter(groups.find(k) for k in list(groups.parent) if " " in k and ":" not in k)
    return lambda key: longer[groups.find(key)] > (1 if " " in key else 0)


def _join_word_sets(labels: dict[str, Counter[str]], groups: _Groups) -> None:
    """ "Defence Ministry" and "Ministry of Defence": the same words in another order."""
    seen: dict[frozenset[str], str] = {}
    for key in sorted(labels):
        words = frozenset(key.split()) - {"of", "the", "for", "and"}
        if ":" in key or len(words) < 2 or not labels[key].get("ORG"):
            continue
        if words in seen:
            groups.union(key, seen[words])
        seen.setdefault(words, key)


def _join_demonyms(
    labels: dict[str, Counter[str]],
    groups: _Groups,
    capitals: list[tuple[str, str]],
    full: set[str],
) -> None:
    """ "Ostlandic" -> "Ostland"; "the Ostlandic capital, Brelka" -> Ostland (``capitals``:
    the demonym and city of each such phrase in the corpus)."""
    # any one-word name: spaCy often tags an unfamiliar state as a person ("Ostland")
    surnames = {surname(k) for k in full}  # "Christie" is no demonym's state
    states = {k for k in labels if " " not in k and ":" not in k and k not in surnames}
    for key, counts in labels.items():
        if " " in key or not (counts.get("NORP") or counts.get("GPE")):
            continue
        for ending in DEMONYM_ENDINGS:
            stem = key[: -len(ending)] if key.endswith(ending) else None
            for candidate in (stem, (stem or "") + "a", (stem or "") + "e"):
                if candidate and candidate != key and candidate in states:
                    groups.union(key, candidate)
                    groups.preferred.add(candidate)
    _join_capitals(labels, groups, capitals)


def _join_capitals(
    labels: dict[str, Counter[str]], groups: _Groups, capitals: list[tuple[str, str]]
) -> None:
    """ "the Ostlandic capital, Brelka": the city joins the demonym's group, whose one-word
    names are preferred over the city's."""
    held: dict[str, set[str]] = defaultdict(set)  # root -> its one-word keys, kept up to date
    for k in labels:
        if " " not in k:
            held[groups.find(k)].add(k)
    for demonym, city in capitals:
        if demonym in labels and city in labels:
            roots = (groups.find(city), groups.find(demonym))
            groups.union(city, demonym)
            root = groups.find(city)
            if roots[0] != roots[1] and groups.find(demonym) == root:
                held[root] |= held.pop(roots[1] if root == roots[0] else roots[0], set())
            # the state, not its capital, names the actor ("Ostland", not "Brelka")
            groups.preferred.update(held[root] - {city, demonym})


def _join_fuzzy(
    labels: dict[str, Counter[str]], groups: _Groups, table: AliasTable, fuzzy_min: int
) -> None:
    """Spelling variants of long names ("Ostlandic" / "Ostlandik"), compared within blocks
    that share the last word's first three letters (so the cost stays near-linear)."""
    blocks: dict[str, list[str]] = defaultdict(list)
    for k, c in sorted(labels.items()):
        if ":" not in k and len(k) >= 8 and not c.get("ROLE"):
            blocks[k.split()[-1][:3]].append(k)
    for keys in blocks.values():
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                if abs(len(a) - len(b)) > 3 or groups.find(a) == groups.find(b):
                    continue
                if (a, b) in table.splits or (b, a) in table.splits:
                    continue
                if fuzz.ratio(a, b) >= fuzzy_min:
                    groups.union(a, b)
