"""How a candidate attribution fares against its rivals, as features for the model's second stage.

The first stage (per-feature logistic weights) scores each candidate alone; most of the gold
contents it misses on PolNeAR have a candidate, beaten or below the threshold. The second stage
(boosted trees, :mod:`rashomon.quotes.trees`) sees the first stage's score beside how the
candidate compares with the other contents of its cue and with the overlapping contents of other
cues, and so chooses among them instead of thresholding each alone.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rashomon.quotes.indirect import Indirect
from rashomon.quotes.trees import Columns, Trees

RIVAL_COLUMNS = ["logit", "cue_n", "cue_rank", "cue_gap", "rival_gap", "rival_n"]
NO_RIVAL = 20.0  # the gap to a rival when there is none: far ahead of any (a number, not NaN)


def rival_columns(found: Sequence[Indirect], logits: Sequence[float]) -> list[list[float]]:
    """Per candidate: its first-stage logit; how many contents its cue proposes, its rank among
    them and its gap to their best; the gap to the best overlapping content of another cue
    (NO_RIVAL: none) and how many such there are."""
    by_cue: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, f in enumerate(found):
        by_cue[f.cue].append(i)
    rivals = _rivals(found)
    out = []
    for i, f in enumerate(found):
        mates = [logits[j] for j in by_cue[f.cue]]
        others = [logits[j] for j in rivals[i]]
        out.append(
            [
                logits[i],
                float(len(mates)),
                float(sum(m > logits[i] for m in mates)),
                logits[i] - max(mates),
                logits[i] - max(others) if others else NO_RIVAL,
                float(len(others)),
            ]
        )
    return out


def _rivals(found: Sequence[Indirect]) -> list[list[int]]:
    """For each content, the contents of other cues that overlap it by half the longer span
    (sorted by start and bounded by the longest content, so a long article stays linear)."""
    order = sorted(range(len(found)), key=lambda i: found[i].start)
    starts = [found[i].start for i in order]
    longest = max((f.end - f.start for f in found), default=0)
    out: list[list[int]] = [[] for _ in found]
    for i, f in enumerate(found):
        lo = bisect_left(starts, f.start - longest)
        hi = bisect_left(starts, f.end, lo=lo)
        for j in order[lo:hi]:
            g = found[j]
            if g.cue != f.cue and _overlap(f, g):
                out[i].append(j)
    return out


def _overlap(a: Indirect, b: Indirect) -> bool:
    shared = min(a.end, b.end) - max(a.start, b.start)
    return shared > 0 and 2 * shared >= max(a.end - a.start, b.end - b.start)


@dataclass(frozen=True)
class Stage2:
    """Boosted trees over a candidate's features, its first-stage logit and its rivals."""

    columns: Columns
    trees: Trees

    def proba(
        self, found: list[Indirect], feats: list[dict[str, Any]], logits: list[float]
    ) -> list[float]:
        """The second stage's probability of each candidate of one document."""
        return self.trees.proba(stage2_rows(self.columns, found, feats, logits))

    @classmethod
    def from_data(cls, columns: dict[str, Any], trees: dict[str, Any]) -> Stage2:
        """The stage as the model file stores it."""
        cols = Columns(columns["keys"], columns["categories"], columns["extras"])
        return cls(cols, Trees(float(trees["baseline"]), trees["trees"]))


def stage2_rows(
    columns: Columns, found: list[Indirect], feats: list[dict[str, Any]], logits: list[float]
) -> list[list[float]]:
    """The second stage's input rows of one document's candidates: their features and how
    each compares with its rivals (training and scoring build them alike)."""
    extra = rival_columns(found, logits)
    return [columns.row(f, x) for f, x in zip(feats, extra, strict=True)]
