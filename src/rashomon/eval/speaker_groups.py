"""BASIL speaker values against predicted speakers: groups, acronyms, names cut at an accent.

BASIL names each quote's speaker with one value ("Lina_Oster", "Ostland_lawmakers",
"Harbour_Republicans", "OHRN"). ``eval quotes-real`` scores a speaker right (strict) when the
value's last word is a word of the predicted speaker's actor name. This module adds what that
test cannot see:

- **kind**: a value naming a group of people (``group``: a lowercase word, a plural person noun
  even when capitalised, "Ostland_Lawmakers", or a party plural of the party table,
  "Republicans", never a surname such as "Evans") or a person or an organisation named as one
  (``person``);
- **acronyms**: "OHRN" is the predicted "Open Hands Relief Network";
- **cut names**: BASIL cuts some values at an accented letter ("Ilse_Valder" for "Valderón");
  the predicted word may carry the accent or not ("Valderon"), so a prefix counts when the
  value's first name is also in the predicted name;
- **lenient groups**: a group value is matched through the predicted speaker's recorded group
  (the party the articles tag a person with: "(D-Ost.)", "a Republican") or parent (a
  collective's party or state, a person's title affiliation: "Ostland Attorney General X"). When
  the value names a party ("Republican_lawmakers", "Harbour_Democrats") only that party
  matches; otherwise any of its capitalised words ("Ostland_officials"). This is a separate,
  lenient figure printed beside the strict one, never in its place. A value naming an
  organisation ("OHRN") counts there too when it is, every word of it, the predicted speaker's
  recorded parent: the article quotes the organisation's president, whom BASIL credits to it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rashomon.document import stable_id
from rashomon.lang import table
from rashomon.linking.aliases import alias_key
from rashomon.mentions import parties
from rashomon.mentions.roles import COLLECTIVE_NOUNS, PERSON_ROLES
from rashomon.store.base import Actor

SMALL_WORDS = {"of", "the", "for", "and", "to", "in", "on", "at", "a", "an"}
# Letters that an accented letter is written as without its accent (ó -> o, ñ -> n, ç -> c).
FOLDED = set("aeiouycn")


def singular(word: str) -> str:
    """Lower case, a plural -s dropped (not -ss)."""
    word = word.lower()
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def basil_kind(who: str) -> str:
    """``group`` or ``person`` for a BASIL speaker value (see the module docstring)."""
    words = who.split("_")
    last = words[-1]
    # a party plural ("Republicans"; the party table's words), not a surname ("Evans")
    party_plural = last.endswith("s") and parties.party_of_word(last) is not None
    role_plural = last.endswith("s") and _people_noun(last.lower())
    if any(w[:1].islower() for w in words) or party_plural or role_plural:
        return "group"
    return "person"


def _people_noun(word: str) -> bool:
    """A plural noun for people ("lawmakers", "officials", "members")."""
    for stem in (word[:-1], word[:-2] if word.endswith("es") else ""):
        if stem and (stem in PERSON_ROLES or stem in COLLECTIVE_NOUNS):
            return True
    return word in COLLECTIVE_NOUNS


def acronym_match(value: str, name: str) -> bool:
    """Whether a one-word upper-case value ("OHRN") is the initials of a predicted name."""
    if not (value.isupper() and value.isalpha() and 2 <= len(value) <= 8):
        return False
    every = re.findall(r"[\w’'-]+", name)
    # "Board of Ports" is BP or BOP
    for words in ([w for w in every if w.lower() not in SMALL_WORDS], every):
        if len(words) == len(value) and "".join(w[0] for w in words).upper() == value:
            return True
    return False


def cut_name_match(who: str, said: set[str]) -> bool:
    """A value cut at an accented letter ("Ilse_Valder"): a predicted word goes on from its last
    word with an accented letter or its plain form, and the first name is predicted too."""
    words = [w.lower() for w in who.split("_")]
    surname = singular(words[-1])
    if len(surname) < 3:
        return False
    for word in said:
        rest = word[len(surname) :][:1]
        if not word.startswith(surname) or not rest:
            continue
        if not rest.isascii():
            return True
        if rest in FOLDED and len(words) > 1 and words[0] in said:
            return True
    return False


def group_words(actor: Actor | None, actors: dict[str, Actor]) -> list[set[str]]:
    """The word sets (name and aliases, singular, lower case) of a predicted speaker's recorded
    group and parent: the actors, or for a party no article named, the party table's words."""
    if actor is None:
        return []
    out = []
    for ref in (actor.fields.get("group"), actor.fields.get("parent")):
        if not ref:
            continue
        other = actors.get(ref)
        names = [other.name, *other.aliases] if other else _party_words(ref)
        if names:
            out.append({singular(w) for n in names for w in re.findall(r"[\w’'.-]+", n)})
    return out


def _party_words(actor_id: str) -> list[str]:
    """The names of the party table's entry whose actor id this is."""
    return _party_ids().get(actor_id, [])


@lru_cache(maxsize=1)
def _party_ids() -> dict[str, list[str]]:
    """Party actor id -> its table name and words (read once: asked once per quote)."""
    return {
        stable_id(alias_key(name), prefix="a-"): [name, *((entry or {}).get("words") or ())]
        for name, entry in (table(parties.TABLE) or {}).items()
    }


def member_match(who: str, recorded: list[set[str]]) -> bool:
    """Whether a value naming an organisation ("OHRN", "Harbour_League": its first word is no
    given name) is, every word of it, a recorded group or parent of the predicted speaker:
    the article quotes the organisation's president or editor, whom BASIL credits to it."""
    from rashomon.mentions.coref import given_name_gender

    words = [w for w in who.split("_") if w[:1].isupper()]
    if not words or given_name_gender(words[0]) is not None:
        return False
    wanted = {singular(w) for w in words}
    return any(wanted <= found for found in recorded)


def lenient_group_match(who: str, recorded: list[set[str]]) -> bool:
    """Whether a group value matches a recorded group or parent of the predicted speaker: its
    party words when it names a party, else its capitalised words."""
    words = who.split("_")
    party_words = {
        singular(w) for w in words if parties.party_of_word(w) or parties.party_of_word(w.title())
    }
    wanted = party_words or {singular(w) for w in words if w[:1].isupper()}
    return any(wanted & found for found in recorded)
