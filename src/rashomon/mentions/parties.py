"""A person's party, as the article states it, from the data table ``actors_parties.yaml``.

Three ways news writing tags a politician: a party code after the name ("Sen. Lina Oster
(D-Ost.)", "Oster, R-Ost., said"), a party word in apposition ("Oster, a Republican from
Brelka,"; "Oster, the top Democrat on the panel,"), and a party word in the title before the
name ("Republican Rep. Lina Oster", "GOP candidate Lina Oster"). The party's canonical name is
recorded on the mention; the actor linker makes it the person's ``group``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from rashomon import lang

TABLE = "actors_parties"
PRE_NAME_DEPS = ("compound", "amod", "nmod", "poss")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """(code -> party, word -> party) from the data table; words keep their case."""
    codes: dict[str, str] = {}
    named: dict[str, str] = {}
    for party, entry in (lang.table(TABLE) or {}).items():
        for code in (entry or {}).get("codes") or ():
            codes[str(code)] = party
        for word in (entry or {}).get("words") or ():
            named[str(word)] = party
    return codes, named


def party_of_word(word: str) -> str | None:
    """The party a word names ("GOP", "Democrats"), or None."""
    return _tables()[1].get(word)


@lru_cache(maxsize=1)
def _code_after() -> re.Pattern[str]:
    """ "(D-Ost.)", "(R)", ", D-Ost.," right after a name; the code is group 1 or 2."""
    codes = "|".join(sorted(map(re.escape, _tables()[0]), key=len, reverse=True)) or "(?!)"
    state = r"[A-Z][\w.]*(?:[ \u00a0][A-Z][\w.]*){0,2}"
    return re.compile(
        rf"[ \u00a0]*(?:\(\s*({codes})\s*(?:[-–]\s*{state}\s*)?\)"
        rf"|,[ \u00a0]*({codes})[-–]{state}(?=[,;:)\s]))"
    )


def is_party_tag(text: str) -> bool:
    """Whether a would-be name is a party tag ("D-Ost.", "R-Ost"), which the tagger sometimes
    takes for a person or a place."""
    codes = _tables()[0]
    return re.fullmatch(r"([A-Z])[-–][A-Z][\w.]*(?: [A-Z][\w.]*)?", text.strip()) is not None and (
        text.strip()[0] in codes
    )


def party(ent: Any) -> str | None:
    """The party an entity's own words tag it with: a code after it, a party word in
    apposition, or a party word in the title before it."""
    codes, named = _tables()
    match = _code_after().match(_text(ent.doc), ent.end_char)
    if match is not None:
        return codes[match.group(1) or match.group(2)]
    for token in _appositions(ent):
        found = named.get(token.text) or next(
            (named[c.text] for c in token.children if c.dep_ in PRE_NAME_DEPS and c.text in named),
            None,
        )
        if found:
            return found
    i = ent.start - 1  # the title's words point right, into the title or the name
    while i >= 0 and ent.doc[i].dep_ in PRE_NAME_DEPS and i < ent.doc[i].head.i < ent.end:
        if ent.doc[i].text in named:
            return named[ent.doc[i].text]
        i -= 1
    return None


def _text(doc: Any) -> str:
    """The parse's text, joined once per Doc: ``Doc.text`` joins every token on each call, and
    once per entity made this grow with the square of a document's length."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return str(text)


_TEXT_KEY = "rashomon.parties.text"


def _appositions(ent: Any) -> list[Any]:
    """Heads of the noun phrases in apposition with an entity ("Oster, a Republican,")."""
    found = []
    for token in ent:
        for child in token.children:
            if child.dep_ == "appos" and not ent.start <= child.i < ent.end:
                found.append(child)
        if token.dep_ == "appos" and not ent.start <= token.head.i < ent.end:
            found.append(token.head)
    return found
