"""Evaluative labels ("terrorists", "the legitimate government") and the actor each describes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from rashomon.analysers.base import Analyser, AnalysisContext
from rashomon.analysers.label_lexicon import ANY, GROUP_HEADS, LEXICON, STATE, STATE_HEADS, entries
from rashomon.analysers.registry import register
from rashomon.document import Item, make_item

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

ENTRIES = entries()
FIRST_WORDS = {seq[0] for seq in ENTRIES}
MAX_LEN = max(len(seq) for seq in ENTRIES)
OPEN_QUOTES = "\"'‘“"
CLOSE_QUOTES = "\"'’”"
# Quoted stretches: short ones are scare quotes, long ones are speech (the speaker's words).
QUOTED = re.compile(r"[“\"‘]([^“”\"‘’\n]{1,400})[”\"’]")
SPEECH_MIN_WORDS = 4
ACTOR_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
GROUP_LABELS = {"ORG", "NORP"}


@register
class Labels(Analyser):
    """One ``labels`` item per evaluative word or phrase, attached to the actor it describes."""

    name = "labels"
    version = "1"
    requires = ("spacy", "mentions")
    provides = ("labels",)

    def analyse(self, ctx: AnalysisContext) -> list[Item]:
        """Match the lexicon on lemmas, find each label's target by dependency patterns."""
        assert ctx.spacy is not None
        by_token = _mention_tokens(ctx.spacy, ctx.get("mentions"))
        speech = _speech_regions(ctx.text)
        found: list[tuple[Item, str]] = []
        i = 0
        while i < len(ctx.spacy):
            match = _match(ctx.spacy, i)
            if match is None:
                i += 1
                continue
            end, label = match
            found.append(_label_item(ctx, ctx.spacy[i:end], label, by_token, speech))
            i = end
        _resolve_by_document(found, ctx.get("mentions"))
        return [item for item, _ in found]


def _singular(word: str) -> str:
    """A cheap singular for lexicon nouns (the small model's lemmas are not always there)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _mention_tokens(doc: Doc, mentions: list[Item]) -> dict[int, Item]:
    """Token index -> the mention item covering it."""
    table: dict[int, Item] = {}
    for mention in mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        for token in span or []:
            table.setdefault(token.i, mention)
    return table


def _speech_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks long enough to be someone's words."""
    return [
        (m.start(), m.end())
        for m in QUOTED.finditer(text)
        if len(m.group(1).split()) >= SPEECH_MIN_WORDS
    ]


def _match(doc: Doc, i: int) -> tuple[int, str] | None:
    """The longest lexicon entry starting at token ``i``: (end token, label)."""
    if doc[i].lower_ not in FIRST_WORDS and _singular(doc[i].lower_) not in FIRST_WORDS:
        return None
    for n in range(min(MAX_LEN, len(doc) - i), 0, -1):
        toks = doc[i : i + n]
        lowers = tuple(t.lower_ for t in toks)
        lemmas = lowers[:-1] + (_singular(lowers[-1]),)
        for key in (lowers, lemmas):
            if key in ENTRIES:
                return i + n, ENTRIES[key]
    return None


def _label_item(
    ctx: AnalysisContext, span: Any, label: str, by_token: dict[int, Item], speech: list
) -> tuple[Item, str]:
    """Build the label item: position, target words and the mention it applies to."""
    head = span.root
    position, target = _position(ctx.text, span, head)
    polarity, actor_class = LEXICON[label]
    cls = _class_of(label, target, actor_class)
    mention = _mention_for(target, span, by_token, cls)
    if mention is None and position == "noun":
        mention = _nearby_mention(span, by_token)
    if position == "scare_quote":
        polarity = -0.5 if polarity > 0 else 0.0  # irony, or the outlet distancing itself
    quoted = any(a <= span.start_char and span.end_char <= b for a, b in speech)
    item = make_item(
        "labels",
        ctx.text,
        span.start_char,
        span.end_char,
        label=label,
        polarity=polarity,
        position=position,
        target_text=_phrase(target),
        actor_mention=mention.id if mention else None,
        quoted=quoted,
        outlet=ctx.doc.outlet,
    )
    return item, cls


def _position(text: str, span: Any, head: Token) -> tuple[str, Token]:
    """How the label is used, and the token naming what it describes."""
    before = text[span.start_char - 1] if span.start_char else ""
    after = text[span.end_char] if span.end_char < len(text) else ""
    if before and before in OPEN_QUOTES and after and after in CLOSE_QUOTES:
        return "scare_quote", head.head if head.dep_ in ("amod", "compound") else head
    if head.dep_ in ("amod", "compound", "nmod", "advmod") and head.head.i >= span.end:
        target = head.head
        while target.dep_ in ("amod", "compound") and target.head.i > target.i:
            target = target.head
        return "attributive", target
    if head.dep_ in ("attr", "acomp", "oprd"):
        subjects = [c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        return "predicative", subjects[0] if subjects else head
    if head.dep_ == "appos":
        return "apposition", head.head
    return "noun", head


def _mention_for(token: Token, label_span: Any, by_token: dict[int, Item], cls: str) -> Item | None:
    """The mention naming ``token``: itself, its apposition, possessor or 'of' object."""
    found: list[Item] = []
    if token.i in by_token and not (label_span.start <= token.i < label_span.end):
        found.append(by_token[token.i])
    for source in (token, label_span.root):
        for child in source.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                found += _mentions_in_subtrees(
                    [c for c in child.children if c.dep_ == "pobj"], by_token
                )
            elif child.dep_ in ("appos", "poss", "compound", "nmod"):
                found += _mentions_in_subtrees([child], by_token)
    if token.dep_ == "appos" and token.head.i in by_token:
        found.append(by_token[token.head.i])
    found = [m for m in found if _rank(m, cls) < 2]
    return min(found, key=lambda m: _rank(m, cls)) if found else None


def _mentions_in_subtrees(tokens: list[Token], by_token: dict[int, Item]) -> list[Item]:
    """Mentions inside the tokens' subtrees (for 'the freedom fighters of the VLC')."""
    return [by_token[t.i] for tok in tokens for t in tok.subtree if t.i in by_token]


def _rank(mention: Item, cls: str) -> int:
    """0 for a good target of a label of class ``cls``, 1 acceptable, 2 not an actor."""
    label = mention.fields.get("label")
    if label in GROUP_LABELS or label == "PERSON":
        return 0
    if label == "GPE":
        return 0 if cls == STATE else 1 if cls == ANY else 2
    return 2


def _nearby_mention(span: Any, by_token: dict[int, Item]) -> Item | None:
    """A compatible mention right beside the label ('the VLC terrorists', 'VLC militants')."""
    for i in (span.start - 1, span.end):
        mention = by_token.get(i)
        if mention is not None and mention.fields.get("label") in ACTOR_LABELS - {"GPE"}:
            return mention
    return None


def _phrase(token: Token) -> str:
    """The words naming the target: the token with its compounds, no determiners."""
    left = [t for t in token.lefts if t.dep_ == "compound"]
    return " ".join([t.text for t in left] + [token.text])


def _class_of(label: str, target: Token, actor_class: str) -> str:
    """The actor class the label's target belongs to (state, group, any)."""
    lemma = _singular(target.lower_)
    if lemma in STATE_HEADS:
        return STATE
    if lemma in GROUP_HEADS:
        return "group"
    return actor_class


def _resolve_by_document(found: list[tuple[Item, str]], mentions: list[Item]) -> None:
    """Attach unattached labels to the one actor of their class the article names, if only one."""
    from rashomon.linking.actors import normalise_name

    named: dict[str, set[str]] = {}
    for item, cls in found:
        mention_id = item.fields["actor_mention"]
        mention = next((m for m in mentions if m.id == mention_id), None)
        if mention is not None and cls != ANY and _rank(mention, cls) == 0:
            named.setdefault(cls, set()).add(normalise_name(mention.text))
    for item, cls in found:
        if item.fields["actor_mention"] or len(named.get(cls, ())) != 1:
            continue
        key = next(iter(named[cls]))
        same = [m for m in mentions if normalise_name(m.text) == key]
        if same:
            nearest = min(same, key=lambda m: abs(m.start - item.start))
            item.fields["actor_mention"] = nearest.id
            item.fields["resolved"] = "document"
