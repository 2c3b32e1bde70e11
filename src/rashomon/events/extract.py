"""Find events in a parsed document: trigger, type, agent, patient, modality, place and date."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rashomon.events.lexicon import LIGHT_VERBS, trigger_type

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

REPORT_VERBS = {
    "say", "said", "says", "tell", "told", "tells", "report", "reported", "reports", "claim",
    "claimed", "claims", "announce", "announced", "state", "stated", "add", "added", "insist",
    "insisted", "allege", "alleged", "estimate", "estimates", "estimated", "describe",
    "described", "suggest", "suggested", "believe", "believes", "argue", "argued", "warn",
    "warned", "admit", "admits", "admitted", "point", "pointed", "confirm", "confirmed",
}  # fmt: skip
DENY_VERBS = {"deny", "denied", "denies", "denying", "reject", "rejected", "dispute", "disputed"}
DEMAND_VERBS = {
    "demand",
    "demanded",
    "urge",
    "urged",
    "call",
    "called",
    "ask",
    "asked",
    "order",
    "ordered",
}
HEDGE_AUX = {"would", "could", "may", "might", "should", "can"}
PATIENT_PREPS = {"on", "against", "at", "into", "over"}
SUBJ = {"nsubj", "nsubjpass", "csubj"}
ACCUSE_VERBS = {"accuse", "accused", "accuses", "accusing", "blame", "blamed", "blames"}


@dataclass
class Found:
    """One event before it becomes an item."""

    trigger: Token
    type: str
    clause: tuple[int, int]
    agent: Span | None = None
    patient: Span | None = None
    modality: str = "asserted"
    source: Span | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def phrase(token: Token | None) -> Span | None:
    """The compact noun phrase headed by ``token`` (no relative clauses or appositions)."""
    if token is None:
        return None
    if token.pos_ == "PRON" or token.dep_ == "pobj" and token.head.lower_ == "by":
        pass
    doc = token.doc
    left = token
    for child in token.lefts:
        if (
            child.dep_
            in ("det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "punct")
            or child.dep_ == "poss"
        ):
            left = min(left, child.left_edge, key=lambda t: t.i)
            break
    right = token.i
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "case") and child.i == right + 1:
            right = child.i
    if right + 1 < len(doc) and doc[right + 1].lower_ in ("'s", "’s"):
        right += 1
    return doc[left.i : right + 1] if left.i <= right else None


def _child(token: Token, deps: set[str]) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _prep_obj(token: Token, preps: set[str]) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            obj = _child(child, {"pobj"})
            if obj is not None:
                return obj
    return None


def _subject(verb: Token) -> Token | None:
    """The verb's subject, inherited along conj and xcomp chains ('launched and took', 'tried to take')."""
    for _ in range(3):
        subj = _child(verb, {"nsubj", "csubj"})
        if subj is not None and subj.lower_ in ("that", "which", "who") and verb.dep_ == "relcl":
            return verb.head
        if subj is not None:
            return subj
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head is not verb:
            if verb.dep_ == "xcomp":
                obj = _child(verb.head, {"dobj"})
                if obj is not None:
                    return obj
            verb = verb.head
        else:
            return None
    return None


def verb_arguments(verb: Token) -> tuple[Token | None, Token | None]:
    """(agent, patient) of a verb trigger, passive voice included."""
    passive = _child(verb, {"nsubjpass"})
    if passive is not None:
        by = _prep_obj(verb, {"by"})
        agent = (
            _child(next((c for c in verb.children if c.dep_ == "agent"), verb), {"pobj"})
            if any(c.dep_ == "agent" for c in verb.children)
            else by
        )
        return agent, passive
    agent = _subject(verb)
    patient = _child(verb, {"dobj"}) or _prep_obj(verb, PATIENT_PREPS | {"between"})
    if verb.dep_ == "pcomp" and verb.head.lower_ == "of" and verb.head.head.lower_ in ACCUSE_VERBS:
        agent = _child(verb.head.head, {"dobj"}) or agent
    if verb.dep_ in ("pcomp", "acl") and agent is None:
        agent = _subject(verb.head) if verb.head.pos_ == "VERB" else None
    return agent, patient


def noun_arguments(noun: Token) -> tuple[Token | None, Token | None]:
    """(agent, patient) of a noun trigger: possessor, 'by X', light-verb subject; 'on/against Y'."""
    agent = _child(noun, {"poss"})
    if agent is None:
        by = _prep_obj(noun, {"by"})
        agent = by
    if agent is None and noun.dep_ in ("dobj", "nsubjpass") and noun.head.lower_ in LIGHT_VERBS:
        agent = _subject(noun.head) if noun.dep_ == "dobj" else _prep_obj(noun.head, {"by"})
    patient = _prep_obj(noun, PATIENT_PREPS)
    if patient is None and noun.head.dep_ == "prep" and noun.head.head.lower_ in LIGHT_VERBS:
        patient = None
    if patient is None and noun.dep_ == "dobj" and noun.head.lower_ in LIGHT_VERBS:
        patient = _prep_obj(noun.head, PATIENT_PREPS)
    return agent, patient


def modality(trigger: Token) -> tuple[str, Token | None]:
    """How the text presents the event, and who is its source when it is reported."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else _governing_verb(trigger)
    if verb is not None and (
        any(c.dep_ == "neg" for c in verb.children)
        or any(c.dep_ == "neg" for c in trigger.children)
    ):
        return "negated", None
    if verb is not None and {c.lower_ for c in verb.children if c.dep_ == "aux"} & HEDGE_AUX:
        return "hypothetical", None
    if verb is not None and any(
        c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children
    ):
        return "hypothetical", None
    node = verb or trigger
    for _ in range(4):
        head = node.head
        if head is node:
            break
        if (
            node.dep_ in ("ccomp", "xcomp", "pcomp", "dobj", "pobj", "advcl", "conj")
            or node.dep_ == "prep"
        ):
            low = head.lower_
            if low in DENY_VERBS and node.dep_ != "conj":
                return "denied", _subject(head)
            if low in DEMAND_VERBS and node.dep_ in ("xcomp", "ccomp", "pobj", "prep"):
                return "demanded", _subject(head)
            if low in REPORT_VERBS and node.dep_ in ("ccomp", "xcomp"):
                return "reported", _subject(head)
            if head.lower_ in ("accuse", "accused", "accuses", "accusing", "blame", "blamed"):
                return "alleged", _subject(head)
        node = head
    return "asserted", None


def _governing_verb(token: Token) -> Token | None:
    node = token
    for _ in range(4):
        if node.head is node:
            return node if node.pos_ in ("VERB", "AUX") else None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


def clause_bounds(trigger: Token, sent: Span) -> tuple[int, int]:
    """Character span of the trigger's clause, kept inside its sentence."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else (_governing_verb(trigger) or trigger)
    start = max(verb.left_edge.idx, sent.start_char, min(trigger.idx, verb.idx))
    right = verb.right_edge
    end = min(right.idx + len(right.text), sent.end_char)
    end = max(end, trigger.idx + len(trigger.text))
    return start, end


def find_events(doc: Doc) -> list[Found]:
    """Every trigger with its arguments and modality, in text order."""
    found: list[Found] = []
    for sent in doc.sents:
        for token in sent:
            pos = "NOUN" if token.pos_ == "PROPN" and token.is_lower else token.pos_
            etype = trigger_type(token.text, pos)
            if (
                token.dep_ == "amod"
                or token.i > 0
                and doc[token.i - 1].text == "-"
                and not doc[token.i - 1].whitespace_
            ):
                continue  # 'Foreign-backed terrorists' describes, it does not report an event
            if etype is None or (
                etype == "DEMAND"
                and token.lower_.startswith("call")
                and not _prep_obj(token, {"for"})
            ):
                continue
            if (
                token.pos_ in ("VERB", "AUX")
                and token.lower_ in LIGHT_VERBS
                and _child(token, {"dobj"}) is not None
                and trigger_type(_child(token, {"dobj"}).text, "NOUN")
            ):
                continue  # 'launched an offensive': the noun is the trigger
            if token.pos_ in ("VERB", "AUX"):
                agent, patient = verb_arguments(token)
            else:
                agent, patient = noun_arguments(token)
            mod, source = modality(token)
            found.append(
                Found(
                    token,
                    etype,
                    clause_bounds(token, sent),
                    phrase(agent),
                    phrase(patient),
                    mod,
                    phrase(source),
                )
            )
    return found
