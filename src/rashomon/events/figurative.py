"""Idiomatic and figurative uses of trigger words (``lang/en/events_figurative.yaml``).

'hit a wall', 'killed the bill', 'met with criticism' and 'a general strike' use violence and
meeting words for something else; matching them on the parse keeps them out of the violence
and diplomacy stories without dropping the words themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rashomon import lang

if TYPE_CHECKING:
    from spacy.tokens import Token

NOT_AN_EVENT = "none"
WITHHELD = ""
NUMBER = "#num"  # the data file writes #NUM; entries are lower-cased
OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "attr"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod"})


@dataclass(frozen=True)
class FigurativeUse:
    """One entry of the data file: a trigger lemma, its tests, and what the use is instead."""

    trigger: str
    objects: frozenset[str]
    modifiers: frozenset[str]
    following: tuple[str, ...]
    purposes: frozenset[str]
    type: str  # another event type, NOT_AN_EVENT, or WITHHELD (the lexicon's type withheld)

    def matches(self, token: Token) -> bool:
        """Whether the parsed ``token`` (of this entry's lemma) is used this way."""
        if self.objects and any(_word(o) in self.objects for o in _objects(token)):
            return True
        if self.modifiers and any(
            c.dep_ in MODIFIER_DEPS and c.lemma_.lower() in self.modifiers for c in token.children
        ):
            return True
        if self.purposes and any(
            o.lemma_.lower() in self.purposes for o in _prep_objects(token, "for")
        ):
            return True
        if self.following:
            after = token.doc[token.i + 1 : token.i + 1 + len(self.following)]
            return tuple(t.lemma_.lower() for t in after) == self.following
        return False


def _word(token: Token) -> str:
    """The lemma a test compares, or ``#NUM`` for a number or percentage."""
    if token.like_num or token.lower_ in ("percent", "%", "per"):
        return NUMBER
    return token.lemma_.lower()


def _prep_objects(token: Token, prep: str) -> list[Token]:
    return [
        o for c in token.children if c.dep_ == "prep" and c.lower_ == prep
        for o in c.children if o.dep_ == "pobj"
    ]  # fmt: skip


def _objects(token: Token) -> list[Token]:
    """Direct object, passive subject ('the bill was killed') and 'with' object ('met with')."""
    found = [c for c in token.children if c.dep_ in OBJECT_DEPS]
    found += _prep_objects(token, "with")
    for obj in list(found):  # 'hit 10 percent': the number hangs on the noun
        found += [c for c in obj.children if c.dep_ == "nummod"]
    return found


def _entry(row: dict[str, Any]) -> FigurativeUse:
    kind = row.get("type")
    return FigurativeUse(
        trigger=str(row["trigger"]).lower(),
        objects=frozenset(str(w).lower() for w in row.get("object") or ()),
        modifiers=frozenset(str(w).lower() for w in row.get("modifier") or ()),
        following=tuple(str(w).lower() for w in row.get("next") or ()),
        purposes=frozenset(str(w).lower() for w in row.get("for") or ()),
        type=WITHHELD if kind is None else str(kind).upper() if kind != "none" else NOT_AN_EVENT,
    )


@lru_cache(maxsize=1)
def uses() -> dict[str, tuple[FigurativeUse, ...]]:
    """Trigger lemma -> its figurative uses, in file order."""
    by_lemma: dict[str, list[FigurativeUse]] = {}
    for row in lang.table("events_figurative") or ():
        entry = _entry(row)
        by_lemma.setdefault(entry.trigger, []).append(entry)
    return {lemma: tuple(entries) for lemma, entries in by_lemma.items()}


def figurative_use(token: Token) -> FigurativeUse | None:
    """The first figurative use ``token`` matches, or None for an ordinary use."""
    for entry in uses().get(token.lemma_.lower(), ()):
        if entry.matches(token):
            return entry
    return None
