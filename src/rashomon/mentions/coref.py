"""Simple in-article coreference for speakers: pronouns and role phrases to a named mention.

No coreference package works offline, so this is the classic heuristic: a pronoun refers to
the most recent compatible mention outside quoted speech (gender from titles such as
"spokeswoman"; gender-neutral fallback), and a role phrase refers to the holder the entity
analyser found for it ("the spokesman" -> "Colonel Jana Orlov").
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Any

from rashomon.document import Item
from rashomon.lang import words
from rashomon.mentions.roles import PERSON_ROLES, name_words
from rashomon.quotes.quote_marks import Stretches

LOCATIVE = {"in", "into", "from", "at", "near", "of", "to", "towards", "across", "over", "outside"}
PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
SUBJECT_PRONOUNS = {"he": "m", "she": "f"}
CHAIN_STEPS = 8  # how many earlier subject pronouns a chain may pass through
GENDER_REACH = 600  # characters a gendered antecedent may lie before an unknown one
GROUP_PRONOUNS = {"they", "them", "it", "its", "their"}
PERSON_LABELS = {"PERSON", "ROLE"}
GROUP_LABELS = {"ORG", "GPE", "NORP", "COLLECTIVE", "ROLE"}


@dataclass
class MentionIndex:
    """The mentions of one document, ordered, with the quoted stretches to skip."""

    mentions: list[Item]
    quoted: list[tuple[int, int]]
    text: str = ""
    subjects: frozenset[int] = frozenset()
    """Start offsets of the mentions that are grammatical subjects (empty: no preference)."""
    subject_reach: int = 0
    """How many characters further back a subject may be preferred to a nearer non-subject
    antecedent ("Brun attacked the plan of Governor Lenz. “...,” she said": Brun); 0 turns
    the preference off."""

    def __post_init__(self) -> None:
        self.mentions = sorted(self.mentions, key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.mentions]
        self.by_span = {(m.start, m.end): m for m in self.mentions}
        self.genders = _genders(self.mentions)
        self.longest = max((m.end - m.start for m in self.mentions), default=0)
        self.quoted_index = Stretches(self.quoted)
        self._doc: Any = None  # the parse whose subject pronouns are indexed
        self._pronouns: dict[str, list[int]] = {}

    def covering(self, start: int, end: int) -> list[Item]:
        """Mentions overlapping a character range, shortest first."""
        # Only mentions starting within the longest mention's length of ``start`` can reach it.
        i = bisect_left(self.starts, start - self.longest)
        j = bisect_left(self.starts, end, lo=i)
        found = [m for m in self.mentions[i:j] if start < m.end]
        return sorted(found, key=lambda m: (m.end - m.start, m.start))

    def canonical(self, mention: Item) -> Item:
        """A role mention's named holder when the article names one, else the mention itself."""
        holder = mention.fields.get("holder")
        if holder:
            return self.by_span.get((holder["start"], holder["end"]), mention)
        return mention

    def in_quote(self, pos: int) -> bool:
        """Whether a position lies inside quoted speech."""
        return self.quoted_index.contains(pos)

    def antecedent(self, pronoun: str, pos: int, doc: Any = None) -> Item | None:
        """The mention a pronoun at ``pos`` most likely refers to, or None. With the parse
        (``doc``), a subject "he"/"she" continues the chain of an earlier subject pronoun of
        the same gender unless a main-clause subject was named in between ("He praised the
        plan of Tom Brekke. “...,” he said": the first "he")."""
        word = pronoun.lower()
        if word in GROUP_PRONOUNS:
            found = self._search(GROUP_LABELS, None, pos)
            return self.canonical(found) if found is not None else None
        if word not in PERSON_PRONOUNS:
            return None
        for _ in range(CHAIN_STEPS):
            found = self._search(PERSON_LABELS, PERSON_PRONOUNS[word], pos, doc)
            earlier = self._earlier_pronoun(doc, word, pos) if doc is not None else None
            if earlier is None or (found is not None and self._named_after(found, earlier, doc)):
                break
            pos = earlier  # the earlier "he" names the same person: resolve it instead
        return self.canonical(found) if found is not None else None

    def _earlier_pronoun(self, doc: Any, word: str, pos: int) -> int | None:
        """The offset of the nearest subject pronoun of the same gender before ``pos``,
        outside quoted speech."""
        if doc is not self._doc:
            self._pronouns = _subject_pronouns(doc)
            self._doc = doc
        want = PERSON_PRONOUNS[word]
        offsets = self._pronouns.get(want, [])
        i = bisect_left(offsets, pos) - 1
        while i >= 0 and self.in_quote(offsets[i]):
            i -= 1
        return offsets[i] if i >= 0 else None

    def _named_after(self, mention: Item, pronoun: int, doc: Any) -> bool:
        """Whether a candidate lies after the earlier pronoun as a subject: of any clause in a
        later sentence, of the main clause in the pronoun's own ("He said Brekke lied": no)."""
        if mention.start < pronoun:
            return False
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or not len(span) or span.root.dep_ not in ("nsubj", "nsubjpass"):
            return False
        return bool(span.root.sent.start_char > pronoun) or main_subject(mention, doc)

    def role_antecedent(self, role: Item) -> Item | None:
        """The person a definite role phrase with no named holder refers to ("the four-term
        congressman said"): like "he"/"she" when the role has a gender, else the most recent
        named person (a subject preferred), never another role. None for other mentions."""
        if not self.lone_person_role(role):
            return None
        earlier = self._said_before(role)
        if earlier is not None and earlier.fields.get("holder"):
            holder = self.canonical(earlier)  # "Lina Oster, the spokeswoman, ... the spokeswoman"
            return holder if holder.fields.get("label") == "PERSON" else None
        if earlier is not None and (not self.lone_person_role(earlier) or self._placed(role)):
            # "A spokesperson for the bank said ... the spokesperson": that one; "the Ostland
            # governor" said again: the linker's corpus-wide role, not the nearest person
            return None
        want = role.fields.get("gender")
        if want:
            found = self._search(PERSON_LABELS, str(want), role.start)
        else:
            found = self._search({"PERSON"}, None, role.start)
        person = self.canonical(found) if found is not None else None
        return person if person is not None and person.fields.get("label") == "PERSON" else None

    def _placed(self, role: Item) -> bool:
        """Whether a role names its state or organisation ("the Ostland governor")."""
        inside = self.covering(role.start, role.end)
        return any(m.fields.get("label") in ("GPE", "ORG") and m is not role for m in inside)

    def _said_before(self, role: Item) -> Item | None:
        """The article's latest earlier use of the same role noun ("A spokesperson for the bank
        said ... the spokesperson added": that one, whom the linker joins per article)."""
        word = role.fields.get("role")
        i = bisect_left(self.starts, role.start)
        return next((m for m in reversed(self.mentions[:i]) if m.fields.get("role") == word), None)

    def lone_person_role(self, mention: Item) -> bool:
        """A singular person role after "the" that the article ties to no named holder."""
        role = mention.fields.get("role", "")
        if mention.fields.get("label") != "ROLE" or mention.fields.get("holder"):
            return False
        before = self.text[max(0, mention.start - 12) : mention.start].lower().split()
        return role in PERSON_ROLES and not role.endswith("s") and before[-1:] == ["the"]

    def _search(self, labels: set[str], want: str | None, pos: int, doc: Any = None) -> Item | None:
        """The nearest fitting mention before ``pos`` outside quotes (see ``antecedent``);
        with the parse, a nearer person of unknown gender who is a main clause's subject wins
        over a gendered one who is not ("... a claim Brekke rejected. Holm was quick to reply:
        “...” He added": Holm)."""
        neutral: Item | None = None
        found: Item | None = None
        for i in range(bisect_left(self.starts, pos) - 1, -1, -1):
            mention = self.mentions[i]
            if mention.end > pos or self.in_quote(mention.start):
                continue
            fit = self._fits(mention, labels, want)
            if fit == "neutral":
                neutral = self._salient(neutral, mention)
            if fit != "yes":
                continue
            if found is not None and found.start - mention.end > self.subject_reach:
                break
            if self._unsettled(found) and neutral is not None and pos - mention.end > GENDER_REACH:
                break  # a same-gender mention too far back: the nearer unknown one wins
            found = found or mention
            if not self.subjects or mention.start in self.subjects:
                mention = self._sentence_main(mention, labels, want, doc)
                return self._nearer_main(neutral, mention, doc)  # a subject, or no preference
        if found is not None and neutral is not None and self._subject_before(neutral, found):
            return neutral  # "Vero Lund, the police chief, said ... but he said": not a Tom named after
        return self._nearer_main(neutral, found, doc) if found is not None else neutral

    def _unsettled(self, found: Item | None) -> bool:
        """Whether no fitting subject has been found yet: none, or (subjects preferred) only a
        non-subject ("Lind, a man, spoke. Chris Holm slammed Brekke [not a subject]. “...,” he
        said": a gendered subject further back than the reach does not beat Holm)."""
        return found is None or bool(self.subjects) and found.start not in self.subjects

    def _nearer_main(self, neutral: Item | None, found: Item, doc: Any) -> Item:
        """A person of unknown gender who is a main clause's subject, nearer or in the same
        sentence, over a gendered candidate who is not ("Holm doubted that Brekke would win.
        “...,” he said": Holm); else the gendered one."""
        if neutral is None or doc is None:
            return found
        if neutral.start < found.end and not _same_sentence(neutral, found, doc):
            return found
        if main_subject(neutral, doc, self) and not main_subject(found, doc, self):
            return neutral
        return found

    def _sentence_main(self, found: Item, labels: set[str], want: str | None, doc: Any) -> Item:
        """The main clause's subject of the found mention's sentence when it fits too and the
        found one is a subordinate clause's subject ("Holm doubted that Brekke would win")."""
        if doc is None or main_subject(found, doc, self):
            return found
        span = doc.char_span(found.start, found.end, alignment_mode="expand")
        if span is None or not len(span) or span.root.head.tag_ in ("VBG", "VBN"):
            return found  # "recalled Brekke talking about it": Brekke stays salient
        first = bisect_left(self.starts, span.sent.start_char)
        for mention in self.mentions[first : bisect_left(self.starts, found.start)]:
            if self.in_quote(mention.start) or self._fits(mention, labels, want) != "yes":
                continue
            if main_subject(mention, doc, self):
                return mention
        return found

    def _subject_before(self, subject: Item, other: Item) -> bool:
        """Whether ``subject`` is a grammatical subject within ``subject_reach`` before ``other``,
        which is not one."""
        return (
            subject.start in self.subjects
            and other.start not in self.subjects
            and 0 <= other.start - subject.end <= self.subject_reach
        )

    def _salient(self, nearer: Item | None, mention: Item) -> Item:
        """Of a nearer candidate and one further back, the subject when only the further one
        is a subject and lies within ``subject_reach`` of the nearer; else the nearer."""
        if nearer is None:
            return mention
        if not self.subjects or nearer.start in self.subjects or mention.start not in self.subjects:
            return nearer
        return mention if nearer.start - mention.end <= self.subject_reach else nearer

    def _fits(self, mention: Item, labels: set[str], want: str | None) -> str:
        """``yes`` (a compatible antecedent), ``neutral`` (a person of unknown gender) or ``no``."""
        label = mention.fields.get("label")
        if label not in labels or (want and not self._person_like(mention)):
            return "no"
        if not want:
            return "no" if label == "ROLE" and mention.fields.get("gender") else "yes"
        gender = self.gender(mention)
        if gender is None:
            return "neutral"
        return "yes" if gender == want else "no"

    def _person_like(self, mention: Item) -> bool:
        """A singular person: a PERSON not after a place preposition, or a person role."""
        if mention.fields.get("label") == "ROLE":
            role = mention.fields.get("role", "")
            return bool(mention.fields.get("holder")) or (
                role in PERSON_ROLES and not role.endswith("s")
            )
        before = self.text[max(0, mention.start - 12) : mention.start].split()
        return not (before and before[-1].lower() in LOCATIVE)

    def gender(self, mention: Item) -> str | None:
        """A mention's gender, from its own titles or any same-named mention in the article."""
        target = self.canonical(mention)
        if target.fields.get("gender"):
            return str(target.fields["gender"])
        name = name_words(target.text) if target.fields.get("label") == "PERSON" else []
        own = given_name_gender(name[0]) if len(name) > 1 else None
        return own or self.genders.get(target.text.split()[-1])


def _same_sentence(a: Item, b: Item, doc: Any) -> bool:
    first = doc.char_span(a.start, a.end, alignment_mode="expand")
    second = doc.char_span(b.start, b.end, alignment_mode="expand")
    return bool(first is not None and second is not None and first.sent == second.sent)


def main_subject(mention: Item, doc: Any, index: MentionIndex | None = None) -> bool:
    """Whether a mention is the subject of its sentence's main verb (or of a verb conjoined
    to it). With the index, a clause the parser hung from a quote's verb counts as main
    ("Holm was quick to reply: “We ...”" parsed with "reply" under the quote)."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or not len(span) or span.root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = span.root.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    if index is not None and verb.dep_ == "ccomp" and index.in_quote(verb.head.idx):
        return True
    return bool(verb.dep_ == "ROOT")


def _subject_pronouns(doc: Any) -> dict[str, list[int]]:
    """Gender -> sorted offsets of "he"/"she" used as a clause's subject."""
    found: dict[str, list[int]] = {}
    for token in doc:
        gender = SUBJECT_PRONOUNS.get(token.lower_)
        if gender and token.dep_ in ("nsubj", "nsubjpass"):
            found.setdefault(gender, []).append(token.idx)
    return found


def _genders(mentions: list[Item]) -> dict[str, str]:
    """Surname -> gender from any mention in the article that carries one (a title such as
    "Mrs." or "spokesman"), else from a full name's given name ("Greta Holm": f)."""
    genders: dict[str, str] = {}
    for m in mentions:
        if m.fields.get("label") == "PERSON" and m.fields.get("gender") and m.text.split():
            genders.setdefault(m.text.split()[-1], m.fields["gender"])
    for m in mentions:
        if m.fields.get("label") == "PERSON":
            name = name_words(m.text)
            gender = given_name_gender(name[0]) if len(name) > 1 else None
            if gender:
                genders.setdefault(name[-1], gender)
    return genders


def given_name_gender(name: str) -> str | None:
    """'f' or 'm' for a given name in the ``names_female`` / ``names_male`` lists, else None."""
    key = name.lower().rstrip(".")
    if key in words("names_female"):
        return "f"
    return "m" if key in words("names_male") else None
