"""Named-entity mentions from spaCy's NER, one ``mentions`` item per entity span."""

from __future__ import annotations

from rashomon.analysers.base import Analyser, AnalysisContext
from rashomon.analysers.registry import register
from rashomon.document import Item, make_item

# spaCy labels that name actors or places; numbers and dates belong to other analysers.
ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "WORK_OF_ART"}
LEADING_DETERMINERS = ("the ", "The ")


@register
class Entities(Analyser):
    """Entity mentions with their spaCy label; the actor linker later maps them to actors."""

    name = "entities"
    version = "1"
    requires = ("spacy",)
    provides = ("mentions",)

    def analyse(self, ctx: AnalysisContext) -> list[Item]:
        """Keep actor-like entities, drop a leading 'the' and trailing possessive marks."""
        assert ctx.spacy is not None
        items: list[Item] = []
        for ent in ctx.spacy.ents:
            if ent.label_ not in ACTOR_LABELS:
                continue
            start, end = _trim(ctx.text, ent.start_char, ent.end_char)
            if end > start:
                items.append(make_item("mentions", ctx.text, start, end, label=ent.label_))
        return items


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
    return start, end
