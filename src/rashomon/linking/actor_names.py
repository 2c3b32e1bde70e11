"""Actors from merged mention groups: each group's canonical name, type, aliases and parent.

The join rules of ``rashomon.linking.actors`` decide which mentions are one actor; this module
names and types what they decided. Ids derive from the canonical name (a group of one
article's own keys, from its key), so they are stable across runs and machines.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

from rashomon.document import Item, stable_id
from rashomon.linking.aliases import AliasTable, alias_key
from rashomon.linking.person_names import is_full_name, surname
from rashomon.mentions.roles import PERSON_ROLES, name_words
from rashomon.store.base import Actor

LABEL_TYPES = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "state",
    "NORP": "collective",
    "LOC": "place",
    "FAC": "place",
    "COLLECTIVE": "collective",
}
# Types whose parent may come from the text: a person's title ("Ostland's ambassador"), a
# group's party ("Ostlandic lawmakers"), an institution's state ("the Ostlandic government").
HAS_PARENT = ("person", "collective", "organisation")
ARMED_WORDS = {"brigade", "brigades", "front", "militia", "jaysh", "jabhat", "liberation", "army"}
LOCATIVE = re.compile(r"\b(?:in|into|from|at|near|to|towards|across|outside|of)\s+$", re.I)


def titlecase(name: str) -> bool:
    """Every word capitalised but the small ones: "Board of Ports", not "Brelka to Dravo"."""
    words = [w for w in name.split() if w not in ("of", "the", "and", "for")]
    return len(words) > 1 and all(w[:1].isupper() for w in words)


def proper_name(mention: Item) -> bool:
    """A role phrase written as a proper name ("Open Hands Relief Network"), not a person's
    capitalised title ("Ostland's Foreign Minister", which has a holder and a possessive)."""
    return (
        mention.fields.get("label") == "ROLE"
        and not mention.fields.get("holder")
        and mention.fields.get("role", "") not in PERSON_ROLES
        and not re.search(r"['’]", mention.text)
        and titlecase(mention.text)
    )


def make_actors(
    members: dict[str, list[Item]],
    keys: dict[str, str],
    texts: dict[str, str],
    table: AliasTable,
    preferred: set[str],
    media: set[str] | None = None,
    people: set[str] | None = None,
) -> tuple[list[Actor], dict[str, str]]:
    """One Actor per group: canonical name, type, aliases, parent, count."""
    named = named_groups(members, keys, table, preferred)
    id_by_name = {alias_key(name): actor_id for name, actor_id, _ in named.values()}
    links = {m.id: actor_id for _, actor_id, items in named.values() for m in items}
    span_actor = {
        (m.doc, m.start, m.end): actor_id for _, actor_id, items in named.values() for m in items
    }
    actors = [
        build_actor(name, actor_id, items, (texts, table, span_actor, id_by_name), media, people)
        for name, actor_id, items in sorted(named.values(), key=lambda n: n[1])
    ]
    return actors, links


def build_actor(
    name: str,
    actor_id: str,
    items: list[Item],
    context: tuple[
        dict[str, str], AliasTable, Mapping[tuple[str, int, int], str], Mapping[str, str]
    ],
    media: set[str] | None = None,
    people: set[str] | None = None,
) -> Actor:
    """One named group's Actor: type, aliases, parent, party group, count. ``context``: the
    texts, the alias table, and the corpus's span -> actor and name key -> actor lookups."""
    texts, table, span_actor, id_by_name = context
    actor_type = table.types.get(name) or (
        "organisation"
        if alias_key(name) in (media or ())
        else _actor_type(items, texts, people or set())
    )
    parent = _parent(name, items, table, span_actor, id_by_name)
    if actor_type not in HAS_PARENT and name not in table.parents:
        parent = None  # only these belong to what their titles or modifiers name
    fields: dict[str, Any] = {"parent": parent if parent != actor_id else None}
    group = _group(items, id_by_name) if actor_type == "person" else None
    if group is not None and group != actor_id:
        fields["group"] = group  # the party the articles tag this person with
    fields["mention_count"] = len(items)
    aliases = sorted({m.text for m in items} - {name})
    return Actor(actor_id, name, actor_type, aliases, fields)


def root_names(
    members: dict[str, list[Item]], keys: dict[str, str], table: AliasTable, preferred: set[str]
) -> dict[str, tuple[str, str]]:
    """Group root -> (its own canonical name, the actor id that name gives), roots sorted. A
    group of one article's own keys ("the spokesman", "President") gets an id of its own: the
    same name in another article is someone else."""
    out = {}
    for root in sorted(members):
        name = _canonical_name(members[root], keys, table, preferred)
        local = all(":" in keys[m.id] for m in members[root])
        out[root] = (name, stable_id(root if local else alias_key(name), prefix="a-"))
    return out


def named_groups(
    members: dict[str, list[Item]],
    keys: dict[str, str],
    table: AliasTable,
    preferred: set[str],
    roots: dict[str, tuple[str, str]] | None = None,
) -> dict[str, tuple[str, str, list[Item]]]:
    """Actor id -> (name, id, mentions): groups that end with the same name are one actor, named
    from all their mentions (in root order; named once, not once per group joining it).
    ``roots``: ``root_names`` of ``members`` when already known (sorted by root)."""
    parts: dict[str, list[list[Item]]] = defaultdict(list)
    own: dict[str, str] = {}
    for root, (name, actor_id) in (roots or root_names(members, keys, table, preferred)).items():
        parts[actor_id].append(members[root])
        own.setdefault(actor_id, name)
    named: dict[str, tuple[str, str, list[Item]]] = {}
    for actor_id, groups in parts.items():
        items = [m for group in groups for m in group]
        name = own[actor_id] if len(groups) == 1 else _canonical_name(items, keys, table, preferred)
        named[actor_id] = (name, actor_id, items)
    return named


def _canonical_name(
    items: list[Item], keys: dict[str, str], table: AliasTable, preferred_keys: set[str]
) -> str:
    """The alias table's name, else the most frequent of the fullest names."""
    for m in items:
        if keys[m.id] in table.canonical:
            return table.canonical[keys[m.id]]
    preferred = [m for m in items if keys[m.id] in preferred_keys]
    named = [
        m for m in items if m.fields.get("label") not in ("ROLE", "COLLECTIVE") or proper_name(m)
    ] or items
    named = preferred or named
    texts = Counter(_clean(m) for m in named)
    # a fuller form of another name counts ("Board of Ports", "Greta Holm" beside "Holm")
    repeated = [
        t
        for t in texts
        if texts[t] > 1 or (titlecase(t) and (_extends(t, texts) or _ends(t, texts)))
    ] or list(texts)
    longest = max(len(t.split()) for t in repeated)
    full = [t for t in repeated if len(t.split()) == longest]
    return max(full, key=lambda t: (texts[t], len(t), t))


def _extends(text: str, names: Counter[str]) -> bool:
    """Whether some other name plus a space begins the text ("Board" of "Board of Ports"): the
    text's own word prefixes looked up, not every name scanned."""
    return any(text[:i] in names for i, char in enumerate(text) if char == " ")


def _ends(text: str, names: Counter[str]) -> bool:
    """Whether some other name is the text's last words after a space ("Holm" of "Greta
    Holm")."""
    return any(text[i + 1 :] in names for i, char in enumerate(text) if char == " ")


def _clean(m: Item) -> str:
    words = name_words(m.text) if m.fields.get("label") == "PERSON" else m.text.split()
    return " ".join(words)


def _actor_type(items: list[Item], texts: dict[str, str], people: set[str]) -> str:
    """Majority label with corrections: titles mean a person, "in X" means a place."""
    votes: dict[str, float] = defaultdict(float)
    surnames = _full_name_surnames(items, people, texts)
    for m in items:
        label = m.fields.get("label", "")
        if label in ("GPE", "NORP", "ORG") and surname(alias_key(m.text)) in surnames:
            votes["person"] += 1.0  # "Holmi" beside "Bashir al-Holmi": the man, not a place
            continue
        if label == "ROLE":
            weight = float(len(items)) if proper_name(m) else 1.0  # "X Relief Network" is decisive
            votes["person" if m.fields.get("role", "") in PERSON_ROLES else "organisation"] += (
                weight
            )
            continue
        kind = LABEL_TYPES.get(label, "other")
        before = texts.get(m.doc, "")[max(0, m.start - 12) : m.start]
        bare = len(m.text.split()) == 1 and not m.fields.get("title")
        if kind == "person" and LOCATIVE.search(before) and bare:
            kind = "state"  # "out of Brelka": a place, whatever the tagger said
        weight = 2.0 if m.fields.get("title") else 0.4 if kind == "person" and bare else 1.0
        votes[kind] += weight
    if votes.get("state") and votes.get("collective"):
        votes["state"] += votes.pop("collective")  # demonyms of a state
    kind = max(sorted(votes), key=lambda k: votes[k])
    names = {w.lower() for m in items for w in m.text.split()}
    if kind == "organisation" and names & ARMED_WORDS:
        return "armed_group"
    return kind


def _full_name_surnames(items: list[Item], people: set[str], texts: dict[str, str]) -> set[str]:
    """Surname keys of the full person names a group holds (``people``: the keys the tagger
    mostly calls a person); the linker joined lone surnames to them, so a lone one tagged as
    a place or group still names that person."""
    keys = {alias_key(_clean(m)) for m in items if m.fields.get("label") == "PERSON"}
    found = {surname(k) for k in keys & people if is_full_name(k)}
    if not found:
        return found
    # a word the group's articles also write in lower case is no surname ("White House")
    docs = {m.doc for m in items}
    return {w for w in found if not any(_lower_word(w, texts.get(d, "")) for d in docs)}


def _lower_word(word: str, text: str) -> bool:
    """Whether ``word`` occurs in lower case as a word of ``text``."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


def _group(items: list[Item], id_by_name: Mapping[str, str]) -> str | None:
    """The actor id of the party most of a person's tagged mentions name ("(D-Ost.)", "a
    Republican"): the actor so named in the corpus, else the id it would have."""
    votes = Counter(m.fields["party"] for m in items if m.fields.get("party"))
    if not votes:
        return None
    key = alias_key(max(sorted(votes), key=lambda p: votes[p]))
    return id_by_name.get(key, stable_id(key, prefix="a-"))


def _parent(
    name: str,
    items: list[Item],
    table: AliasTable,
    span_actor: Mapping[tuple[str, int, int], str],
    id_by_name: Mapping[str, str],
) -> str | None:
    """The table's parent, else the organisation or state most often named in titles."""
    if name in table.parents:
        key = alias_key(table.parents[name])
        return id_by_name.get(key, stable_id(key, prefix="a-"))
    votes: Counter[str] = Counter()
    for m in items:
        aff = m.fields.get("affiliation")
        actor = span_actor.get((m.doc, aff["start"], aff["end"])) if aff else None
        if actor:
            votes[actor] += 1
    return max(sorted(votes), key=lambda a: votes[a]) if votes else None
