"""Words the learned trigger detector takes for events that name no event: states and actors.

TimeML, one of the detector's two training sets, annotates every eventuality, states included
("has been the subject", "had the backing of"), so the detector learned copulas and possession
verbs; in opinion pieces these made stories of their own from the most generic words. ECB+, the
event-coreference data, annotates few of them. Only the detector's own finds are filtered here:
the type lexicon's triggers are left as they are.

A learned trigger is no event when it is

- an auxiliary ('has been', 'was taken', 'did not');
- a verb of being, having, seeming or relation (``lang/en/events_stative_verbs.txt``: 'be',
  'have', 'seem', 'exist', 'belong', 'contain'...) or the pro-verb 'do' ('did nothing');
- a noun predicated of its subject by 'be' ('this is an accident', 'to be the host'): it
  classifies the subject, it does not tell that something happened;
- a noun that names a collective of people (the mention analyser's own list,
  ``mentions_collective_nouns``; its person-role and institution lists hold words ECB+
  annotates as events: 'host', 'nominee', 'statement');
- a light verb whose object (or passive subject) is itself a trigger ('made the announcement',
  'no attempt was made', ``lang/en/events_light_objects.txt``): the noun carries the event.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rashomon import lang

if TYPE_CHECKING:
    from spacy.tokens import Token

AUX_DEPS = frozenset({"aux", "auxpass"})
OBJECT_DEPS = frozenset({"dobj", "nsubjpass"})  # 'made an attempt', 'no attempt was made'


def non_eventive(token: Token, is_trigger: Callable[[Token], bool]) -> bool:
    """Whether a word the learned detector found is a state, an actor or a light verb, not an
    event; ``is_trigger`` says whether another word is a trigger (for light verbs' objects)."""
    lemma = token.lemma_.lower()
    if token.dep_ in AUX_DEPS or lemma in lang.words("events_stative_verbs"):
        return True
    if token.pos_ in ("NOUN", "PROPN"):
        if lemma in lang.words("mentions_collective_nouns"):
            return True
        return token.dep_ == "attr" and token.head.lemma_.lower() == "be"
    if token.pos_ in ("VERB", "AUX") and lemma in lang.words("events_light_objects"):
        return any(c.dep_ in OBJECT_DEPS and is_trigger(c) for c in token.children)
    return False
