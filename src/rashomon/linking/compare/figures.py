"""Figures: the same count in two outlets' accounts, ranges that cannot both be true."""

from __future__ import annotations

from collections import defaultdict

from rashomon.document import Item
from rashomon.linking.compare.base import Comparison, StoryAccounts, make_item, says
from rashomon.linking.figures import Figure, comparable, gap

SIGN_CUT = 0.1  # stance scores below this never put two outlets in opposite camps


class FigureComparison(Comparison):
    """Per document pair and count: a contradiction if any two figures cannot both be true,
    else an agreement (flagged ``across_camps`` when the outlets take opposite sides)."""

    name = "numbers"

    def compare(self, story: StoryAccounts) -> list[Item]:
        """Contradictions and agreements between the story's comparable figures."""
        by_doc: dict[str, list[Figure]] = defaultdict(list)
        for figure in story.figures:
            by_doc[figure.claim.doc].append(figure)
        found: list[Item] = []
        for da, db in story.pairs(list(by_doc), copies=True):
            pairs = [(a, b) for a in by_doc[da] for b in by_doc[db] if comparable(a, b)]
            copy = frozenset((da, db)) in story.copies
            for key in sorted({a.key for a, _ in pairs}):
                same = [(a.claim, b.claim) for a, b in pairs if a.key == key]
                worst = max(same, key=lambda p: gap(*p))
                if gap(*worst) > 0:
                    if not copy:  # a copy and its original are one account
                        note = says(story, *worst, "the ranges do not overlap")
                        found.append(make_item(story, "contradictions", self.name, [*worst], note))
                    continue
                a, b = same[0]
                text = says(story, a, b, "the figures are compatible")
                across = across_camps(story.camps, story.outlet(a), story.outlet(b))
                found.append(
                    make_item(story, "agreements", self.name, [a, b], text, across_camps=across)
                )
        return found


def across_camps(camps: dict[str, dict[str, float]], oa: str, ob: str) -> bool:
    """Whether two outlets take opposite sides on some actor both cover."""
    shared = set(camps.get(oa, {})) & set(camps.get(ob, {}))
    return any(
        camps[oa][x] * camps[ob][x] < 0 and min(abs(camps[oa][x]), abs(camps[ob][x])) >= SIGN_CUT
        for x in shared
    )
