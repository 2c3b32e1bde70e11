"""What kind of target an event's patient is: humanitarian, military, civilian, medical...

The class comes from ``lang/en/events_target_classes.yaml``: a listed modifier of the patient's
head noun ('an *aid* convoy', 'a *military* position') decides first, then the head itself
('troops', 'hospitals'). Counts and parts ('hundreds of civilians', 'some of the soldiers') are
looked through to the noun they count. Anything else is unknown (None), which the stories
linker treats as no evidence either way.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from rashomon.lang import table

if TYPE_CHECKING:  # the linker uses this module too, and should not need spaCy loaded
    from spacy.tokens import Span, Token

CLASSES_TABLE = "events_target_classes"
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
# Heads that only count or select what follows 'of' ('dozens of people', 'most of the troops').
COUNT_WORDS = frozenset(
    {"hundred", "dozen", "thousand", "million", "score", "number", "group", "some", "many",
     "most", "all", "several", "few", "part", "rest", "lot", "one", "none", "each", "half"}
)  # fmt: skip


@lru_cache(maxsize=4)
def _lexicon(name: str = CLASSES_TABLE) -> tuple[dict[str, str], dict[str, str]]:
    """(head lemma -> class, modifier lemma -> class) from the data file."""
    data = table(name)
    heads = {w.lower(): cls for cls, ws in (data.get("heads") or {}).items() for w in ws}
    mods = {w.lower(): cls for cls, ws in (data.get("modifiers") or {}).items() for w in ws}
    return heads, mods


def target_class(span: Span | Token | None) -> str | None:
    """The target class of a patient phrase (its head noun and modifiers), or None if unknown."""
    if span is None:
        return None
    head: Token = span.root if hasattr(span, "root") else span
    head = _counted(head)
    heads, mods = _lexicon()
    # The modifier nearest the head first: 'an army aid convoy' is the convoy's kind.
    for child in reversed(list(head.lefts)):
        if child.dep_ in MODIFIER_DEPS:
            found = mods.get(child.lemma_.lower()) or mods.get(child.lower_)
            if found:
                return found
    return heads.get(head.lemma_.lower()) or heads.get(head.lower_)


def _counted(head: Token) -> Token:
    """The noun a count or part word stands for ('hundreds of civilians': civilians)."""
    for _ in range(3):  # 'dozens of hundreds of ...' is rare; stop early
        if not (head.like_num or head.pos_ == "NUM" or head.lemma_.lower() in COUNT_WORDS):
            return head
        of = next((c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if obj is None:
            return head
        head = obj
    return head


@lru_cache(maxsize=4)
def _groups(name: str = CLASSES_TABLE) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(g) for g in (table(name).get("compatible") or ()))


def compatible(a: str, b: str) -> bool:
    """Whether two target classes may describe one happening (same class, or a shared group)."""
    return a == b or any(a in group and b in group for group in _groups())


def classes() -> tuple[str, ...]:
    """Every class the data file names, sorted."""
    heads, mods = _lexicon()
    return tuple(sorted(set(heads.values()) | set(mods.values())))
