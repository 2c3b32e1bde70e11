"""SemEval-2020 Task 11 metrics on hand-made cases."""

from __future__ import annotations

import pytest

from rashomon.techniques.metrics import merge_spans, score_si, score_tc


def test_merge_spans_joins_overlaps_only() -> None:
    assert merge_spans([(5, 9), (0, 3), (2, 4), (9, 12), (7, 7)]) == [(0, 4), (5, 9), (9, 12)]


def test_si_exact_match_scores_one() -> None:
    score = score_si({"a": [(0, 10)]}, {"a": [(0, 10)]})
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_si_partial_overlap_credit() -> None:
    # predicted 0-10 covers half of gold 5-15: P = 5/10, R = 5/10
    score = score_si({"a": [(0, 10)]}, {"a": [(5, 15)]})
    assert score.precision == pytest.approx(0.5)
    assert score.recall == pytest.approx(0.5)
    assert score.f1 == pytest.approx(0.5)


def test_si_gold_spans_merged_before_scoring() -> None:
    # gold 0-6 and 4-10 merge into 0-10; the prediction 0-5 covers half of it
    score = score_si({"a": [(0, 5)]}, {"a": [(0, 6), (4, 10)]})
    assert score.gold == 1
    assert score.precision == pytest.approx(1.0)
    assert score.recall == pytest.approx(0.5)


def test_si_averages_over_spans_and_articles() -> None:
    predicted = {"a": [(0, 4), (10, 20)], "b": [(0, 2)]}
    gold = {"a": [(0, 4)], "b": [(1, 5)], "c": [(0, 3)]}
    score = score_si(predicted, gold)
    # P: (1 + 0 + 1/2) / 3 spans; R: (1 + 1/4 + 0) / 3 spans
    assert score.precision == pytest.approx(1.5 / 3)
    assert score.recall == pytest.approx(1.25 / 3)
    assert score.f1 == pytest.approx(2 * 0.5 * (1.25 / 3) / (0.5 + 1.25 / 3))


def test_si_no_predictions_is_zero() -> None:
    score = score_si({}, {"a": [(0, 3)]})
    assert (score.precision, score.recall, score.f1) == (0.0, 0.0, 0.0)


def test_tc_micro_f1_per_technique_and_confusion() -> None:
    gold = [
        ("a", "Doubt", 0, 5),
        ("a", "Slogans", 6, 9),
        ("a", "Repetition", 10, 12),
        ("a", "Slogans", 10, 12),
    ]
    pred = [
        ("a", "Doubt", 0, 5),
        ("a", "Doubt", 6, 9),
        ("a", "Slogans", 10, 12),
        ("a", "Repetition", 10, 12),
    ]
    score = score_tc(pred, gold)
    assert score.f1 == pytest.approx(0.75)
    assert score.per_technique["Doubt"][:3] == pytest.approx((0.5, 1.0, 2 / 3))
    assert score.per_technique["Slogans"][:3] == pytest.approx((1.0, 0.5, 2 / 3))
    assert score.confusion[("Slogans", "Doubt")] == 1
    assert score.confusion[("Repetition", "Repetition")] == 1
