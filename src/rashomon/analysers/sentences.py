"""Sentence segmentation from the spaCy parse, trimmed of surrounding whitespace."""

from __future__ import annotations

from rashomon.analysers.base import Analyser, AnalysisContext
from rashomon.analysers.registry import register
from rashomon.document import Item, make_item


@register
class Sentences(Analyser):
    """One ``sentences`` item per sentence; paragraphs never merge into one sentence."""

    name = "sentences"
    version = "1"
    requires = ("spacy",)
    provides = ("sentences",)

    def analyse(self, ctx: AnalysisContext) -> list[Item]:
        """Split on spaCy sentence bounds and on blank lines (headlines have no final stop)."""
        assert ctx.spacy is not None
        items: list[Item] = []
        for sent in ctx.spacy.sents:
            for start, end in _split_lines(ctx.text, sent.start_char, sent.end_char):
                items.append(make_item("sentences", ctx.text, start, end))
        return items


def _split_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a span at newlines and strip whitespace; drop empty pieces."""
    pieces: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl == -1 else nl
        a, b = pos, stop
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            pieces.append((a, b))
        pos = stop + 1
    return pieces
