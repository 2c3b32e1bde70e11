"""Blame: different outlets naming different sides as the ones who did the harm."""

from __future__ import annotations

from collections import Counter, defaultdict

from rashomon.document import Item
from rashomon.linking.compare.base import (
    BLAME_MODALITIES,
    HARM_TYPES,
    Comparison,
    StoryAccounts,
    make_item,
)


def blamed(story: StoryAccounts) -> dict[str, tuple[str, Item]]:
    """Document -> (side blamed, evidence) when it names one side as the doer of the harm.

    Each side scores 2 per harm the document asserts it did and 1 per harm it reports someone
    saying it did; a side blamed at least twice as strongly as any other is the one the
    document blames (an outlet that reports both sides' accusations evenly blames no one).
    The story's own place is never its doer, and only harm told next to the story's place
    counts (an aside about another war blames no one here). Computed once per story.
    """
    if "blamed" not in story.memo:
        story.memo["blamed"] = _blamed(story)
    result: dict[str, tuple[str, Item]] = story.memo["blamed"]
    return result


def _blamed(story: StoryAccounts) -> dict[str, tuple[str, Item]]:
    scores: dict[str, Counter[str]] = defaultdict(Counter)
    evidence: dict[tuple[str, str], Item] = {}
    asserting: set[str] = set()  # documents that assert some doer themselves
    for event in story.events:
        actor = story.sides.agent(event)
        modality = event.fields.get("modality")
        kind = (event.fields.get("type") or "").upper()
        if not actor or kind not in HARM_TYPES or modality not in BLAME_MODALITIES:
            continue
        if not story.here(event) or not story.named_near(event):
            continue
        if story.sides.names.get(actor) == story.place:
            continue
        side = story.sides.side(actor)
        asserts = modality == "asserted"
        scores[event.doc][side] += 2 if asserts else 1
        if asserts:
            asserting.add(event.doc)
        key = (event.doc, side)
        # the first event is the evidence, unless a later one asserts what it only reported
        if key not in evidence or asserts and evidence[key].fields.get("modality") != "asserted":
            evidence[key] = event
    disputed = {e.doc for e in story.events if e.fields.get("modality") in ("alleged", "denied")}
    found = {}
    for doc, sides in scores.items():
        if doc in disputed and doc not in asserting:
            continue  # it only reports who is said to have done it, amid a dispute
        ranked = sides.most_common()
        if len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1]:
            found[doc] = (ranked[0][0], evidence[(doc, ranked[0][0])])
    return found


class BlameComparison(Comparison):
    """Different outlets naming different sides as the doers of the story's harm."""

    name = "blame"

    def compare(self, story: StoryAccounts) -> list[Item]:
        """One contradiction per document pair blaming different sides."""
        found = blamed(story)
        names = story.sides.names
        out = []
        for da, db in story.pairs(list(found)):
            (sa, a), (sb, b) = found[da], found[db]
            if sa == sb:
                continue
            text = (
                f"{story.outlet(a)} blames {names.get(sa, sa)}; "
                f"{story.outlet(b)} blames {names.get(sb, sb)}"
            )
            values = (names.get(sa, sa), names.get(sb, sb))
            out.append(
                make_item(
                    story,
                    "contradictions",
                    self.name,
                    [a, b],
                    text,
                    fact="who did it",
                    values=values,
                )
            )
        return out
