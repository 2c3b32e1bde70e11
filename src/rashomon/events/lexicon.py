"""The event ontology (modelled on PLOVER) and the words that trigger each type."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rashomon import lang

if TYPE_CHECKING:
    from spacy.tokens import Token

EVENT_TYPES = {
    "ASSAULT": "bombing, shelling, air strikes, killing, massacres: violence against people or places",
    "FIGHT": "conventional fighting: offensives, attacks on forces, battles, clashes, repelling",
    "CEASEFIRE": "a truce or ceasefire (signed, holding, collapsing)",
    "AGREE": "agreeing, signing, brokering a deal",
    "CONSULT": "meetings, sessions, talks, visits",
    "ACCUSE": "accusing or blaming someone (content = the alleged event)",
    "DENY": "denying a claim or a deed",
    "REJECT": "rejecting, refusing, disputing a proposal",
    "DEMAND": "demanding, calling for, urging",
    "SUPPORT": "arming, backing, funding, supplying, training",
    "AID": "humanitarian aid, donations, pledges",
    "MOBILIZE": "deploying or mobilising forces",
    "RETREAT": "withdrawing, fleeing, losing ground",
    "SEIZE": "capturing, seizing, retaking territory",
    "YIELD": "surrendering",
    "VETO": "vetoing a resolution",
    "SANCTION": "sanctions and embargoes",
    "PROTEST": "strikes, demonstrations and boycotts (a 'general strike'; see events_figurative)",
}


def _by_word(part: str) -> dict[str, str]:
    """lemma -> event type, from ``lang/en/events_triggers.yaml`` (``verbs`` or ``nouns``)."""
    table = lang.table("events_triggers")[part]
    return {word: etype for etype, words in table.items() for word in words}


VERBS = _by_word("verbs")
NOUNS = _by_word("nouns")
# Participles that describe a state after a number ('12 dead and 20 injured') unless an
# auxiliary makes them a clause ('nearly 100 were wounded') or they head one ('wounding 60').
STATE_PARTICIPLES = {"wounded", "injured"}
# Verbs whose object noun names the event and whose subject is its agent (lemmas).
LIGHT_VERBS = lang.words("events_light_verbs")
# Verbs of accusing (lemmas): the deed in their object is alleged.
ACCUSE_VERBS = lang.words("accuse_verbs")


def trigger_type(word: str, pos: str, lemma: str | None = None) -> str | None:
    """The event type a word triggers for its part of speech ('VERB'/'NOUN'), or None.

    ``lemma`` is the parse's lemma (pass ``token.lemma_``); the lower-cased word is tried too,
    for multi-word nouns and nouns the lemmatizer leaves plural.
    """
    keys = [k for k in (lemma.lower() if lemma else None, word.lower()) if k]
    table = VERBS if pos in ("VERB", "AUX") else NOUNS if pos in ("NOUN", "PROPN") else {}
    return next((table[k] for k in keys if k in table), None)


def token_trigger(token: Token, pos: str | None = None) -> str | None:
    """``trigger_type`` of a parsed token, on its lemma."""
    return trigger_type(token.text, pos or token.pos_, token.lemma_)


def verb_base(token: Token) -> str | None:
    """The trigger verb a token is a form of ('struck' -> 'strike'), on its lemma."""
    lemma = token.lemma_.lower()
    return lemma if lemma in VERBS else None
