"""Temporal expressions as ``times`` items, resolved against the document date (TIMEX3 values)."""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING

from rashomon import lang
from rashomon.analysers.base import Analyser, AnalysisContext
from rashomon.analysers.registry import register
from rashomon.document import Item, make_item
from rashomon.timex import find_timexes

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc
    from spacy.tokens import Token

FUTURE_AUX = lang.words("time_future_aux")
FUTURE_HEADS = lang.words("time_future_cues")
PRESENT_AUX = frozenset({"is", "are", "'s", "'re", "be"})


@register
class Times(Analyser):
    """One ``times`` item per temporal expression: type, TIMEX3 value, anchor, granularity."""

    name = "times"
    version = "5"
    requires = ("spacy",)
    provides = ("times",)

    def analyse(self, ctx: AnalysisContext) -> list[Item]:
        """Rules find and resolve; the spaCy parse decides past or future for bare weekdays."""
        spacy_doc = ctx.spacy

        def tense(start: int, end: int) -> int:
            return clause_tense(spacy_doc, start, end) if spacy_doc is not None else 0

        items = []
        for t in find_timexes(ctx.text, ctx.doc.date, tense):
            fields = {
                "type": t.type,
                "value": t.value,
                "anchor": t.anchor,
                "granularity": t.granularity,
            }
            if t.mod:
                fields["mod"] = t.mod
            items.append(make_item("times", ctx.text, t.start, t.end, **fields))
        return items


def clause_tense(doc: SpacyDoc, start: int, end: int) -> int:
    """+1 when the clause holding the span is about the future, -1 when past, 0 when unclear."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return 0
    token = span.root
    for _ in range(4):
        if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
            break
        token = token.head
    if token.pos_ not in ("VERB", "AUX"):
        return 0
    chain = [token, *islice(token.ancestors, 2)]  # not the whole chain: a long sentence is deep
    if any("had" in _auxes(verb) for verb in chain):
        return -1  # 'had been scheduled to expire Friday': a plan already past
    for verb in chain:
        auxes = _auxes(verb)
        if auxes & FUTURE_AUX or (verb.lower_ in FUTURE_HEADS and verb.i != token.i):
            return 1
        if verb.tag_ == "VBG" and auxes & PRESENT_AUX and verb.i == token.i:
            return 1
    if "to" in {c.lower_ for c in token.children if c.dep_ == "aux"} and (
        token.head.lower_ in FUTURE_HEADS
    ):
        return 1
    if token.tag_ == "VBD" or (token.tag_ == "VBN" and not PRESENT_AUX & _auxes(token)):
        return -1  # struck, was struck, announced Tuesday; not: is expected in December
    return 0


def _auxes(verb: Token) -> set[str]:
    """The auxiliaries of a verb, lower-cased ('will', 'was', 'is')."""
    return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
