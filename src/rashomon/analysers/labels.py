"""Evaluative labels ("terrorists", "the legitimate government", "slammed") and their actor.

Each label records whose voice it is in: the outlet's own (``voice: outlet``), a quoted
speaker's (``voice: speaker`` with ``speaker_mention``: words inside a quote belong to whoever
said them), or a scare-quoted term the outlet distances itself from (``voice: scare_quote``).
Matching is on lemmas; every step is one pass over the tokens or a binary search, so the
analyser stays linear in the document's length.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from rashomon.analysers.base import Analyser, AnalysisContext
from rashomon.analysers.label_lexicon import ANY, GROUP, STATE, Entry, Lexicon, load_lexicon
from rashomon.analysers.label_model import TokenModel, load_token_model, model_spans
from rashomon.analysers.label_targets import (
    ACTOR_LABELS,
    SUBJECTS,
    ActorMentions,
    guessed_actor,
    people_mention,
)
from rashomon.analysers.label_voice import Voices
from rashomon.analysers.registry import register
from rashomon.config import Settings
from rashomon.document import Item, make_item
from rashomon.mentions.parties import party_of_word
from rashomon.places.gazetteer import default_gazetteer, normalise

OPEN_QUOTES = "\"'‘“"
CLOSE_QUOTES = "\"'’”"
GROUP_LABELS = {"ORG", "NORP"}
# dependents that open a clause of their own: a mention there is not the phrase's
CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis"})
# entity types whose names may hold a label's word without labelling anyone
NAME_ENTITIES = frozenset({"ORG", "LAW", "EVENT", "WORK_OF_ART", "FAC", "PRODUCT", "NORP"})


@dataclass(frozen=True)
class LabelSettings(Settings):
    """Settings of the ``labels`` analyser."""

    token_model: bool = True
    """Also take the loaded words the learned token model finds (``lang/en/labels_model.yaml``,
    fitted by ``rashomon eval labels FILE --fit-model``)."""
    model_threshold: float | None = None
    """P(loaded) from which the token model takes a word (unset: the model file's, 0.15, chosen
    by cross-validation on BASIL dev; higher is more precise and finds fewer)."""


@register
class Labels(Analyser):
    """One ``labels`` item per evaluative word or phrase, attached to the actor it describes."""

    name = "labels"
    version = "13"
    requires = ("spacy", "mentions", "quotes", "places")
    provides = ("labels",)
    Settings = LabelSettings

    def analyse(self, ctx: AnalysisContext) -> list[Item]:
        """Match the lexicon on lemmas, find each label's target and voice."""
        settings = self.settings
        assert isinstance(settings, LabelSettings)
        model = load_token_model() if settings.token_model else None
        if model is not None and settings.model_threshold is not None:
            model = replace(model, threshold=settings.model_threshold)
        return find_labels(ctx, load_lexicon(), model)


def find_labels(
    ctx: AnalysisContext, lexicon: Lexicon, model: TokenModel | None = None
) -> list[Item]:
    """The labels of one parsed document under ``lexicon`` and, when given, the learned token
    model's loaded words (``rashomon eval labels`` compares lexicons through this)."""
    assert ctx.spacy is not None
    # a city or region (a place with coordinates; a country has none) is where, never whom
    places = place_mentions(ctx.get("places"), ctx.get("mentions"))
    actors = [m for m in ctx.get("mentions") if m.id not in places]
    by_token = _mention_tokens(ctx.spacy, actors)
    voices = Voices(ctx.text, ctx.get("quotes"))
    mentions = ActorMentions(ctx.get("mentions"))
    found: list[tuple[Item, str]] = []
    matches = _matches(ctx.spacy, lexicon)
    if model is not None:
        taken = {t.i for span, _ in matches for t in span}
        matches += model_spans(ctx.spacy, model, voices.quoted, taken)
        matches.sort(key=lambda m: m[0].start)
    for span, entry in matches:
        labelled = _label_item(ctx, span, entry, lexicon, by_token, voices, mentions)
        if labelled is not None:
            found.append(labelled)
    _resolve_by_document(found, ctx.get("mentions"))
    return [item for item, _ in found]


# tags a city's name gets from the tagger; a capitalised city name taken for a title is one too
PLACE_TAGS = frozenset({"NORP", "GPE", "LOC", "FAC", "WORK_OF_ART"})


def place_mentions(places: Iterable[Item], mentions: Iterable[Item]) -> set[str]:
    """Ids of the mentions that name a city or region: a place item with coordinates points at
    them, or ``names_place`` says so."""
    placed = {p.fields.get("mention") for p in places if p.fields.get("lat") is not None}
    return {m.id for m in mentions if m.id in placed or names_place(m)}


def names_place(mention: Item) -> bool:
    """Whether a proper-name mention tagged a place or a nationality is exactly a city's or
    region's name ('the defenders of East Brennmoor' tagged as a nationality): a place, never a
    label's target nor an actor an outlet feels for (a country, having no coordinates, stays;
    a common noun such as 'police' is never a place, whatever town bears that name)."""
    if mention.fields.get("label") not in PLACE_TAGS or not mention.text[:1].isupper():
        return False
    place = default_gazetteer().lookup(mention.text).fields()
    exact = normalise(str(place.get("name") or "")) == normalise(mention.text)
    return exact and place.get("lat") is not None


def _matches(doc: Doc, lexicon: Lexicon) -> list[tuple[Span, Entry]]:
    """Longest lexicon entries, left to right, without overlaps."""
    first, longest = lexicon.first_words, lexicon.longest
    found: list[tuple[Span, Entry]] = []
    i = 0
    while i < len(doc):
        hit = _match_at(doc, i, lexicon, first, longest)
        if hit is None:
            i += 1
            continue
        if not _name_or_other_sense(*hit, lexicon):
            found.append(hit)
        i = hit[0].end
    return found


def _name_or_other_sense(span: Span, entry: Entry, lexicon: Lexicon) -> bool:
    """A match that is part of a name (a law's, an organisation's), or a label with a plain
    sense read as a verb ("to moderate a debate"): neither labels anyone."""
    if any(t.pos_ == "PROPN" and t.ent_type_ in NAME_ENTITIES for t in span):
        return True
    plain = entry.label in lexicon.descriptive and not entry.loaded
    return plain and len(span) == 1 and span[0].pos_ == "VERB"


def _match_at(
    doc: Doc, i: int, lexicon: Lexicon, first: frozenset[str], longest: int
) -> tuple[Span, Entry] | None:
    """The longest entry starting at token ``i`` (each word matching a lemma or the form)."""
    if doc[i].lemma_.lower() not in first and doc[i].lower_ not in first:
        return None
    for n in range(min(longest, len(doc) - i), 0, -1):
        forms = [(t.lemma_.lower(), t.lower_) for t in doc[i : i + n]]
        for key, entry in _candidates(forms, lexicon):
            if len(key) == n:
                return doc[i : i + n], entry
    return None


def _candidates(
    forms: list[tuple[str, str]], lexicon: Lexicon
) -> list[tuple[tuple[str, ...], Entry]]:
    """Entries equal to the tokens, each token read as its lemma or its lower-case form."""
    keys = {tuple(lemma for lemma, _ in forms), tuple(lower for _, lower in forms)}
    keys.add(tuple(lower for _, lower in forms[:-1]) + (forms[-1][0],))
    return [(k, lexicon.entries[k]) for k in sorted(keys) if k in lexicon.entries]


def _mention_tokens(doc: Doc, mentions: list[Item]) -> dict[int, Item]:
    """Token index -> the mention item covering it."""
    table: dict[int, Item] = {}
    for mention in mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        for token in span or []:
            table.setdefault(token.i, mention)
    return table


def _label_item(
    ctx: AnalysisContext,
    span: Span,
    entry: Entry,
    lexicon: Lexicon,
    by_token: dict[int, Item],
    voices: Voices,
    mentions: ActorMentions,
) -> tuple[Item, str] | None:
    """The label item (position, target, voice, actor), or None for a descriptive use."""
    position, target = _position(ctx.text, span, entry)
    cls = _class_of(target, entry.actor_class, lexicon)
    mention = _mention_for(target, span, by_token, cls)
    if mention is None and position == "noun":
        mention = _nearby_mention(span, by_token, cls)
    if _descriptive(entry, position, target, mention, lexicon):
        return None
    resolved = None
    quoted, speaker = voices.speaker(span.start_char, span.end_char)
    if mention is None:
        # only a guess (marked resolved: stances read it as context, the report table and the
        # comparisons leave it out)
        spoken = quoted and position != "scare_quote"
        mention, resolved = guessed_actor(
            span, target, (position, entry.loaded, spoken), by_token, mentions
        )
    polarity = entry.polarity
    voice = "speaker" if quoted else "outlet"
    if position == "scare_quote":
        voice = "scare_quote"
        polarity = -0.5 if polarity > 0 else 0.0  # irony, or the outlet distancing itself
    item = make_item(
        "labels",
        ctx.text,
        span.start_char,
        span.end_char,
        label=entry.label,
        polarity=polarity,
        position=position,
        target_text=_phrase(target),
        actor_mention=mention.id if mention else None,
        quoted=quoted,
        voice=voice,
        speaker_mention=speaker,
        loaded=entry.loaded,
        outlet=ctx.doc.outlet,
    )
    if resolved:
        item.fields["resolved"] = resolved
    item.fields["_one"] = _one_of_class(target, cls)
    if entry.learned:
        item.fields["learned"] = True
    return item, cls


def _descriptive(
    entry: Entry, position: str, target: Token, mention: Item | None, lexicon: Lexicon
) -> bool:
    """An actor label used of a thing, not of anyone ("criminal charges", "legitimate
    concerns"): attributive, on a noun that is no actor and names none."""
    if entry.label not in lexicon.descriptive or position != "attributive" or mention:
        return False
    lemma = target.lemma_.lower()
    heads = lexicon.actor_nouns | lexicon.state_heads | lexicon.group_heads
    return lemma not in heads and target.ent_type_ not in ACTOR_LABELS


def _position(text: str, span: Span, entry: Entry) -> tuple[str, Token]:
    """How the label is used, and the token naming what it describes."""
    head = span.root
    before = text[span.start_char - 1] if span.start_char else ""
    after = text[span.end_char] if span.end_char < len(text) else ""
    if before and before in OPEN_QUOTES and after and after in CLOSE_QUOTES:
        return "scare_quote", head.head if head.dep_ in ("amod", "compound") else head
    if entry.loaded and head.pos_ == "VERB" and head.dep_ not in ("amod", "compound"):
        # attack verbs colour their doer; praise verbs their object
        deps = ("dobj", "nsubjpass") if entry.polarity > 0 else SUBJECTS
        found = [c for c in head.children if c.dep_ in deps]
        return "verb", found[0] if found else head
    if head.dep_ in ("amod", "compound", "nmod", "advmod") and head.head.i >= span.end:
        target = head.head
        while target.dep_ in ("amod", "compound") and target.head.i > target.i:
            target = target.head
        return "attributive", target
    if head.dep_ in ("attr", "acomp", "oprd"):
        subjects = [c for c in head.head.children if c.dep_ in SUBJECTS]
        return "predicative", subjects[0] if subjects else head
    if head.dep_ == "appos":
        return "apposition", head.head
    return "noun", head


def _mention_for(
    token: Token, label_span: Span, by_token: dict[int, Item], cls: str
) -> Item | None:
    """The mention naming ``token``: itself, its apposition, possessor or 'of' object."""
    found: list[Item] = []
    if token.i in by_token and not (label_span.start <= token.i < label_span.end):
        found.append(by_token[token.i])
    for source in (token, label_span.root):
        for child in source.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                # 'the defenders of <city>': a place there, not whom the label describes
                found += [
                    m
                    for m in _mentions_in_subtrees(
                        [c for c in child.children if c.dep_ == "pobj"], by_token
                    )
                    if cls == STATE or m.fields.get("label") != "GPE"
                ]
            elif child.dep_ in ("appos", "poss", "compound", "nmod"):
                found += _mentions_in_subtrees([child], by_token)
    if token.dep_ == "appos" and token.head.i in by_token:
        found.append(by_token[token.head.i])
    found = [m for m in found if _rank(m, cls) < 2]
    # among equally good targets the nearest ('the Red Hand and Blue Lion terrorist groups':
    # the name the label stands beside, not the first one the parse offers)
    return min(found, key=lambda m: (_rank(m, cls), abs(m.start - token.idx))) if found else None


def _mentions_in_subtrees(tokens: list[Token], by_token: dict[int, Item]) -> list[Item]:
    """Mentions inside the tokens' phrases ('the fighters of the northern front'), not in a
    clause hanging from them ('the workers who back the <group>' names the workers)."""
    return [by_token[t.i] for tok in tokens for t in _phrase_tokens(tok) if t.i in by_token]


def _phrase_tokens(token: Token) -> Iterator[Token]:
    """The token and its dependents, stopping at relative and other clauses."""
    yield token
    for child in token.children:
        if child.dep_ not in CLAUSES:
            yield from _phrase_tokens(child)


def _rank(mention: Item, cls: str) -> int:
    """0 for a good target of a label of class ``cls``, 1 acceptable, 2 not an actor."""
    label = mention.fields.get("label")
    if label in GROUP_LABELS or label == "PERSON":
        return 0
    if label == "GPE":
        return 0 if cls == STATE else 1 if cls == ANY else 2
    # a role with its holder or a group of people: an actor, but no name to resolve by
    return 1 if people_mention(mention) else 2


def _nearby_mention(span: Span, by_token: dict[int, Item], cls: str) -> Item | None:
    """A compatible mention right beside the label ('the northern front's terrorists'); a
    nationality adjective before a group noun is where the group is from, not the group
    ('Peruvian rebels' are no label of Peru; 'the Peruvian regime' is)."""
    for i in (span.start - 1, span.end):
        mention = by_token.get(i)
        if mention is None or mention.fields.get("label") not in ACTOR_LABELS - {"GPE"}:
            continue
        token = span.doc[i]
        if cls == GROUP and i < span.start and token.pos_ == "ADJ" and not _party(token):
            continue
        return mention
    return None


def _party(token: Token) -> bool:
    """Whether an adjective names a party ('Republican lawmakers': the party's people)."""
    return party_of_word(token.text) is not None


def weakly_attached(label: Item) -> bool:
    """Whether a label's actor was only inferred from its sentence (the clause's subject, a
    pronoun's antecedent): good enough to say whom a loaded word is about, not to count the
    word as a label the outlet pins on that actor."""
    return label.fields.get("resolved") in ("sentence", "pronoun")


def _phrase(token: Token) -> str:
    """The words naming the target: the token with its compounds, no determiners."""
    left = [t for t in token.lefts if t.dep_ == "compound"]
    return " ".join([t.text for t in left] + [token.text])


def _one_of_class(target: Token, cls: str) -> bool:
    """Whether a target can mean the article's one actor of its class: a definite 'the regime',
    'the terrorists'; not a generic 'imperialist powers', several states ('the powers'), nor a
    kind of thing ('the sanctions regime': a common-noun compound)."""
    if cls == STATE and target.tag_ in ("NNS", "NNPS"):
        return False
    if any(c.dep_ == "compound" and c.pos_ == "NOUN" for c in target.children):
        return False
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in target.children)


def _class_of(target: Token, actor_class: str, lexicon: Lexicon) -> str:
    """The actor class the label's target belongs to (state, group, any)."""
    lemma = target.lemma_.lower()
    if lemma in lexicon.state_heads:
        return STATE
    if lemma in lexicon.group_heads:
        return "group"
    return actor_class


def _name_key(text: str) -> str:
    """A key for one actor's names within a document: lower case, no article, no possessive."""
    key = re.sub(r"['’]s?$", "", text.strip())
    key = re.sub(r"^(the|a|an)\s+", "", key, flags=re.I)
    return re.sub(r"\s+", " ", key).lower()


def _resolve_by_document(found: list[tuple[Item, str]], mentions: list[Item]) -> None:
    """Attach unattached outlet-voice labels to the one actor of their class the article
    names, if only one (a bare 'the regime' in an article naming one government)."""
    by_id = {m.id: m for m in mentions}
    by_key: dict[str, list[Item]] = defaultdict(list)
    for mention in mentions:
        by_key[_name_key(mention.text)].append(mention)
    named: dict[str, set[str]] = {}
    for item, cls in found:
        target = by_id.get(item.fields["actor_mention"] or "")
        if weakly_attached(item):
            continue  # only a guess from the sentence: it names no actor of the class
        if target is not None and cls != ANY and _rank(target, cls) == 0:
            named.setdefault(cls, set()).add(_name_key(target.text))
    for item, cls in found:
        if not item.fields.pop("_one", False):
            continue
        if item.fields["actor_mention"] or item.fields["loaded"]:
            continue
        if len(named.get(cls, ())) != 1:
            continue
        same = by_key.get(next(iter(named[cls])), [])
        if same:
            nearest = min(same, key=lambda m: abs(m.start - item.start))
            item.fields["actor_mention"] = nearest.id
            item.fields["resolved"] = "document"
