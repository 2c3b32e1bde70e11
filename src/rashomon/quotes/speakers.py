"""From a speech verb to its speaker: the subject token, then the mention naming it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rashomon.document import Item
from rashomon.lang import words
from rashomon.mentions import parties
from rashomon.mentions.coref import GROUP_PRONOUNS, PERSON_PRONOUNS, MentionIndex
from rashomon.mentions.roles import PERSON_ROLES
from rashomon.quotes.cues import cue_base

SUBJECT_DEPS = ("nsubj", "nsubjpass")
CLIMB_DEPS = ("conj", "xcomp", "advcl", "ccomp", "relcl", "acl")
PLACE_LABELS = ("GPE", "LOC")
LABEL_RANK = {"PERSON": 0, "ROLE": 1, "ORG": 2, "COLLECTIVE": 3, "GPE": 4, "NORP": 5}


@dataclass
class Speaker:
    """Who a cue names: the words in the text and the mention they resolve to."""

    start: int
    end: int
    mention: Item | None


def subject_of(verb: Any) -> Any | None:
    """The subject token of a speech verb ("according to X" and "by X" give X)."""
    if verb.lower_ == "according":
        for child in verb.children:
            if child.lower_ == "to":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
        return None
    if verb.dep_ == "amod" and verb.head.lemma_.lower() in words("speakers_documents"):
        return _document_giver(verb.head)  # "told the Post in a written statement"
    inverted = _inverted_subject(verb)
    if inverted is not None:
        return inverted  # "Said Holm: “...”"
    current = verb
    for _ in range(3):
        subj = _nearest_subject(current)
        if subj is not None and subj.dep_ == "nsubjpass":
            agent = _agent(current)
            return agent or subj
        if subj is not None:
            return subj  # "X, who said ...": the words "who", the speaker X (``resolve``)
        agent = _agent(current)
        if agent is not None:
            return agent
        if current.dep_ not in CLIMB_DEPS or current.head.i == current.i:
            return None
        controller = _object_controller(current)
        if controller is not None:
            return controller  # "X forced Holm to admit it": Holm admits
        if _active_modifier(current):
            return current.head  # "Greta Holm, the minister, called it “...”" parsed as a modifier
        current = current.head
    return None


def _inverted_subject(verb: Any) -> Any | None:
    """The name after a verb opening its sentence with no subject of its own ("Said Holm:",
    "Added Greta Holm,"): the last proper noun of the run right after it."""
    opens = verb.i == 0 or verb.is_sent_start or verb.nbor(-1).is_punct or verb.nbor(-1).is_space
    if (
        not opens
        or not verb.text[:1].isupper()
        or any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    ):
        return None
    end = verb.i + 1
    while end < len(verb.doc) and verb.doc[end].pos_ == "PROPN":
        end += 1
    return verb.doc[end - 1] if end > verb.i + 1 else None


def _document_giver(noun: Any) -> Any | None:
    """Who gave a document a participle describes: its own author, or the subject of the
    verb it hangs from ("X told the Post in a written statement": X)."""
    author = document_author(noun, depth=1)
    if author is not None:
        return author
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.dep_ == "prep" else noun.head
    if noun.dep_ not in ("pobj", "dobj") or verb.pos_ not in ("VERB", "AUX"):
        return None
    return next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)


def _nearest_subject(verb: Any) -> Any | None:
    """The verb's subject; of two (a misparse of "‘..., Ostland,’ Mr. Brekke wrote"), the one
    nearest the verb."""
    found = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    return min(found, key=lambda c: abs(c.i - verb.i)) if found else None


def _object_controller(verb: Any) -> Any | None:
    """The object of the verb an infinitive complement hangs from, who is the infinitive's
    subject ("urged Holm to say", "forced Holm to admit")."""
    if verb.dep_ != "xcomp" or verb.tag_ != "VB" or verb.i < verb.head.i:
        return None
    if verb.head.lemma_.lower() not in words("speakers_object_control"):
        return None  # "used blunt language to denounce": a purpose, said by the subject
    if cue_base(verb, learned=True) is None:
        return None  # "urged Holm to resign": the urging is the subject's, its content this
    return next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i), None)


def _active_modifier(verb: Any) -> bool:
    """A verb with an object that the parser hung from a name as a modifier: the name is its
    subject ("Greta Holm, the minister, called the plan “...”"; not "a plan called Ost")."""
    return bool(
        verb.dep_ == "acl"
        and verb.head.pos_ == "PROPN"
        and verb.head.i < verb.i
        and any(c.dep_ == "dobj" for c in verb.children)
    )


def _agent(verb: Any) -> Any | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def resolve(token: Any, index: MentionIndex) -> Speaker:
    """The speaker named by a subject token: a mention inside its phrase, a pronoun's
    antecedent, or the author of a statement, letter or speech ("Holm's statement said")."""
    author = document_author(token)
    if author is not None:
        found = resolve(author, index)
        if found.mention is not None:  # the words stay "the statement", the speaker its author
            return Speaker(*_name_span(token), found.mention)
    return _resolve_phrase(token, index)


def document_author(token: Any, depth: int = 0) -> Any | None:
    """Who wrote or gave a document noun: a possessive ("Holm's statement"), "from/by/of X",
    a relative clause's subject ("a speech Holm gave"), a proper-noun modifier ("a Ministry
    statement"), or for "the letter" the author of the article's previous letter."""
    if token.lemma_.lower() not in words("speakers_documents") or token.pos_ != "NOUN":
        return None
    for child in token.children:
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN"):
            return child
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.pos_ in ("PROPN", "PRON", "NOUN"):
                return pobj
        if child.dep_ == "relcl":
            subject = next((c for c in child.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.tag_ not in ("WP", "WDT"):
                return subject
    if depth or not any(c.lower_ == "the" for c in token.children):
        return None
    return _earlier_author(token)


def _earlier_author(token: Any) -> Any | None:
    """The author of the nearest earlier mention of the same document noun: its own author,
    or the subject of the clause it stands in ("In a letter, the governors asked ...")."""
    lemma = token.lemma_.lower()
    for earlier in reversed(token.doc[: token.i]):
        other = earlier.lemma_.lower()
        if earlier.pos_ != "NOUN" or not (other.endswith(lemma) or lemma.endswith(other)):
            continue  # "the suit" is the earlier "lawsuit"
        author = document_author(earlier, depth=1)
        verb = None
        if earlier.dep_ == "pobj" and earlier.head.dep_ == "prep":
            verb = earlier.head.head  # "In a letter, the governors asked"
        elif earlier.dep_ == "dobj":
            verb = earlier.head  # "the governors released a statement"
        if author is None and verb is not None:
            author = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        return author
    return None


def _resolve_phrase(token: Any, index: MentionIndex) -> Speaker:
    """The speaker named by a subject token: a mention inside its phrase, or a pronoun's antecedent."""
    if token.tag_ in ("WP", "WDT") and token.head.dep_ == "relcl":
        # the source's words are the relative pronoun, as PolNeAR marks them; the speaker is
        # the phrase it stands for ("Greta Holm, who said": "who", Greta Holm)
        found = _resolve_phrase(token.head.head, index)
        return Speaker(token.idx, token.idx + len(token.text), found.mention)
    if token.lower_ in PERSON_PRONOUNS or token.lower_ in GROUP_PRONOUNS:
        start, end = token.idx, token.idx + len(token.text)
        return Speaker(start, end, index.antecedent(token.text, start, token.doc))
    head_start, head_end = token.idx, token.idx + len(token.text)
    group = _member_group(head_start, index)
    if group is not None:  # "Sen. Lina Oster and other Democrats said": the group speaks
        return Speaker(group.start, group.end, group)
    on_head = [
        m for m in index.covering(head_start, head_end) if m.fields.get("label") in LABEL_RANK
    ]
    starts = _phrase_starts(token)
    inside = [
        m
        for m in index.covering(min(starts), max(starts) + 1)
        if m.fields.get("label") in LABEL_RANK and any(m.start <= s < m.end for s in starts)
    ]
    people = [m for m in inside if m.fields.get("label") == "PERSON"]
    chosen = None
    if on_head:
        chosen = min(on_head, key=lambda m: LABEL_RANK[m.fields["label"]])
        lone_role = chosen.fields.get("label") == "ROLE" and not chosen.fields.get("holder")
        if lone_role and chosen.fields.get("role") in PERSON_ROLES:
            # a person in the phrase ("the Ostlandic envoy to the UN Orin Venko"), else one in
            # apposition that spaCy tagged ORG ("One hopeful, Greta Holm, says")
            orgs = [m for m in inside if m.fields.get("label") == "ORG"]
            chosen = people[0] if people else _appositive_person(token, orgs) or chosen
        elif chosen.fields.get("label") in PLACE_LABELS and (
            person := _appositive_person(token, people)
        ):
            chosen = person  # "BRELKA (AP) - Lina Oster said"
        elif chosen.fields.get("label") == "NORP" and (
            person := _party_person(token, people, index)
        ):
            chosen = person  # "One Democrat, Rep. Lina Oster, said": a member, not the party
    elif inside:
        chosen = min(inside, key=lambda m: (LABEL_RANK[m.fields["label"]], m.start))
    if chosen is None:
        start, end = _name_span(token)  # "Open Hands Relief Network", untagged by spaCy
        return Speaker(start, end, None)
    person = index.role_antecedent(chosen)  # "the four-term congressman said"
    return Speaker(chosen.start, chosen.end, person or index.canonical(chosen))


def _member_group(at: int, index: MentionIndex) -> Item | None:
    """The group a subject at ``at`` is a named member of, stated with it ("Lina Oster and
    other Democrats"; ``members`` of a collective mention, ``mentions/groups.py``)."""
    for mention in index.covering(at, at + 1):
        members = mention.fields.get("members") or ()
        if any(m["start"] <= at < m["end"] for m in members):
            return mention
    return None


def _party_person(token: Any, people: list[Item], index: MentionIndex) -> Item | None:
    """The person in apposition to a singular party noun heading the subject ("One Democrat,
    Rep. Lina Oster, said"; "Lina Oster, the only Democrat who said"). None without one: "One
    Republican threatened ..." is someone unnamed, and "the Ostland Democrat said" is left to
    the party, since the nearest person of that party was as often the wrong one."""
    if parties.party_of_word(token.text) is None or token.tag_ in ("NNS", "NNPS"):
        return None
    if token.dep_ == "appos":  # the party noun set after the name it describes
        head = token.head
        named = index.covering(head.idx, head.idx + len(head.text))
        return next((m for m in named if m.fields.get("label") == "PERSON"), None)
    return _appositive_person(token, people)


def _appositive_person(token: Any, people: list[Item]) -> Item | None:
    """The first of ``people`` (mentions) naming a word in apposition to ``token``: the person
    a role, place or party subject stands for ("One hopeful, Greta Holm, says"; a dateline the
    parser joined to the sentence: "BRELKA (AP) - Lina Oster said")."""
    for child in token.children:
        if child.dep_ == "appos":
            found = [m for m in people if m.start <= child.idx < m.end]
            if found:
                return found[0]
    return None


def _phrase_starts(token: Any) -> set[int]:
    """Start offsets of the subject phrase's tokens, without its relative clauses (a mention
    inside "a charity that supports the Dravo hospital" is not the speaker)."""
    starts, stack = set(), [token]
    while stack:
        current = stack.pop()
        starts.add(current.idx)
        stack.extend(c for c in current.children if c.dep_ not in ("relcl", "acl"))
    return starts


def _name_span(token: Any) -> tuple[int, int]:
    """The head noun with the compounds and adjectives before it ("Open Hands Relief Network")."""
    left = token
    while left.i > 0:
        prev = left.nbor(-1)
        if prev.dep_ not in ("compound", "amod") or not left.i <= prev.head.i <= token.i:
            break
        left = prev
    return left.idx, token.idx + len(token.text)
