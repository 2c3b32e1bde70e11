"""The evaluative-label lexicon, read from ``rashomon/lang/en/labels_lexicon.yaml``.

Polarity runs from -1 (delegitimising: "terrorists") to +1 (legitimising: "freedom fighters").
A *label* also names the class of actor it usually describes, so that a label with no named
head ("the regime") can be attached to the one actor of that class an article clearly means;
a *loaded* word ("slammed", "reckless", "fiasco") colours whoever it is said of. Entries are
lemma sequences; hyphenated words are written with their hyphen. The loaded words learned from
annotated news (``labels_learned.yaml``, see ``rashomon.eval.labels_learn``) join the hand ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rashomon.lang import table

GROUP = "group"  # armed groups, movements, fighters
STATE = "state"  # governments, regimes, their forces
ANY = "any"
LEXICON_FILE = "labels_lexicon"
LEARNED_FILE = "labels_learned"  # written by `rashomon eval labels FILE --write`


@dataclass(frozen=True)
class Entry:
    """One lexicon entry: its polarity, the class of actor it describes, whether loaded, and
    whether it was learned from annotated news rather than written by hand."""

    label: str
    polarity: float
    actor_class: str
    loaded: bool
    learned: bool = False


@dataclass(frozen=True)
class Lexicon:
    """Entries by token sequence, with the head nouns the matcher needs."""

    entries: dict[tuple[str, ...], Entry]
    state_heads: frozenset[str]
    group_heads: frozenset[str]
    actor_nouns: frozenset[str]
    descriptive: frozenset[str]  # labels with a plain sense on things ("criminal charges")

    @property
    def first_words(self) -> frozenset[str]:
        """The first token of every entry (a cheap filter before trying a match)."""
        return frozenset(seq[0] for seq in self.entries)

    @property
    def longest(self) -> int:
        """Tokens in the longest entry."""
        return max(len(seq) for seq in self.entries)


def tokens_of(label: str) -> tuple[str, ...]:
    """A label as spaCy tokenises it: words, hyphens split off ("foreign", "-", "backed")."""
    parts: list[str] = []
    for word in label.lower().split():
        for n, piece in enumerate(word.split("-")):
            if n:
                parts.append("-")
            parts.append(piece)
    return tuple(parts)


@lru_cache(maxsize=4)
def load_lexicon(name: str = LEXICON_FILE, learned: str | None = LEARNED_FILE) -> Lexicon:
    """The hand lexicon in ``lang/en/<name>.yaml`` plus the loaded words learned from annotated
    news in ``lang/en/<learned>.yaml`` (hand entries win where both have a word)."""
    extra = (table(learned) or {}).get("loaded") if learned else None
    return lexicon_from(table(name), extra)


def lexicon_from(data: dict[str, Any], extra_loaded: dict[str, Any] | None = None) -> Lexicon:
    """A lexicon from the YAML form (``labels``, ``loaded``, head lists) and, optionally,
    further loaded words (``word: polarity`` or ``word: [polarity, ...counts]``)."""
    entries: dict[tuple[str, ...], Entry] = {}
    for label, (polarity, cls) in (data.get("labels") or {}).items():
        entries[tokens_of(label)] = Entry(label, float(polarity), str(cls), False)
    for learned, source in ((False, data.get("loaded") or {}), (True, extra_loaded or {})):
        for label, value in source.items():
            polarity = value[0] if isinstance(value, list | tuple) else value
            entry = Entry(label, float(polarity), ANY, True, learned)
            entries.setdefault(tokens_of(label), entry)
    return Lexicon(
        entries,
        frozenset(data.get("state_heads") or ()),
        frozenset(data.get("group_heads") or ()),
        frozenset(data.get("actor_nouns") or ()),
        frozenset(data.get("descriptive_senses") or ()),
    )
