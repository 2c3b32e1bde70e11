"""What the actor linker takes from one document: its mentions' matching keys and the pairs
its text joins, so that the corpus-wide grouping runs on these digests alone.

Everything here is a function of one document (its text and mentions): the key each mention
is grouped under (after a lone surname is resolved within its article), each key's label
counts, role phrases written as names, role -> holder pairs, "Long Name (LN)" acronyms and
"the X capital, Y" pairs in the text, and what naming an actor reads across mentions
(affiliations, party tags). The incremental linker keeps one digest per document and
recomputes only the digests of new or re-analysed documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rashomon.document import Item
from rashomon.linking.actor_names import proper_name
from rashomon.linking.aliases import alias_key
from rashomon.linking.person_names import resolve_surnames
from rashomon.mentions.roles import PERSON_ROLES, TITLES, name_words

ACRONYM = re.compile(r"((?:[A-Z][\w’'-]+\s+){1,6}[A-Z][\w’'-]+)\s+\(([A-Z][A-Za-z.]{1,9})\)")
CAPITAL = re.compile(r"\bthe\s+([A-Z]\w+)\s+capital,?\s+([A-Z]\w+)")
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr"}  # "Mr. King": a surname, not the title


@dataclass
class DocKeys:
    """One document's share of the actor linker's input."""

    keys: dict[str, dict[str, int]] = field(default_factory=dict)  # key -> label counts, in order
    proper: list[str] = field(default_factory=list)  # keys of role phrases written as names
    holders: list[tuple[str, str]] = field(default_factory=list)  # role key, its holder's key
    acronyms: list[tuple[str, str]] = field(default_factory=list)  # long form, acronym (keys)
    capitals: list[tuple[str, str]] = field(default_factory=list)  # demonym, city (keys)
    # naming reads these across mentions: mention key, its affiliation's span and the mentions
    # there (id, key); mention key -> its party tag's key
    affiliations: list[tuple[str, int, int, list[tuple[str, str]]]] = field(default_factory=list)
    parties: list[tuple[str, str]] = field(default_factory=list)
    ids: Iterable[tuple[str, str]] = field(default_factory=list)  # (mention id, key), in order

    def to_json(self) -> list[Any]:
        """A compact JSON-able form (each mention's key as its index in ``keys``)."""
        keys = [[k, dict(c)] for k, c in self.keys.items()]
        rest = [self.holders, self.acronyms, self.capitals, self.affiliations, self.parties]
        index = {k: n for n, k in enumerate(self.keys)}
        ids = [[i for i, _ in self.ids], [index[k] for _, k in self.ids]]
        return [keys, self.proper, *rest, ids]

    @classmethod
    def from_json(cls, data: list[Any]) -> DocKeys:
        """Read back ``to_json``'s form."""
        # The JSON lists stand for the tuples as they are (read the same way, compared only
        # item by item): turning each of a corpus's 200k mention ids into a tuple and each
        # count into a Counter was half of an incremental run's reading of the state.
        keys, proper, holders, acronyms, capitals, affiliations, parties, ids = data
        pairs = _Pairs(ids[0], ids[1], [k for k, _ in keys])
        return cls(dict(keys), proper, holders, acronyms, capitals, affiliations, parties, pairs)


class _Pairs:
    """A read-back digest's (mention id, key) pairs, made when iterated: a run reads those of
    the documents holding the keys it names again, not the corpus's 200k."""

    def __init__(self, ids: list[str], at: list[int], keys: list[str]) -> None:
        self.ids, self.at, self.keys = ids, at, keys

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return zip(self.ids, map(self.keys.__getitem__, self.at), strict=True)


def mention_key(mention: Item, text: str) -> str:
    """The key a mention is grouped under (indefinite roles are per document)."""
    key = alias_key(mention.text)
    if mention.fields.get("label") == "PERSON":
        key = " ".join(name_words(key))
        honorific = set(mention.fields.get("title") or ()) & HONORIFICS
        if key.rstrip(".") in TITLES | PERSON_ROLES and not honorific:
            return f"{mention.doc}:{key}"  # "President" alone is whoever the article means
    if mention.fields.get("label") in ("ROLE", "COLLECTIVE"):
        before = text[max(0, mention.start - 12) : mention.start].lower().split()
        definite = bool(before) and before[-1] == "the"
        specific = definite and " " in key and not key.endswith("s")
        if proper_name(mention):
            return key  # a name written as one: "Open Hands Relief Network"
        if mention.fields.get("holder") or not specific:
            return f"{mention.doc}:{key}"  # "the spokesman" is someone else in another article
    return key


def mention_keys(mentions: list[Item], texts: dict[str, str]) -> dict[str, str]:
    """Mention id -> its key, lone surnames resolved within their articles."""
    keys = {m.id: mention_key(m, texts.get(m.doc, "")) for m in mentions}
    resolve_surnames(mentions, keys)
    return keys


def doc_keys(mentions: list[Item], keys: dict[str, str], text: str) -> DocKeys:
    """The digest of one document, from its mentions in store order and their keys."""
    out = DocKeys(ids=[(m.id, keys[m.id]) for m in mentions])
    by_span = {(m.start, m.end): m for m in mentions}  # the last of a span wins, as ever
    at_span: dict[tuple[int, int], list[Item]] = {}
    for m in mentions:
        at_span.setdefault((m.start, m.end), []).append(m)
    for m in mentions:
        key = keys[m.id]
        counts = out.keys.setdefault(key, {})
        label = m.fields.get("label", "")
        counts[label] = counts.get(label, 0) + 1
        if proper_name(m):
            out.proper.append(key)
        holder = m.fields.get("holder")
        target = by_span.get((holder["start"], holder["end"])) if holder else None
        if target is not None:
            out.holders.append((key, keys[target.id]))
        aff = m.fields.get("affiliation")
        if aff:
            found = at_span.get((aff["start"], aff["end"]), [])
            spot = (key, aff["start"], aff["end"], [(t.id, keys[t.id]) for t in found])
            out.affiliations.append(spot)
        if m.fields.get("party"):
            out.parties.append((key, alias_key(m.fields["party"])))
    for match in ACRONYM.finditer(text):
        out.acronyms.append((alias_key(match.group(1)), alias_key(match.group(2))))
    for match in CAPITAL.finditer(text):
        out.capitals.append((alias_key(match.group(1)), alias_key(match.group(2))))
    return out
