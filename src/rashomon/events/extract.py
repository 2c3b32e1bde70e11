"""Find events in a parsed document: trigger, type, agent, patient, modality, place and date.

Over 400 lines on purpose: the argument rules (verbs, nouns, light verbs, passives, relative
clauses) walk one dependency parse together and read best side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rashomon import lang
from rashomon.events.figurative import NOT_AN_EVENT, figurative_use
from rashomon.events.lexicon import (
    ACCUSE_VERBS,
    LIGHT_VERBS,
    STATE_PARTICIPLES,
    token_trigger,
    verb_base,
)
from rashomon.events.retype import definite_repeats, modifier_agent, standoff
from rashomon.events.stative import non_eventive
from rashomon.events.unrealised import unrealised
from rashomon.timex.words import MONTHS, WEEKDAYS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from rashomon.events.learned import TriggerModel

# Word forms for the claims analyser; events match reporting verbs on lemmas (``_reporting``).
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
ARGS = {"nsubj", "nsubjpass", "dobj", "attr", "oprd"}
PATIENT_PREPS = {"on", "against", "at", "into", "over"}
SUBJ = {"nsubj", "nsubjpass", "csubj"}
RELATIVE = {"that", "which", "who", "whom", "what"}
# Verbs whose direct object is what is fired or handed over, not the target: 'fired six
# rounds at the market', 'delivered arms to the army' (the target/recipient is the patient).
MISSILE_VERBS = {"fire"}
GOODS_VERBS = {"deliver", "supply"}
TIME_ENTS = {"DATE", "TIME"}
POSSESSIVES = {"its", "their", "his", "her"}
DEICTIC = {"today", "tomorrow", "yesterday", "tonight"}
OBJECT_TYPES = {"DENY", "REJECT", "VETO", "SUPPORT", "ASSAULT", "SEIZE", "ACCUSE"}


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
        if child.dep_ in (
            "det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "case", "punct"
        ):  # fmt: skip
            left = min(left, child.left_edge, key=lambda t: t.i)
            break
    while left.i < token.i and (_date_word(left) or left.is_punct):
        left = doc[left.i + 1]  # 'on Thursday regime aircraft struck': the date is no doer
    right = token.i
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "case") and child.i == right + 1:
            right = child.i
    if right + 1 < len(doc) and doc[right + 1].lower_ in ("'s", "’s"):
        right += 1
    return doc[left.i : right + 1] if left.i <= right else None


def _date_word(token: Token) -> bool:
    return token.ent_type_ in TIME_ENTS or token.lower_ in WEEKDAYS or token.lower_ in MONTHS


def _child(token: Token, deps: set[str]) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _prep_obj(token: Token, preps: set[str]) -> Token | None:
    """The object of the first of ``token``'s prepositions in ``preps`` that is not a date."""
    for child in token.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in preps:
            obj = _child(child, {"pobj"})
            if obj is not None and obj.ent_type_ not in TIME_ENTS:
                return obj
    return None


def sentence_start(token: Token) -> Token:
    """The first token of the token's sentence (``token.sent`` rescans the whole document)."""
    doc, i = token.doc, token.i
    while i > 0 and not doc[i].is_sent_start:
        i -= 1
    return doc[i]


def _dateline_end(token: Token) -> int:
    """Index of the dash ending a dateline ('SOREN (VNA) - ...') in the token's sentence, or -1."""
    first = sentence_start(token)
    if not (first.is_upper and first.is_alpha and len(first) > 1):
        return -1
    head = []
    for t in token.doc[first.i + 1 : first.i + 10]:
        if t.is_sent_start:
            break
        head.append(t)
    dash = next((t for t in head if t.text in ("-", "–", "—")), None)
    return dash.i if dash is not None and dash.whitespace_ else -1  # a spaced dash


def _after_dateline(verb: Token, subj: Token) -> Token | None:
    """The real subject when the parser made the dateline place the subject."""
    dash = _dateline_end(subj)
    for cand in [*subj.children, *verb.children]:
        if cand.dep_ in ("appos", "nsubj", "nsubjpass") and cand.i > dash:
            return cand
    return None


def _subject(verb: Token) -> Token | None:
    """The verb's subject, inherited along conj and xcomp chains ('launched and took', 'tried to take')."""
    for step in range(3):
        # a raised subject counts once we have climbed: 'the committee is expected to discuss'
        subj = _child(verb, {"nsubj", "csubj"} if step == 0 else SUBJ)
        if subj is not None and subj.lower_ in ("that", "which", "who") and verb.dep_ == "relcl":
            head = verb.head  # 'Open Hands, a medical charity that supports': the named one
            return head.head if head.dep_ == "appos" else head
        if subj is not None and subj.i < _dateline_end(subj):
            subj = _after_dateline(verb, subj)  # 'SOREN (VNA) - Terrorists shelled'
        if subj is not None:
            return subj
        if verb.dep_ in ("conj", "advcl") and _reporting(verb.head):
            return None  # 'X, as the envoy pointed out, is ... attacking Y': the envoy reports
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
            if verb.dep_ == "xcomp":
                obj = _child(verb.head, {"dobj"})
                if obj is not None:
                    return obj
            verb = verb.head
        else:
            return None
    return None


def _reporting(verb: Token) -> bool:
    """Whether a word is a reporting verb (``lang/en/events_reporting.txt``, on its lemma)."""
    return verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in lang.words("events_reporting")


def verb_arguments(verb: Token) -> tuple[Token | None, Token | None]:
    """(agent, patient) of a verb trigger, passive voice included."""
    if _reduced_relative(verb):  # 'a ceasefire brokered by Norvania', 'the truce agreed in X'
        noun = verb.head if verb.dep_ == "acl" else verb.doc[verb.i - 1]
        handed = verb_base(verb) in GOODS_VERBS | MISSILE_VERBS
        return _prep_obj(verb, {"by"}), None if handed else noun
    agent, patient = _verb_roles(verb)
    if patient is not None and patient.lower_ in RELATIVE and verb.dep_ == "relcl":
        patient = verb.head  # 'a truce that was agreed'
    base = verb_base(verb)
    if base in MISSILE_VERBS:
        patient = _prep_obj(verb, {"at", "on", "into"})
    elif base in GOODS_VERBS and _prep_obj(verb, {"with"}) is None:
        goods = _child(verb, {"dobj"})  # 'to' may hang on the goods: 'rifles to the militia'
        patient = _prep_obj(verb, {"to"}) or (_prep_obj(goods, {"to"}) if goods else None)
    elif base == "call":
        patient = _prep_obj(verb, {"for"})
    return agent, patient


def _reduced_relative(verb: Token) -> bool:
    """A bare past participle after its noun, without subject or auxiliary."""
    if verb.tag_ != "VBN" or _child(verb, SUBJ | {"aux", "auxpass"}) is not None:
        return False
    return verb.dep_ == "acl" or verb.i > 0 and verb.doc[verb.i - 1].pos_ == "NOUN"


def _accused(verb: Token) -> Token | None:
    """X in 'accused X of <verb>ing' (also when the parser hangs 'of' on X)."""
    if verb.dep_ != "pcomp" or verb.head.lower_ != "of":
        return None
    holder = verb.head.head
    if holder.lemma_.lower() in ACCUSE_VERBS:
        return _child(holder, {"dobj"})
    for node in (holder.head, holder.head.head):
        if node.lemma_.lower() in ACCUSE_VERBS and holder.pos_ in ("NOUN", "PROPN", "PRON"):
            return holder
    return None


def _verb_roles(verb: Token) -> tuple[Token | None, Token | None]:
    passive = _child(verb, {"nsubjpass"})
    if passive is None and _absolute_participle(verb):
        passive = _child(verb, {"nsubj"})  # 'with the clinics targeted': what was targeted
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
    agent = _accused(verb) or agent
    if verb.dep_ in ("pcomp", "acl") and agent is None:
        head = verb.head
        if head.dep_ == "prep" and verb.dep_ == "pcomp":  # 'can only win by murdering'
            head = head.head
        agent = _subject(head) if head.pos_ in ("VERB", "AUX") else None
    return agent, patient


def _absolute_participle(verb: Token) -> bool:
    """A bare past participle after 'with'/'without' ('with the bridge destroyed'): passive."""
    if verb.tag_ != "VBN" or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    marks = [c for c in verb.children if c.dep_ == "mark"]
    if verb.dep_ == "pcomp":
        marks.append(verb.head)
    return any(m.lower_ in ("with", "without") for m in marks)


def noun_arguments(noun: Token) -> tuple[Token | None, Token | None]:
    """(agent, patient) of a noun trigger: possessor, 'by X', light-verb subject; 'on/against Y'."""
    agent = _child(noun, {"poss"})
    if agent is not None and _date_word(agent) or agent is not None and agent.lower_ in DEICTIC:
        agent = None  # "Tomorrow's meeting", "Sunday’s emergency session"
    if agent is not None and agent.lower_ in POSSESSIVES and noun.dep_ == "dobj":
        subject = _subject(noun.head)  # 'Norvania has used its veto': its = the subject
        agent = subject if subject is not None and subject.pos_ != "PRON" else agent
    if agent is None and noun.lemma_.lower() in MISSILE_VERBS:
        # 'mortar fire from rebel positions', also when 'from' hangs on 'caused by ... fire'
        by_verb = noun.head.head if noun.head.dep_ == "agent" else noun
        agent = _prep_obj(noun, {"from"}) or _prep_obj(by_verb, {"from"})
    if agent is None:
        by = _prep_obj(noun, {"by"})
        agent = by
    if (
        agent is None
        and noun.dep_ in ("dobj", "nsubjpass")
        and noun.head.lemma_.lower() in LIGHT_VERBS
    ):
        head = noun.head
        agent = verb_arguments(head)[0] if noun.dep_ == "dobj" else _prep_obj(head, {"by"})
    if agent is None and noun.dep_ == "dobj" and noun.head.lower_ in DENY_VERBS:
        agent = _subject(noun.head)  # 'Brelka denies bombing': the denier is the alleged doer
    if agent is None and token_trigger(noun, "NOUN") == "CONSULT":
        agent = _prep_obj(noun, {"of"})  # 'the emergency meeting of the committee'
    patient = _prep_obj(noun, PATIENT_PREPS)
    if (
        patient is None
        and noun.head.dep_ == "prep"
        and noun.head.head.lemma_.lower() in LIGHT_VERBS
    ):
        patient = None
    if patient is None and noun.dep_ == "dobj" and noun.head.lemma_.lower() in LIGHT_VERBS:
        patient = _prep_obj(noun.head, PATIENT_PREPS)
    return agent, patient


def modality(trigger: Token) -> tuple[str, Token | None]:
    """How the text presents the event, and who is its source when it is reported."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else _governing_verb(trigger)
    if any(c.dep_ == "neg" or c.dep_ == "det" and c.lower_ == "no" for c in trigger.children):
        return "negated", None  # 'carried out no operations'
    # A noun takes its verb's negation or hedge only as the verb's own argument: in 'a draft
    # that would have ordered an investigation into last week's strike' the strike happened.
    own = (
        verb
        if verb is not None
        and (verb.i == trigger.i or trigger.head.i == verb.i and trigger.dep_ in ARGS)
        else None
    )
    if own is not None and any(c.dep_ == "neg" for c in own.children):
        return "negated", None
    if own is not None and {c.lower_ for c in own.children if c.dep_ == "aux"} & HEDGE_AUX:
        return "hypothetical", None
    if own is not None and any(
        c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in own.children
    ):
        return "hypothetical", None
    told = _told_object(trigger)
    if told is not None:
        return told
    node = verb or trigger
    for _ in range(6):
        head = node.head
        if head.i == node.i:
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
            if _reporting(head) and node.dep_ in ("ccomp", "xcomp"):
                return "reported", _subject(head)
            if head.lower_ in ("accuse", "accused", "accuses", "accusing", "blame", "blamed"):
                return "alleged", _subject(head)
        node = head
    if own is not None and unrealised(own):
        return "hypothetical", None  # 'an excuse to bomb the town', 'when they bomb hospitals'
    return "asserted", None


def _told_object(trigger: Token) -> tuple[str, Token | None] | None:
    """An event noun that is the object of a reporting or demanding verb: 'the ambassador
    reported attacks' (reported: the ambassador is its source, not its doer), 'the unions
    demanded a general strike' (demanded: it has not happened)."""
    if trigger.pos_ == "VERB" or trigger.dep_ != "dobj" or trigger.head.pos_ != "VERB":
        return None
    lemma = trigger.head.lemma_.lower()
    if lemma in lang.words("events_demand_object"):
        return "demanded", _subject(trigger.head)
    if lemma in lang.words("events_told_object"):
        return "reported", _subject(trigger.head)
    return None


def _governing_verb(token: Token) -> Token | None:
    node = token
    for _ in range(4):
        if node.head.i == node.i:
            return node if node.pos_ in ("VERB", "AUX") else None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


OTHER_CLAUSES = frozenset({"conj", "advcl", "ccomp", "xcomp", "relcl", "parataxis", "acl"})


def _own_words(token: Token, skip: int) -> list[Token]:
    """``token`` and its dependents, leaving out other verbs' clauses and the token ``skip``."""
    found, stack = [], [token]
    while stack:
        node = stack.pop()
        found.append(node)
        for child in node.children:
            clause = child.dep_ in OTHER_CLAUSES and child.pos_ in ("VERB", "AUX")
            if child.i != skip and not clause:
                stack.append(child)
    return found


def dating_words(trigger: Token) -> list[tuple[int, int]]:
    """Character spans of the words that can date this event: its own dependents ('the
    massacre on Tuesday killed 78, and on Thursday jets struck': Tuesday, not Thursday), and for
    a relative clause also its noun's ('last week's strike, in which 41 were killed')."""
    words = _own_words(trigger, -1)
    if trigger.dep_ in ("relcl", "acl") and trigger.head.pos_ in ("NOUN", "PROPN"):
        words += _own_words(trigger.head, trigger.i)
    return sorted((w.idx, w.idx + len(w.text)) for w in words)


def clause_bounds(trigger: Token, sent: Span, text: str) -> tuple[int, int]:
    """Character span of the trigger's clause, kept inside its sentence (``text`` is the
    document's text, passed in: ``Doc.text`` rebuilds it from every token on each call)."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else (_governing_verb(trigger) or trigger)
    start = max(verb.left_edge.idx, sent.start_char, min(trigger.idx, verb.idx))
    right = verb.right_edge
    end = min(right.idx + len(right.text), sent.end_char)
    end = max(end, trigger.idx + len(trigger.text))
    while end > start and text[end - 1].isspace():
        end -= 1  # a paragraph break closing the sentence is not part of the clause
    return start, end


def _tidy(
    trigger: Token, etype: str, agent: Token | None, patient: Token | None
) -> tuple[Token | None, Token | None]:
    """Drop unresolved relative/wh-words; 'a charge Orlov denies' -> the charge is denied."""
    if agent is not None and (agent.lower_ in RELATIVE or token_trigger(agent, "NOUN")):
        agent = None  # an unresolved 'who', or an event ('an explosion killing 41') as doer
    if patient is not None and patient.lower_ in RELATIVE:
        patient = None
    subject = _child(trigger, {"nsubj"})
    if (
        patient is None
        and trigger.dep_ == "relcl"
        and etype in OBJECT_TYPES
        and subject is not None
        and subject.lower_ not in RELATIVE
    ):
        patient = trigger.head  # 'a charge Orlov denies', 'armed groups it had trained'
    if patient is None and etype == "ACCUSE":
        xcomp = _child(trigger, {"xcomp"})  # 'accuses neighbouring Norvania' (odd parse)
        patient = _child(xcomp, {"dobj"}) if xcomp is not None else None
    if etype == "RETREAT" and patient is not None and token_trigger(patient, "NOUN"):
        patient = None  # 'fled the bombing': what they fled from, not a target
    return agent, patient


# Targets that make an attack violence against civilians or places (PLOVER ASSAULT).
CIVILIAN_TARGETS = frozenset({
    "market", "markets", "hospital", "hospitals", "school", "schools", "civilians", "people",
    "wedding", "convoy", "convoys", "village", "villages", "homes", "houses", "shoppers",
    "families", "children", "bakery", "bakeries", "mosque", "church", "queue", "queues",
    "refugees", "camp", "camps",
})  # fmt: skip


# The types ``learned_type`` gives: the learned detector's generic finds, with no PLOVER type.
LEARNED_TYPES = frozenset({"OCCURRENCE", "REPORT"})


def learned_type(token: Token) -> str:
    """The type of a trigger only the learned detector found: REPORT for a reporting verb
    (kept apart: the one who reports is not the one who acts), else OCCURRENCE."""
    return "REPORT" if token.lemma_.lower() in lang.words("events_reporting") else "OCCURRENCE"


def _trigger_type(
    token: Token, model: TriggerModel | None, figurative: bool, states: bool = True
) -> str | None:
    """The lexicon's type of a word unless a figurative use changes or withholds it
    ('hit a wall' is no event, 'a general strike' a protest), else the learned detector's
    unless (with ``states``) the word is a state, an actor or a light verb."""
    pos = "NOUN" if token.pos_ == "PROPN" and token.is_lower else token.pos_
    etype = token_trigger(token, pos)
    use = figurative_use(token) if figurative else None
    if use is not None and use.type == NOT_AN_EVENT:
        return None
    if use is not None and etype is not None:
        etype = use.type or None
    if etype is not None or model is None or not model.is_trigger(token):
        return etype
    # States, actors and light verbs the detector learned from TimeML (events.stative).
    if states and non_eventive(token, lambda t: _learned_or_lexicon(t, model)):
        return None
    return learned_type(token)


def _learned_or_lexicon(token: Token, model: TriggerModel) -> bool:
    """Whether a word is a trigger of the type lexicon or of the learned detector."""
    return token_trigger(token, "NOUN" if token.pos_ == "PROPN" else token.pos_) is not None or (
        model.is_trigger(token)
    )


def find_events(
    doc: Doc, model: TriggerModel | None = None, *, figurative: bool = True, states: bool = True
) -> list[Found]:
    """Every trigger with its arguments and modality, in text order; with ``model``, also the
    words the learned detector takes for triggers that the lexicon does not know. Figurative
    uses (``events.figurative``) are retyped or dropped unless ``figurative`` is False; the
    detector's states, actors and light verbs (``events.stative``) unless ``states`` is False."""
    found: list[Found] = []
    text = doc.text
    for sent in doc.sents:
        for token in sent:
            etype = _trigger_type(token, model, figurative, states)
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
            if token.lower_ in STATE_PARTICIPLES and not _child(token, {"aux", "auxpass"}):
                continue
            dobj = _child(token, {"dobj"})
            if (
                token.pos_ in ("VERB", "AUX")
                and token.lemma_.lower() in LIGHT_VERBS
                and dobj is not None
                and token_trigger(dobj, "NOUN")
            ):
                continue  # 'launched an offensive': the noun is the trigger
            if token.pos_ in ("VERB", "AUX"):
                agent, patient = verb_arguments(token)
            else:
                agent, patient = noun_arguments(token)
            agent, patient = _tidy(token, etype, agent, patient)
            extra: dict[str, Any] = {}
            if agent is None and (doer := modifier_agent(token)) is not None:
                agent = doer  # 'a Norvanian airstrike': who struck
                extra["modifier_agent"] = True
            if etype == "FIGHT" and standoff(token, agent):
                etype = "ASSAULT"  # an 'air attack', an 'attack by jets': a bombardment
            if etype == "FIGHT" and patient is not None and patient.lower_ in CIVILIAN_TARGETS:
                etype = "ASSAULT"  # 'an aircraft had attacked the market': not a battle
            mod, source = modality(token)
            found.append(
                Found(
                    token,
                    etype,
                    clause_bounds(token, sent, text),
                    phrase(agent),
                    phrase(patient),
                    mod,
                    phrase(source),
                    extra,
                )
            )
    definite_repeats(found)  # 'the attack' told again keeps the earlier attack's type
    return found
