"""Groups of people as collective mentions: "Ostlandic lawmakers", "Assembly Greens".

A group is its own actor (type ``collective``), not the party or state it belongs to; the
named organisation, party or state inside the phrase is its ``affiliation``, which the actor
linker turns into the group's ``parent``. Precision first: a plural person noun ("lawmakers",
"officials") or a party plural after another name ("Assembly Greens") makes a group; a
party plural alone ("Greens") stays the party's own mention. A group stated with a named
member speaking in it ("Sen. Lina Oster and other Democrats", "Ostland lawmakers, including
Sen. Lina Oster") records the member's span (``members``): the group speaks, the person is one
of it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rashomon import lang

# Entity labels that can stand for what a group belongs to, most specific first.
AFFILIATION_LABELS = ("NORP", "ORG", "GPE")


def affiliation(
    start: int, end: int, ents: list[Any], people: bool = False
) -> tuple[int, int] | None:
    """The span of the party, organisation or state named inside a group phrase at
    ``start:end`` ("Ostlandic" in "Ostlandic lawmakers"; a party before an institution); with
    ``people``, else a person (an institution's owner: "the Oster campaign", "Lind's office")."""
    inside = [e for e in ents if start <= e.start_char and e.end_char <= end]
    for label in AFFILIATION_LABELS + (("PERSON",) if people else ()):
        found = [e for e in inside if e.label_ == label]
        if found:
            return found[-1].start_char, found[-1].end_char
    return None


def party_groups(doc: Any, ents: list[Any]) -> list[tuple[int, int, tuple[int, int]]]:
    """(start, end, affiliation) of plural party or demonym names that another name narrows
    ("Assembly Greens", "Brelka Unionists"; "Green senators" is a person-noun group instead)."""
    by_start = {e.start: e for e in ents}
    found = []
    for ent in ents:
        root = ent.root
        if ent.label_ != "NORP" or root.tag_ not in ("NNPS", "NNS") or ent.start == 0:
            continue
        before = doc[ent.start - 1]
        if before.dep_ != "compound" or before.head.i != root.i:
            continue
        first = next((e for s, e in by_start.items() if s <= before.i < e.end), None)
        if first is None or first.label_ not in ("ORG", "GPE"):
            continue
        found.append((first.start_char, ent.end_char, (ent.start_char, ent.end_char)))
    return found


Members = list[tuple[int, int]]
GroupSpan = tuple[int, int, tuple[int, int] | None, Members]


_MEMBERS = lang.table("mentions_group_members") or {}
# The words of ``lang/en/mentions_group_members.yaml``: "other Democrats", "including X",
# "members of X", "aides to X".
OTHERS = frozenset(_MEMBERS.get("others") or ())
INCLUDING = frozenset(_MEMBERS.get("including") or ())
PARENT_PREPS = frozenset(_MEMBERS.get("parent_preps") or ())
OWNER_PREPS = frozenset(_MEMBERS.get("owner_preps") or ())


def person_at(ents: list[Any]) -> dict[int, Any]:
    """Token index -> the person entity covering it (built once per document)."""
    return {t.i: e for e in ents if e.label_ == "PERSON" for t in e}


def _rooted_person(people: dict[int, Any], i: int) -> Any | None:
    """The person entity whose root is the token at ``i``, else None."""
    ent = people.get(i)
    return ent if ent is not None and ent.root.i == i else None


def member_groups(
    ents: list[Any], people: Callable[[Any], bool], persons: dict[int, Any]
) -> list[GroupSpan]:
    """(start, end, affiliation, members) of a named person joined to others of a group
    ("Sen. Lina Oster and other Democrats", "Tom Brekke and fellow senators"): ``people``
    says whether a plural noun names people; ``persons`` is ``person_at(ents)``."""
    found = []
    for ent in ents:
        if ent.label_ != "PERSON" or ent.root.dep_ == "conj":
            continue  # "Lina Oster, Tom Brekke and other Democrats": found from the first
        joined = ent.root.conjuncts
        roots = {ent.root.i, *(t.i for t in joined)}
        for group in joined:
            if group.tag_ not in ("NNS", "NNPS") or not people(group):
                continue
            if not any(c.dep_ in ("amod", "det") and c.lower_ in OTHERS for c in group.children):
                continue
            first = group.left_edge  # "other House Democrats": the party inside is the parent
            end = group.idx + len(group.text)
            named = {p for i in roots if (p := _rooted_person(persons, i)) is not None}
            spans = sorted((e.start_char, e.end_char) for e in named)
            found.append((ent.start_char, end, affiliation(first.idx, end, ents), spans))
    return found


def postmodifier_parent(root: Any, ents: list[Any]) -> tuple[tuple[int, int], int] | None:
    """The party, organisation or state a group noun names after it ("members of the Ostland
    Assembly", "officials at the ministry", "lawmakers from Ostland"), or the person after
    an owner word ("aides to Lina Oster"), with the end of that phrase; the first such
    phrase that names one."""
    for prep in root.children:
        if prep.dep_ != "prep" or prep.lower_ not in PARENT_PREPS or prep.i < root.i:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            phrase = [t for t in obj.subtree if not _in_clause(t, obj)]
            cut = next((i for i, t in enumerate(phrase) if i and _aside(t)), len(phrase))
            phrase = phrase[:cut]  # not an apposition or aside: "X, a division of Y"
            end = phrase[-1].idx + len(phrase[-1].text)
            found = affiliation(phrase[0].idx, end, ents, people=prep.lower_ in OWNER_PREPS)
            if found is not None:
                return found, end
    return None


def _aside(token: Any) -> bool:
    """Whether a token opens an apposition or an aside (a comma, a dash, a bracket), not a
    hyphen inside a name ("Lind-Kaas")."""
    return (
        token.text in (",", ";", ":", "(", "—", "–", "―")
        or token.text == "-"
        and bool(token.whitespace_)
    )


def _in_clause(token: Any, top: Any) -> bool:
    """Whether a token lies in a relative clause or participle phrase under ``top``."""
    while token.i != top.i:
        if token.dep_ in ("relcl", "acl"):
            return True
        token = token.head
    return False


def included_members(root: Any, persons: dict[int, Any]) -> Members:
    """The people a group names as included ("Ostland lawmakers, including Sen. Lina Oster and
    Rep. Tom Brekke"): the spans of the person entities after the ``including`` word
    (``persons``: ``person_at`` of the document's entities)."""
    out = []
    for prep in root.children:
        if prep.dep_ != "prep" or prep.lower_ not in INCLUDING:
            continue
        for obj in prep.children:
            for token in (obj, *[c for c in obj.children if c.dep_ == "conj"]):
                ent = _rooted_person(persons, token.i)
                if ent is not None:
                    out.append((ent.start_char, ent.end_char))
    return out
