"""SemEval-2020 Task 11 scores: SI with partial-overlap credit, TC micro-F1 and confusions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

Span = tuple[int, int]


@dataclass
class SIScore:
    """Span identification precision, recall and F1 (partial-overlap credit)."""

    precision: float
    recall: float
    f1: float
    predicted: int
    gold: int


@dataclass
class TCScore:
    """Technique classification micro scores, per-technique F1 and a confusion count table."""

    precision: float
    recall: float
    f1: float
    per_technique: dict[str, tuple[float, float, float, int]] = field(default_factory=dict)
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)


def merge_spans(spans: Sequence[Span]) -> list[Span]:
    """Sort spans and merge those that overlap (touching spans stay apart)."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _overlap_credit(spans: list[Span], others: list[Span]) -> float:
    """Sum over ``spans`` of the share of each span covered by ``others`` (non-overlapping)."""
    total = 0.0
    for start, end in spans:
        covered = sum(max(0, min(end, e) - max(start, s)) for s, e in others)
        total += covered / (end - start)
    return total


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_si(
    predicted: Mapping[str, Sequence[Span]], gold: Mapping[str, Sequence[Span]]
) -> SIScore:
    """SI scores as SemEval-2020 Task 11 defines them; each article's spans merged first."""
    p_sum = r_sum = 0.0
    n_pred = n_gold = 0
    for article_id in set(predicted) | set(gold):
        pred = merge_spans(predicted.get(article_id, []))
        true = merge_spans(gold.get(article_id, []))
        p_sum += _overlap_credit(pred, true)
        r_sum += _overlap_credit(true, pred)
        n_pred += len(pred)
        n_gold += len(true)
    precision = p_sum / n_pred if n_pred else 0.0
    recall = r_sum / n_gold if n_gold else 0.0
    return SIScore(precision, recall, _f1(precision, recall), n_pred, n_gold)


def _pair_labels(gold: list[str], pred: list[str]) -> list[tuple[str, str]]:
    """Pair the gold and predicted labels of one span: equal labels first, then in order."""
    left_gold, left_pred = list(gold), list(pred)
    pairs = []
    for label in gold:
        if label in left_pred:
            left_pred.remove(label)
            left_gold.remove(label)
            pairs.append((label, label))
    pairs.extend(zip(left_gold, left_pred, strict=False))
    return pairs


def score_tc(
    predicted: Sequence[tuple[str, str, int, int]], gold: Sequence[tuple[str, str, int, int]]
) -> TCScore:
    """TC micro P/R/F1 over ``(id, technique, start, end)`` rows, matching labels per span."""
    by_span_gold: dict[tuple[str, int, int], list[str]] = {}
    by_span_pred: dict[tuple[str, int, int], list[str]] = {}
    for article_id, label, start, end in gold:
        by_span_gold.setdefault((article_id, start, end), []).append(label)
    for article_id, label, start, end in predicted:
        by_span_pred.setdefault((article_id, start, end), []).append(label)
    confusion: Counter[tuple[str, str]] = Counter()
    for key, labels in by_span_gold.items():
        confusion.update(_pair_labels(labels, by_span_pred.get(key, [])))
    correct = Counter(g for (g, p), n in confusion.items() for _ in range(n) if g == p)
    n_gold = Counter(row[1] for row in gold)
    n_pred = Counter(row[1] for row in predicted)
    precision = sum(correct.values()) / len(predicted) if predicted else 0.0
    recall = sum(correct.values()) / len(gold) if gold else 0.0
    per: dict[str, tuple[float, float, float, int]] = {}
    for label in sorted(set(n_gold) | set(n_pred)):
        p = correct[label] / n_pred[label] if n_pred[label] else 0.0
        r = correct[label] / n_gold[label] if n_gold[label] else 0.0
        per[label] = (p, r, _f1(p, r), n_gold[label])
    return TCScore(precision, recall, _f1(precision, recall), per, dict(confusion))
