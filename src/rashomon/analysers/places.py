"""Place mentions (GPE/LOC/FAC entities, plus 'East X' phrases) normalised against the gazetteer."""

from __future__ import annotations

import re

from rashomon.analysers.base import Analyser, AnalysisContext
from rashomon.analysers.registry import register
from rashomon.document import Item, make_item
from rashomon.places import default_gazetteer

PLACE_LABELS = {"GPE", "LOC", "FAC"}
DIRECTION_BEFORE = re.compile(
    r"(?:East|Eastern|West|Western|North|Northern|South|Southern|Central)\s+$"
)


@register
class Places(Analyser):
    """One ``places`` item per place mention: canonical name, place id, country, coordinates."""

    name = "places"
    version = "1"
    requires = ("mentions",)
    provides = ("places",)

    def analyse(self, ctx: AnalysisContext) -> list[Item]:
        """Look each place mention up; a direction word just before it makes a part of that place."""
        gazetteer = default_gazetteer()
        items = []
        for mention in ctx.get("mentions"):
            if mention.fields.get("label") not in PLACE_LABELS:
                continue
            start = mention.start
            before = DIRECTION_BEFORE.search(ctx.text, max(0, start - 12), start)
            if before:
                start = before.start()
            place = gazetteer.lookup(ctx.text[start : mention.end])
            items.append(
                make_item(
                    "places", ctx.text, start, mention.end, mention=mention.id, **place.fields()
                )
            )
        return items
