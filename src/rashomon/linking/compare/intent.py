"""Intent: one outlet calling the act deliberate, another an accident."""

from __future__ import annotations

import re
from collections import defaultdict

from rashomon.document import Item
from rashomon.linking.compare.base import BLAME_MODALITIES, Comparison, StoryAccounts, make_item

DELIBERATE = re.compile(
    r"\b(deliberate(?:ly)?|intentional(?:ly)?|on purpose|no accident|knew exactly|targeted|"
    r"premeditated|staged?|chose to)\b",
    re.I,
)
ACCIDENT = re.compile(
    r"(?<!\bno )(?<!\bnot an )(?<!\bnot a )\b(accident(?:al|ally)?|by mistake|mistake|"
    r"mistaken(?:ly)?|unintentional(?:ly)?|inadvertent(?:ly)?|stray|misfire[d]?|error)\b",
    re.I,
)


class IntentComparison(Comparison):
    """Deliberate against accident, from cue words in the sentences of asserted events."""

    name = "intent"

    def compare(self, story: StoryAccounts) -> list[Item]:
        """One contradiction per (deliberate, accident) document pair of different outlets."""
        cues: dict[str, dict[str, Item]] = defaultdict(dict)
        for event in story.events:
            sentence = story.sentence(event)
            if sentence is None or event.fields.get("modality") not in BLAME_MODALITIES:
                continue
            for intent, pattern in (("deliberate", DELIBERATE), ("accident", ACCIDENT)):
                if pattern.search(sentence.text):
                    cues[intent].setdefault(event.doc, sentence)
        found = []
        for _da, a in sorted(cues["deliberate"].items()):
            for db, b in sorted(cues["accident"].items()):
                if story.outlet(a) != story.outlet(b) and db not in cues["deliberate"]:
                    text = (
                        f"{story.outlet(a)} calls it deliberate; "
                        f"{story.outlet(b)} calls it an accident"
                    )
                    values = ("deliberate", "accident")
                    item = make_item(
                        story, "contradictions", self.name, [a, b], text, values=values
                    )
                    found.append(item)
        return found
