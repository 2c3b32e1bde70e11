"""Groups of people as collective mentions: "Ostlandic lawmakers", "Assembly Greens".

A group is its own actor (type ``collective``), not the party or state it belongs to; the
named organisation, party or state inside the phrase is its ``affiliation``, which the actor
linker turns into the group's ``parent``. Precision first: a plural person noun ("lawmakers",
"officials") or a party plural after another name ("Assembly Greens") makes a group; a
party plural alone ("Greens") stays the party's own mention.
"""

from __future__ import annotations

from typing import Any

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
