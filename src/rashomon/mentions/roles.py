"""Title and role mentions ("the Ostlandic ambassador", "the spokesman") and collectives ("the
Ostlandic people"), each tied where the article allows to the named holder ("Ostlandic ambassador X")."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from rashomon import lang
from rashomon.mentions import groups
from rashomon.quotes.cues import SOURCE_PHRASES, has_subject, is_cue_token

# Head nouns naming a person by office or job; plural forms name groups of such people.
PERSON_ROLES = set(lang.words("mentions_person_roles"))
# Head nouns naming an institution referred to by its kind ("the ministry", "the coalition").
ORG_ROLES = set(lang.words("mentions_org_roles"))
COLLECTIVE_NOUNS = set(lang.words("mentions_collective_nouns"))
# Nouns that name people: a role or a collective ("names_people").
PEOPLE_NOUNS = frozenset(PERSON_ROLES | COLLECTIVE_NOUNS)
TITLES = set(lang.words("mentions_titles"))


def name_words(text: str) -> list[str]:
    """A person name's words without leading titles ("Sen. Greta Holm" -> Greta, Holm)."""
    found = text.split()
    while len(found) > 1 and found[0].lower().rstrip(".") in TITLES:
        found.pop(0)
    return found


FEMALE = {
    "spokeswoman",
    "chairwoman",
    "congresswoman",
    "businesswoman",
    "mrs",
    "ms",
    "queen",
    "madam",
}
FEMALE |= {"miss", "assemblywoman", "councilwoman"}
MALE = {"spokesman", "chairman", "congressman", "businessman", "mr", "king", "prince", "sheikh"}
MALE |= {"sir", "assemblyman", "councilman"}
ANCHOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
GENERIC_ORGS = {"charity", "group", "organisation", "organization", "agency"}


@dataclass
class RoleMention:
    """A role or collective noun phrase, possibly tied to the named holder's span."""

    start: int
    end: int
    label: str  # ROLE, COLLECTIVE or ORG (a proper name spaCy missed)
    role: str
    holder: tuple[int, int] | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    affiliation: tuple[int, int] | None = None
    """A group's party, organisation or state, named inside it ("Ostlandic lawmakers")."""


def person_titles(ent: Any) -> list[str]:
    """Role words in the name's own noun phrase before it ("Ministry spokesman Orin Venko")."""
    words = []
    i = ent.start - 1
    while (
        i >= 0
        and ent.doc[i].dep_ in ("compound", "amod", "nmod", "poss")
        and ent.doc[i].head.i >= ent.start
    ):
        words.append(ent.doc[i].lower_)
        i -= 1
    inside = [t.lower_ for t in ent if t.lower_.rstrip(".") in TITLES]
    return [w.rstrip(".") for w in words + inside if w.rstrip(".") in TITLES | PERSON_ROLES]


def appositive_roles(ent: Any) -> list[Any]:
    """Role nouns in apposition with an entity ("Jana Orlov, a spokeswoman for ...")."""
    roots = {t for t in ent if t.head.i < ent.start or t.head.i >= ent.end or t.head == t}
    found = []
    for root in roots:
        for child in root.children:
            if child.dep_ == "appos" and not (ent.start <= child.i < ent.end):
                found.append(child)
        if root.dep_ == "appos" and not (ent.start <= root.head.i < ent.end):
            found.append(root.head)
    return [t for t in found if t.lower_ in PERSON_ROLES | ORG_ROLES]


def affiliation(ent: Any, ents: list[Any]) -> Any | None:
    """The organisation or state a person's title names ("Ministry spokesman", "Ostland’s ambassador")."""
    i = ent.start
    while i > 0 and ent.doc[i - 1].dep_ in ("compound", "amod", "nmod", "poss", "case"):
        i -= 1
    spans = [(ent.doc[i].idx, ent.start_char)] if i < ent.start else []
    for role in appositive_roles(ent):
        sub = list(role.subtree)
        spans.append((sub[0].idx, sub[-1].idx + len(sub[-1].text)))
    named = [
        other
        for other in ents
        if other.label_ in ("ORG", "GPE", "NORP")
        and other is not ent
        and any(a <= other.start_char and other.end_char <= b for a, b in spans)
    ]
    # an organisation before its place ("president of the Ostbury branch of the League")
    orgs = [other for other in named if other.label_ == "ORG"]
    return (orgs or named or [None])[0]


def role_words(titles: list[str]) -> set[str]:
    """The titles and the role nouns that may later name their holder ("rep" -> congressman)."""
    table = lang.table("mentions_role_titles") or {}
    found = set(titles)
    for title in titles:
        found.update(table.get(title, ()))
    return found


def anchors(ents: list[Any]) -> list[tuple[int, str, tuple[int, int], str]]:
    """(position, role key, entity span, label) for every way an entity can be named by role."""
    out: list[tuple[int, str, tuple[int, int], str]] = []
    for ent in ents:
        if ent.label_ not in ANCHOR_LABELS:
            continue
        span = (ent.start_char, ent.end_char)
        keys = role_words(person_titles(ent)) if ent.label_ == "PERSON" else set()
        keys |= {t.lower_ for t in appositive_roles(ent)}
        if ent.label_ == "ORG":
            keys |= {t.lower_ for t in ent if t.is_alpha and len(t) > 2}
            if len(ent) > 1:
                keys.add("#org")
        out.extend((ent.start_char, key, span, ent.label_) for key in keys)
    return sorted(out)


def role_mentions(doc: Any, ents: list[Any]) -> list[RoleMention]:
    """ROLE/COLLECTIVE mentions from noun chunks that no entity covers, holders resolved."""
    covered = {i for e in ents for i in range(e.start, e.end)}
    by_key: dict[str, list[tuple[int, tuple[int, int]]]] = {}
    for pos, key, span, _ in anchors(ents):  # sorted by position
        by_key.setdefault(key, []).append((pos, span))
    near = by_sentence(ents)
    persons = groups.person_at(ents)
    found: list[RoleMention] = []
    for chunk in doc.noun_chunks:
        root = chunk.root
        if root.i in covered or root.pos_ == "PRON":
            continue
        counts = [t for t in chunk if t.dep_ in ("nummod", "quantmod") and t.head == root]
        if any(t.lower_ != "one" for t in counts):
            continue  # "14 soldiers" is a count, not an actor; "one senior lawmaker" is one
        label = _chunk_label(chunk)
        if label is None:
            continue
        start, end = _trim_chunk(chunk)
        if end <= start:
            continue
        mention = RoleMention(start, end, label, root.lower_)
        if label == "ROLE":
            mention.holder = _holder(chunk, near.get(root.sent.start, []), by_key)
        if label != "ROLE" or root.lower_ in ORG_ROLES:  # "Ostland's foreign ministry"
            owned = label == "ROLE"  # "the Oster campaign" belongs to Oster
            mention.affiliation = groups.affiliation(start, end, ents, people=owned)
        if label == "COLLECTIVE" and mention.affiliation is None:
            after = groups.postmodifier_parent(root, ents)
            if after is not None:
                mention.affiliation, mention.end = after  # "members of the Ostland Assembly"
        if label == "COLLECTIVE" and (members := groups.included_members(root, persons)):
            mention.fields["members"] = members  # "Ostland lawmakers, including Sen. X,"
        found.append(mention)
    for start, end, party in groups.party_groups(doc, ents):
        found.append(RoleMention(start, end, "COLLECTIVE", doc.text[party[0] : party[1]].lower()))
        found[-1].affiliation = party
    for start, end, owner, members in groups.member_groups(ents, names_people, persons):
        word = doc.text[start:end].split()[-1].lower()  # "X and other Democrats": democrats
        found.append(RoleMention(start, end, "COLLECTIVE", word, affiliation=owner))
        found[-1].fields["members"] = members
    return found


def names_people(token: Any) -> bool:
    """Whether a noun names people: a role or collective noun, or a party or demonym."""
    lemma = token.lemma_.lower()
    return lemma in PEOPLE_NOUNS or token.lower_ in PEOPLE_NOUNS or token.ent_type_ == "NORP"


def _chunk_label(chunk: Any) -> str | None:
    """ROLE, COLLECTIVE or ORG for a chunk worth a mention, else None."""
    root = chunk.root
    word = root.lower_
    speaker = _is_speaker(root)
    if word in PERSON_ROLES or root.lemma_.lower() in PERSON_ROLES:
        return "COLLECTIVE" if root.tag_ in ("NNS", "NNPS") else "ROLE"  # a group of them
    if word in COLLECTIVE_NOUNS:
        has_modifier = any(t.ent_type_ in ("NORP", "GPE") for t in chunk) or any(
            c.dep_ == "prep" and c.lower_ == "of" for c in root.children
        )
        return "COLLECTIVE" if has_modifier or speaker else None
    if word in ORG_ROLES and speaker:
        return "ROLE"
    if speaker and root.pos_ == "PROPN":
        return "ORG"
    return None


def _is_speaker(root: Any) -> bool:
    """Whether a noun is the subject of a speech verb or the source of "according to"."""
    head = root.head
    if root.dep_ in ("nsubj", "nsubjpass") and is_cue_token(head):
        return True
    if root.dep_ == "nsubj" and any(  # "X put the toll at 40 and said ...": a shared subject
        c.dep_ == "conj" and is_cue_token(c) and not has_subject(c) for c in head.children
    ):
        return True
    if root.dep_ == "pobj" and head.dep_ == "agent" and is_cue_token(head.head):
        return True
    if root.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according":
        return True
    return root.dep_ == "pobj" and any(
        root.doc[max(0, head.i - 2) : head.i + 1].text.lower().endswith(p) for p in SOURCE_PHRASES
    )


LEADING_DROP = {"det", "predet", "case", "advmod", "punct", "cc", "preconj"}


def _trim_chunk(chunk: Any) -> tuple[int, int]:
    """Span of a chunk without leading determiners, possessive pronouns, adverbs or marks."""
    tokens = list(chunk)
    while len(tokens) > 1 and (
        tokens[0].dep_ in LEADING_DROP
        or tokens[0].tag_ == "PRP$"
        or not tokens[0].text[0].isalnum()
    ):
        tokens.pop(0)
    while len(tokens) > 1 and not tokens[-1].text[-1].isalnum():
        tokens.pop()
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def by_sentence(ents: list[Any]) -> dict[int, list[Any]]:
    """Entities grouped by the start of their sentence (so per-entity checks stay local)."""
    out: dict[int, list[Any]] = {}
    for ent in ents:
        out.setdefault(ent.sent.start, []).append(ent)
    return out


def _holder(
    chunk: Any, ents: list[Any], by_key: dict[str, list[tuple[int, tuple[int, int]]]]
) -> tuple[int, int] | None:
    """The named holder of a role: apposition, a name right after it, or an earlier title
    (``ents``: the entities of the chunk's sentence; ``by_key``: role key -> anchors)."""
    root = chunk.root
    for ent in ents:
        if (ent.label_ != "PERSON") == (root.lower_ in PERSON_ROLES):
            continue
        if root.dep_ == "appos" and ent.start <= root.head.i < ent.end:
            return ent.start_char, ent.end_char
        if any(c.dep_ == "appos" and ent.start <= c.i < ent.end for c in root.children):
            return ent.start_char, ent.end_char
        gap = chunk.doc[chunk.end : ent.start]
        close = ent.label_ == "PERSON" and 0 <= ent.start - chunk.end <= 4
        plain = all(t.pos_ in ("ADP", "DET", "PROPN", "NOUN", "PUNCT") for t in gap)
        if (
            close
            and plain
            and root.lower_ in PERSON_ROLES
            and not any(t.text in ".;:" for t in gap)
        ):
            return ent.start_char, ent.end_char
    first = chunk[0].lower_
    if first in ("a", "an", "one", "another") or root.tag_ in ("NNS", "NNPS"):
        return None
    anchors_here = by_key.get(root.lower_, [])
    before = bisect_left(anchors_here, (chunk.start_char,))
    return anchors_here[before - 1][1] if before else None


def gender(words: list[str]) -> str | None:
    """'f', 'm' or None from title and role words."""
    lowered = {w.lower().rstrip(".") for w in words}
    if lowered & FEMALE:
        return "f"
    if lowered & MALE:
        return "m"
    return None
