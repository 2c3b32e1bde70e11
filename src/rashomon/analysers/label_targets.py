"""Whom a loaded word with no actor in its own phrase is about: its clause's subject, the
person a 'he'/'she' subject refers back to (of that gender when the name tells), or the only
actor its sentence names. Only a guess: labels found so are marked ``resolved``."""

from __future__ import annotations

import bisect

from spacy.tokens import Span, Token

from rashomon.document import Item
from rashomon.mentions.coref import given_name_gender

ACTOR_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
SUBJECTS = ("nsubj", "nsubjpass")
PRONOUNS = frozenset({"he", "she", "they"})
PRONOUN_GENDER = {"he": "m", "she": "f"}
PRONOUN_LOOKBACK = 6  # actor mentions looked back over for a pronoun's antecedent
# a possessive pronoun and the subject pronoun whose antecedent it shares ('its' is left out:
# mostly a thing's, and the mentions hold no things)
POSSESSIVES = {"his": "he", "her": "she", "their": "they"}


def people_mention(mention: Item) -> bool:
    """A person named by a role with its holder ('the president' of a named one) or a group of
    people ('lawmakers', 'teachers'): an actor though no name."""
    label = mention.fields.get("label")
    return label == "COLLECTIVE" or label == "ROLE" and bool(mention.fields.get("holder"))


def actor_mention(mention: Item) -> bool:
    """A mention of someone a loaded word can be about (not a place, a country or a thing)."""
    return mention.fields.get("label") in ACTOR_LABELS - {"GPE"} or people_mention(mention)


class ActorMentions:
    """Actor mentions (people, organisations, groups) by position, for a pronoun's antecedent."""

    def __init__(self, mentions: list[Item]) -> None:
        self.items = sorted(
            (m for m in mentions if actor_mention(m)),
            key=lambda m: m.start,
        )
        self.starts = [m.start for m in self.items]
        # surname -> gender, from a title ("Mrs.") or a full name's given name anywhere in the
        # article, so that a later bare surname has one too
        self.surnames: dict[str, str] = {}
        for mention in self.items:
            gender = self._own_gender(mention)
            if gender and len(mention.text.split()) > 1:
                self.surnames.setdefault(mention.text.split()[-1], gender)

    @staticmethod
    def _own_gender(mention: Item) -> str | None:
        if mention.fields.get("label") != "PERSON":
            return None
        words = mention.text.split()
        given = given_name_gender(words[0]) if len(words) > 1 else None
        return str(mention.fields.get("gender") or "") or given

    def gender(self, mention: Item) -> str | None:
        """'f', 'm' or None (unknown) for a person mention."""
        words = mention.text.split()
        return self._own_gender(mention) or (self.surnames.get(words[-1]) if words else None)

    def before(self, offset: int, pronoun: str) -> Item | None:
        """The last actor mention ending before ``offset`` that ``pronoun`` can refer to: a
        person not known to be of the other gender for 'he'/'she', any actor for 'they'."""
        want = PRONOUN_GENDER.get(pronoun)
        i = bisect.bisect_left(self.starts, offset) - 1
        stop = max(-1, i - PRONOUN_LOOKBACK)
        while i > stop:
            mention = self.items[i]
            i -= 1
            if want is None:
                return mention
            if mention.fields.get("label") == "PERSON" and self.gender(mention) in (None, want):
                return mention
        return None


def sentence_actor(
    span: Span, target: Token, by_token: dict[int, Item], mentions: ActorMentions
) -> tuple[Item | None, str | None]:
    """The actor a loaded word's sentence is about: the subject of its clause (a named actor,
    or the person a 'he'/'she' subject refers back to), else the only actor the sentence
    names. Returns the mention and how it was found ("sentence" or "pronoun")."""
    head = target if target.pos_ == "VERB" else span.root
    while head.dep_ not in ("ROOT", "ccomp", "advcl", "relcl") and head.head.i != head.i:
        head = head.head
    for child in head.children:
        if child.dep_ not in SUBJECTS:
            continue
        named = [by_token[t.i] for t in child.subtree if t.i in by_token]
        named = [m for m in named if actor_mention(m)]
        if named:
            # the mention holding the subject's head ('Labour candidate Tom Brekke': Brekke,
            # not the party named inside the phrase), else the first one
            own = by_token.get(child.i)
            return (own if own in named else named[0]), "sentence"
        if child.lower_ in PRONOUNS:
            found = mentions.before(child.idx, child.lower_)
            return (found, "pronoun") if found else (None, None)
    sentence = span.sent
    actors = {
        by_token[t.i].id: by_token[t.i]
        for t in sentence
        if t.i in by_token and actor_mention(by_token[t.i])
    }
    return (next(iter(actors.values())), "sentence") if len(actors) == 1 else (None, None)


def possessor_actor(span: Span, target: Token, mentions: ActorMentions) -> Item | None:
    """The actor a possessive pronoun on the label's noun refers back to ('his cronies',
    'her reckless remarks', 'their hysterical campaign'), or None."""
    for token in (target, span.root):
        for child in token.children:
            if child.dep_ == "poss" and child.lower_ in POSSESSIVES:
                return mentions.before(child.idx, POSSESSIVES[child.lower_])
    return None


def guessed_actor(
    span: Span,
    target: Token,
    use: tuple[str, bool, bool],
    by_token: dict[int, Item],
    mentions: ActorMentions,
) -> tuple[Item | None, str | None]:
    """Whom a label with no actor in its own phrase is about, and how that was found
    ("pronoun", "sentence"), or (None, None). ``use`` is the label's position, whether it is a
    loaded word, and whether it is inside a quoted speaker's words."""
    position, loaded, spoken = use
    if position in ("attributive", "noun", "scare_quote"):
        # 'his cronies', 'her reckless remarks': through the pronoun's antecedent
        found = possessor_actor(span, target, mentions)
        if found is not None:
            return found, "pronoun"
    if not loaded:
        return None, None
    # a loaded word colours the one its sentence is about
    found, how = sentence_actor(span, target, by_token, mentions)
    if spoken and how == "sentence":
        # a quoted clause's subject is the speaker's topic ('This is shameful'): on BASIL dev 2
        # of 67 such guesses named the annotated target (a 'he'/'she' one stays)
        return None, None
    return found, how
