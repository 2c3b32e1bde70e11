"""Figures: the same count in two outlets' accounts, ranges that cannot both be true."""

from __future__ import annotations

from collections import defaultdict

from rashomon.document import Item
from rashomon.linking.compare.base import Comparison, StoryAccounts, make_item, says
from rashomon.linking.figures import Figure, comparable, gap


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
        slack = story.slack()
        scopes = {f.claim.id: f.scope for f in story.figures}
        for da, db in story.pairs(list(by_doc), copies=True):
            pairs = [
                (a, b)
                for a in by_doc[da]
                for b in by_doc[db]
                if comparable(a, b, story.settings.update_gap_days, **slack)
            ]
            copy = frozenset((da, db)) in story.copies
            for key in sorted({a.key for a, _ in pairs}):
                same = [(a.claim, b.claim) for a, b in pairs if a.key == key]
                worst = max(same, key=lambda p: gap(p[0], p[1], **slack))
                scope = scopes[worst[0].id]
                fact = " ".join(key) + (f" ({scope})" if scope else "")
                if gap(worst[0], worst[1], **slack) <= 0:
                    found.append(self._agreement(story, *same[0], fact))
                elif not copy:  # a copy and its original are one account
                    note = says(story, *worst, "the ranges do not overlap")
                    values = (figure_value(worst[0]), figure_value(worst[1]))
                    kind = "contradictions"
                    found.append(
                        make_item(story, kind, self.name, [*worst], note, fact=fact, values=values)
                    )
        return found

    def _agreement(self, story: StoryAccounts, a: Item, b: Item, fact: str) -> Item:
        """Two compatible figures, flagged when the outlets take opposite sides."""
        text = says(story, a, b, "the figures are compatible")
        across = _across_camps_memo(story, story.outlet(a), story.outlet(b))
        values = (figure_value(a), figure_value(b))
        return make_item(
            story,
            "agreements",
            self.name,
            [a, b],
            text,
            fact=fact,
            values=values,
            across_camps=across,
        )


def _across_camps_memo(story: StoryAccounts, oa: str, ob: str) -> bool:
    """``across_camps`` once per outlet pair and cut in a linker run (the stances do not change
    between stories; per agreement it was the run's largest cost at 100k events)."""
    key = (oa, ob, story.settings.sign_cut)
    if key not in story.camp_pairs:
        story.camp_pairs[key] = across_camps(story.camps, oa, ob, story.settings.sign_cut)
    return story.camp_pairs[key]


def across_camps(camps: dict[str, dict[str, float]], oa: str, ob: str, cut: float) -> bool:
    """Whether two outlets take opposite sides on some actor both cover (each stance at least
    ``cut`` in size)."""
    a, b = camps.get(oa, {}), camps.get(ob, {})
    small, large = (a, b) if len(a) <= len(b) else (b, a)  # walk the shorter: no set copies
    return any(x in large and a[x] * b[x] < 0 and min(abs(a[x]), abs(b[x])) >= cut for x in small)


def figure_value(claim: Item) -> str:
    """A figure's range as words: "41", "62-80", "at least 41", "at most 70"."""
    low, high = claim.fields.get("low"), claim.fields.get("high")
    if low is not None and high is not None:
        return _number(low) if low == high else f"{_number(low)}-{_number(high)}"
    if low is not None:
        return f"at least {_number(low)}"
    return f"at most {_number(high)}" if high is not None else claim.text


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
