"""Types and doers an event takes from its context: standoff weapons, a state before the noun,
and a definite repeat of an attack told earlier in the article.

'an attack on the town by warplanes' is a bombardment (ASSAULT) as much as 'an air attack';
in 'a Norvanian-backed militia ... a Norvania airstrike' the state before the noun is who struck;
and 'the attack on the army' two paragraphs after 'the air attack on the army' is the same
attack, so it keeps that attack's type rather than the lexicon's default (FIGHT) for the word.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from rashomon import lang
from rashomon.events.targets import compatible, target_class

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

STANDOFF_WORDS = "events_standoff"
# Entity labels of a proper-noun modifier that names who acts ('a US airstrike'): not a date,
# a city or a person's name ('the Vosk offensive' is where; the analyser checks cities).
DOER_ENTS = frozenset({"GPE", "NORP", "ORG"})
DEFINITE = frozenset({"the", "that", "this", "these", "those"})
# A definite repeat typed only by the lexicon's default for the word (a battle) takes the
# bombardment type its antecedent got from its context; never the other way.
FROM, TO = "FIGHT", "ASSAULT"
REACH = 6000  # characters back an antecedent may be (about a thousand words): further, a new one


class _Event(Protocol):
    trigger: Token
    type: str
    patient: Span | None
    extra: dict[str, Any]


def standoff(token: Token, agent: Token | None) -> bool:
    """Whether an attack is fired from afar: a standoff word modifies it ('air attack') or
    heads its doer ('attack by warplanes')."""
    words = lang.words(STANDOFF_WORDS)
    if any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in words for c in token.children):
        return True
    return agent is not None and agent.lemma_.lower() in words


def modifier_agent(noun: Token) -> Token | None:
    """A state or group named right before an event noun ('a US airstrike'), else None."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return None
    for child in noun.lefts:
        if child.dep_ == "compound" and child.pos_ == "PROPN" and child.ent_type_ in DOER_ENTS:
            return child
    return None


def definite_repeats(events: Sequence[_Event]) -> None:
    """A definite noun trigger ('the attack', 'that attack') typed FIGHT that repeats the lemma
    of an earlier ASSAULT (the nearest event of that lemma, within ``REACH``) takes its type,
    and its target's class when it names no target (``extra["patient_class"]``), unless their
    patients are of known classes that cannot be one target."""
    last: dict[str, _Event] = {}
    for event in events:
        token = event.trigger
        lemma = token.lemma_.lower()
        before = last.get(lemma)
        if (
            before is not None
            and event.type == FROM
            and before.type == TO
            and token.pos_ == "NOUN"
            and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in token.children)
            and token.idx - before.trigger.idx <= REACH
            and not _own_marker(token)
            and _same_target(event, before)
        ):
            event.type = before.type
            if event.patient is None and (kind := target_class(before.patient)):
                # 'that attack' with no target named: the earlier one's kind of target
                event.extra["patient_class"] = kind
        last[lemma] = event


def _own_marker(token: Token) -> bool:
    """Whether the noun carries its own sign of kind ('the ground attack', 'the air attack'),
    which its own typing already read."""
    return any(c.dep_ in ("compound", "amod") and c.pos_ == "NOUN" for c in token.children)


def _same_target(event: _Event, before: _Event) -> bool:
    """Whether two events' patients may be one target (unknown classes: no evidence against)."""
    a, b = target_class(event.patient), target_class(before.patient)
    return a is None or b is None or compatible(a, b)
