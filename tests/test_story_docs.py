"""Document-level stories: grouping by lead vector, actors and publication day."""

from __future__ import annotations

import numpy as np

from rashomon.eval.doclink import _pairs, prf
from rashomon.linking.story_docs import DocRecord, DocSettings, group_documents, lead_text


def _unit(*values: float) -> np.ndarray:
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_similar_articles_of_the_same_days_group_and_others_do_not() -> None:
    records = [
        DocRecord("a", 100, _unit(1, 0.1, 0), frozenset({"x", "y"})),
        DocRecord("b", 101, _unit(1, 0.2, 0), frozenset({"x"})),
        DocRecord("c", 101, _unit(0, 0, 1), frozenset({"z"})),  # other news, same days
        DocRecord("d", 140, _unit(1, 0.1, 0), frozenset({"x", "y"})),  # same words, weeks later
        DocRecord("e", None, _unit(0, 0.1, 1), frozenset({"z"})),  # undated: may join any
    ]
    groups = group_documents(records)
    assert groups["a"] == groups["b"] == "a"
    assert len({groups["a"], groups["c"], groups["d"]}) == 3
    assert groups["e"] == groups["c"]
    # a threshold above any score keeps every article alone
    assert len(set(group_documents(records, DocSettings(threshold=1.01)).values())) == 5


def test_groups_depend_only_on_the_articles_given_in_canonical_order() -> None:
    records = [
        DocRecord("old", 100, _unit(1, 0, 0), frozenset()),
        DocRecord("new", 100, _unit(1, 0.1, 0), frozenset()),
        DocRecord("far", 101, _unit(0, 1, 0), frozenset()),
    ]
    # however many calls brought them in, the same records in the same order group the same
    assert group_documents(records[:2]) == {"old": "old", "new": "old"}
    assert group_documents(records) == {"old": "old", "new": "old", "far": "far"}


def test_lead_text_holds_the_title_once() -> None:
    assert lead_text("Title", "Title\n\nBody text.") == "Title\n\nBody text."
    assert lead_text("Title", "Body text.").startswith("Title\nBody")
    assert len(lead_text(None, "word " * 1000)) <= 600


def test_pairwise_scores() -> None:
    gold = _pairs([["a", "b", "c"], ["d", "e", "f"]])
    predicted = _pairs([["a", "b"], ["c", "d"]])
    row = prf(predicted, gold)
    assert row["precision"] == 0.5 and row["recall"] == 1 / 6
