"""Words a regular expression cannot match without: a rule whose words are absent from a text
is skipped (same matches, none of the scan).

``needs(pattern)`` reads the compiled pattern's own parse tree: every literal run the pattern
must match (joined, lower-cased ASCII), and for an alternation the words of every alternative.
A match needs one word of each set, so a text lacking every word of one set has no match.
The test is a substring test on the text lower-cased after the four non-ASCII letters that
``re.IGNORECASE`` also matches to ASCII ones (the ``re`` documentation: İ ı ſ K) are mapped to
them, so a case-insensitive match is never missed; a case-sensitive one is a subset.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

try:  # the parser of the ``re`` module (Python 3.11's names); without it nothing is skipped
    sre: Any = importlib.import_module("re._constants")
    sre_parse: Any = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - other Python versions
    sre = sre_parse = None

Needs = list[frozenset[str]]
_FOLD = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}
_SHORTEST = 2  # one-character words are in nearly every text: not worth a test


def folded(text: str) -> str:
    """The text as ``absent`` tests it: the four letters mapped, then lower-cased."""
    return text.translate(_FOLD).lower()


def needs(pattern: re.Pattern[str]) -> Needs:
    """Sets of words, one of each of which every match of ``pattern`` contains."""
    if sre is None:
        return []
    found = _needs(sre_parse.parse(pattern.pattern, pattern.flags))
    return [words for words in found if min(map(len, words)) >= _SHORTEST]


def absent(need: Needs, low: str) -> bool:
    """Whether ``low`` (``folded`` text) lacks every word of one of the sets: no match."""
    return any(not any(word in low for word in words) for words in need)


def _needs(items: Any) -> Needs:
    """The word sets of a sequence of parsed items: each required item adds its own."""
    out: Needs = []
    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is sre.LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        if run:  # a literal run ends: the match holds it verbatim (up to case)
            out.append(frozenset({"".join(run)}))
            run = []
        if op is sre.SUBPATTERN:
            out.extend(_needs(av[-1]))
        elif op is sre.ATOMIC_GROUP:
            out.extend(_needs(av))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            out.extend(_needs(av[2]))
        elif op is sre.BRANCH:
            alternatives = [_best(_needs(branch)) for branch in av[1]]
            if all(alternatives):
                out.append(frozenset().union(*alternatives))  # type: ignore[arg-type]
        # anything else (classes, anchors, lookarounds, optional parts) requires no word
    return out


def _best(found: Needs) -> frozenset[str] | None:
    """The most telling set of an alternative: longest shortest word, then fewest words."""
    return max(found, key=lambda words: (min(map(len, words)), -len(words)), default=None)
