"""Events a clause intends or generalises rather than reports: 'an excuse to bomb the town',
'sent drones to kill', 'threatened to attack', 'when they bomb hospitals'.

Such a mention names no happening to align across outlets; the events analyser gives it the
``hypothetical`` modality, so it joins no story. A 'to' infinitive after a verb is hypothetical
only after a verb of intention (``lang/en/events_intention_verbs.txt``: 'threatened to', 'tried
to'); 'began to shell' and 'agreed to buy' keep their modality (ECB+ counts an agreed deal as a
mention of the deal).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon import lang

if TYPE_CHECKING:
    from spacy.tokens import Token

HABITUAL_MARKS = frozenset({"when", "whenever"})
PRESENT = frozenset({"VBP", "VBZ"})


def _first_conjunct(verb: Token) -> Token:
    """The head of a coordination ('march on the town and massacre its people': march)."""
    for _ in range(4):
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            break
        verb = verb.head
    return verb


def _intended(verb: Token) -> bool:
    """A 'to' infinitive of purpose ('an excuse to bomb') or after a verb of intention."""
    if verb.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    # not 'relcl': 'the first woman to fill the role' did fill it
    if verb.dep_ in ("acl", "advcl"):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lang.words("events_intention_verbs")


def _habitual(verb: Token) -> bool:
    """A present-tense 'when/whenever' clause without auxiliary: a general pattern."""
    if verb.tag_ not in PRESENT or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    return any(c.dep_ == "mark" and c.lower_ in HABITUAL_MARKS for c in verb.children)


def unrealised(verb: Token) -> bool:
    """Whether a verb (or the first verb of its coordination) is intended or habitual."""
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    head = _first_conjunct(verb)
    return any(_intended(v) or _habitual(v) for v in {verb.i: verb, head.i: head}.values())
