"""Entity mentions: spaCy's named entities, plus role/title and collective noun phrases.

Named entities keep spaCy's label and gain ``title`` (role words before or in apposition to
the name), ``gender`` (from those words), ``affiliation`` (the organisation or state the
title names) and ``party`` (the party the article tags a person with: "(D-Ost.)", "a
Republican"; ``mentions/parties.py``). Role phrases ("the Ostlandic ambassador", "the spokesman") are ``ROLE`` mentions
with ``holder`` = the span of the person the article names for the role, when it names one;
collectives ("the Ostlandic people") are ``COLLECTIVE`` mentions, with ``members`` (the spans of
the people stated as of the group: "X and other Democrats", "lawmakers, including X"). The
actor linker merges them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

from spacy.tokens import Span

from rashomon.analysers.base import Analyser, AnalysisContext
from rashomon.analysers.registry import register
from rashomon.document import Item, make_item, span_of
from rashomon.mentions import parties, roles
from rashomon.quotes.cues import cue_base

# spaCy labels that name actors or places; numbers and dates belong to other analysers.
ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "WORK_OF_ART"}
LEADING_DETERMINERS = ("the ", "The ")


# spaCy sometimes tags a URL or an e-mail address as a person or organisation.
NOT_A_NAME = re.compile(r"://|^www\.|@\w|\.(?:com|org|net|example)\b", re.I)


@register
class Entities(Analyser):
    """Entity and role mentions; the actor linker later maps them to actors."""

    name = "entities"
    version = "13"
    requires = ("spacy",)
    provides = ("mentions",)

    def analyse(self, ctx: AnalysisContext) -> list[Item]:
        """Named entities (trimmed of 'the' and possessives), then role and collective phrases."""
        assert ctx.spacy is not None
        ents = [_without_cue(e) for e in ctx.spacy.ents if e.label_ in ACTOR_LABELS]
        ents = surnames_as_people(ents)
        missed = missed_surnames(ctx.spacy, ents)
        missed += titled_names(ctx.spacy, ents + missed)
        ents = sorted(ents + missed, key=lambda e: e.start)
        items: list[Item] = []
        taken: list[tuple[int, int]] = []
        headline = HeadlineFilter(ctx.text)
        near = roles.by_sentence(ents)
        for ent in ents:
            start, end = _trim(ctx.text, ent.start_char, ent.end_char)
            name = ctx.text[start:end]
            if end > start and not NOT_A_NAME.search(name) and not parties.is_party_tag(name):
                if not headline.keeps(start, end):
                    continue
                items.append(
                    make_item(
                        "mentions",
                        ctx.text,
                        start,
                        end,
                        **_ent_fields(ctx, ent, near[ent.sent.start]),
                    )
                )
                taken.append((start, end))
        _places_everywhere(ctx.text, items)
        taken.sort()
        starts = [a for a, _ in taken]
        for role in roles.role_mentions(ctx.spacy, ents):
            at = bisect_right(starts, role.start) - 1  # the last name starting at or before it
            if at >= 0 and role.end <= taken[at][1]:
                continue
            fields: dict[str, Any] = {"label": role.label, "role": role.role}
            if role.holder is not None:
                fields["holder"] = span_of(ctx.text, *_trim(ctx.text, *role.holder))
            if role.affiliation is not None:
                fields["affiliation"] = span_of(ctx.text, *_trim(ctx.text, *role.affiliation))
            gender = roles.gender([role.role])
            if gender:
                fields["gender"] = gender
            if role.fields.get("members"):  # a group with its named member ("X and other Ys")
                fields["members"] = [span_of(ctx.text, *m) for m in role.fields["members"]]
            items.append(make_item("mentions", ctx.text, role.start, role.end, **fields))
        return sorted(items, key=lambda i: (i.start, i.end))


def _without_cue(ent: Any) -> Any:
    """A name without the speech verb opening its sentence that the tagger took into it
    ("Said Holm: ..." tagged as the person "Said Holm")."""
    first = ent[0]
    opens = first.i == 0 or first.is_sent_start or first.nbor(-1).is_punct
    if ent.label_ == "PERSON" and len(ent) > 1 and opens and cue_base(first):
        return Span(ent.doc, ent.start + 1, ent.end, label=ent.label_)
    return ent


def _full_name_surnames(ents: list[Any]) -> dict[str, int]:
    """Surname -> the start of the first person the document names in full ("Greta Holm")."""
    surnames: dict[str, int] = {}
    for ent in ents:
        words = [t for t in ent if t.is_alpha or "-" in t.text]
        if ent.label_ == "PERSON" and len(words) >= 2 and words[-1].is_title:
            surnames.setdefault(words[-1].text, ent.start)
    return surnames


def surnames_as_people(ents: list[Any]) -> list[Any]:
    """A one-word organisation that is the surname of a person named in full earlier ("Greta
    Holm ... Holm, a critic of the plan," tagged as a company) is that person. When the
    document also names an organisation beginning with that word ("Holm Media"), only a
    clause subject is re-typed: an object ("told Holm") may be the organisation."""
    surnames = _full_name_surnames(ents)
    longer = {e[0].text for e in ents if e.label_ == "ORG" and len(e) > 1}
    out = []
    for ent in ents:
        first = surnames.get(ent.text)
        retype = ent.label_ == "ORG" and len(ent) == 1 and first is not None and first < ent.start
        if retype and ent.text in longer:
            retype = ent.root.dep_ in ("nsubj", "nsubjpass")
        out.append(Span(ent.doc, ent.start, ent.end, label="PERSON") if retype else ent)
    return out


def missed_surnames(doc: Any, ents: list[Any]) -> list[Any]:
    """Lone surnames spaCy left untagged ("Holm did not agree") after the document named the
    person in full ("Greta Holm"): proper nouns equal to such a surname, outside every entity."""
    covered = {i for e in ents for i in range(e.start, e.end)}
    surnames = _full_name_surnames(ents)
    return [
        Span(doc, t.i, t.i + 1, label="PERSON")
        for t in doc
        if t.text in surnames and t.pos_ == "PROPN" and t.i not in covered
    ]


def titled_names(doc: Any, ents: list[Any]) -> list[Any]:
    """Proper nouns right after a capitalised title that spaCy left untagged ("President Arvo
    Lind-Kaas said"): the run of proper nouns (joined by hyphens) is a person."""
    covered = {i for e in ents for i in range(e.start, e.end)}
    found = []
    for t in doc[:-1]:
        if not t.is_title or t.lower_.rstrip(".") not in roles.TITLES or t.i + 1 in covered:
            continue
        end = t.i + 1
        while end < len(doc) and end not in covered and _name_part(doc, end):
            end += 1
        if end > t.i + 1 and doc[end - 1].pos_ == "PROPN" and doc[t.i + 1].is_title:
            found.append(Span(doc, t.i + 1, end, label="PERSON"))
    return found


def _name_part(doc: Any, i: int) -> bool:
    """A proper noun of a name, or a hyphen between two of them ("Lind-Kaas")."""
    token = doc[i]
    if token.text == "-":
        return 0 < i < len(doc) - 1 and doc[i - 1].pos_ == doc[i + 1].pos_ == "PROPN"
    return token.pos_ == "PROPN" and token.is_alpha


# A line is a title when at least this share of its long words are capitalised (and 3+ are).
TITLE_CASE_SHARE = 0.75


class HeadlineFilter:
    """Names in title-case lines (headlines, subheads) are kept only when the body repeats them.

    spaCy reads a capitalised headline as one long name ("Senator Mocks Rival Over Vote" as an
    organisation); a fragment the body never uses is not an actor.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: list[tuple[int, int]] = []
        body: list[str] = []
        pos = 0
        for line in text.split("\n"):
            if _title_case_line(line):
                self.lines.append((pos, pos + len(line)))
                body.append(" " * len(line))
            else:
                body.append(line)
            pos += len(line) + 1
        self.body = "\n".join(body)

    def keeps(self, start: int, end: int) -> bool:
        """Whether a name at ``start:end`` is kept: outside titles, one word, or used in the body."""
        if not any(a <= start < b for a, b in self.lines):
            return True
        name = self.text[start:end]
        return " " not in name or name in self.body


def _title_case_line(line: str) -> bool:
    words = [w for w in line.split() if len(w) > 3 and w[0].isalpha()]
    upper = sum(1 for w in words if w[0].isupper())
    return upper >= 3 and upper >= TITLE_CASE_SHARE * len(words)


# Words that put a name where something happens: 'in Brelka', 'the town of Dravo'.
PLACE_CUE = re.compile(
    r"(?:\b(?:in|near|outside|inside|into|across|around|towards|toward)\s+"
    r"|\b(?:town|city|village|suburb|district|province|region|capital|port|outskirts) of\s+)$"
)
PLACE_LABEL = {"GPE", "LOC"}


def _places_everywhere(text: str, items: list[Item]) -> None:
    """A name the document uses as a place is a place in all of it.

    spaCy's small model tags unfamiliar town names as people ('Brelka' as PERSON): a name
    that is tagged GPE/LOC once, or follows a place cue ('in Brelka', 'the city of Brelka')
    as a person-tagged name with no title and no possessive, becomes GPE everywhere in the
    document (also where spaCy tagged it as an organisation).
    """
    places = {m.text for m in items if m.fields.get("label") in PLACE_LABEL}
    for m in items:
        if m.fields.get("label") != "PERSON" or "title" in m.fields:
            continue
        after = text[m.end : m.end + 2]
        if PLACE_CUE.search(text, max(0, m.start - 30), m.start) and not after.startswith(
            ("'s", "\u2019s")
        ):
            places.add(m.text)
    # the surname of a person named in full is that person ("Greta Holm ... Holm said"),
    # even after a place cue ("the way of Holm")
    places -= {
        m.text.split()[-1]
        for m in items
        if m.fields.get("label") == "PERSON" and len(m.text.split()) > 1
    }
    for m in items:
        if (
            m.fields.get("label") in ("PERSON", "ORG")
            and m.text in places
            and "title" not in m.fields
        ):
            m.fields.clear()
            m.fields["label"] = "GPE"


def _ent_fields(ctx: AnalysisContext, ent: Any, ents: list[Any]) -> dict[str, Any]:
    """label, and for people their titles, gender and affiliation."""
    fields: dict[str, Any] = {"label": ent.label_}
    if ent.label_ != "PERSON":
        return fields
    titles = roles.person_titles(ent) + [t.lower_ for t in roles.appositive_roles(ent)]
    if titles:
        fields["title"] = sorted(set(titles))
    gender = roles.gender(titles)
    if gender:
        fields["gender"] = gender
    org = roles.affiliation(ent, ents)
    if org is not None:
        fields["affiliation"] = span_of(ctx.text, *_trim(ctx.text, org.start_char, org.end_char))
    party = parties.party(ent)
    if party is not None:
        fields["party"] = party  # "Sen. Lina Oster (D-Ost.)": the actor's group
    return fields


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim 'the ', possessive ’s/'s and stray punctuation from an entity span."""
    for det in LEADING_DETERMINERS:
        if text.startswith(det, start) and end - start > len(det):
            start += len(det)
    for suffix in ("’s", "'s", "’", "'"):
        if text.endswith(suffix, start, end) and end - start > len(suffix):
            end -= len(suffix)
            break
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in ").":
        end -= 1
    while start < end and not (text[start].isalnum() or text[start] in "(@#"):
        start += 1  # a leading quote mark or dash is not part of the name
    if "\n" in text[start:end]:
        end = text.index("\n", start)  # a headline run into the next line
        while end > start and not text[end - 1].isalnum():
            end -= 1
    return start, end
