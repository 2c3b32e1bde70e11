"""The stacked sentence classifier: its rows, labels, out-of-fold fit and CV comparison."""

from __future__ import annotations

import numpy as np

from rashomon.techniques.cv import PARTS, Prepared, part_of
from rashomon.techniques.data import Article
from rashomon.techniques.stack import (
    STACK_FEATURES,
    evaluate_stack,
    gold_sentences,
    out_of_fold,
    report_lines,
    sentence_labels,
    sentence_rows,
    stack_data,
)
from rashomon.techniques.stack_train import (
    CONTEXT_FEATURES,
    context_rows,
    evaluate_train_stack,
    train_rows,
)
from rashomon.techniques.tokens import tokenize
from rashomon.techniques.train import Settings

PARAMS = {"tag_weight": 0.5, "tag_mix": 2.0, "tag_head": 1.0, "sentence": 0.5, "token": 0.55}
PARAMS |= {"gap": 1.0, "forms": 0.0, "slope": 0.0}
# invented lines: the exclamations carry the (made-up) gold spans, the plain lines none
LOUD = ("The plan is a total disaster!", "Nobody believes these people anymore!")
CALM = ("The council met on a Tuesday.", "Officials counted the ballots twice.")


def _article(article_id: str, rng: np.random.Generator) -> Prepared:
    lines = [str(rng.choice(LOUD)) if k % 3 == 0 else str(rng.choice(CALM)) for k in range(6)]
    text = "\n".join(lines)
    gold, start = [], 0
    for line in lines:
        if line.endswith("!"):
            gold.append((start, start + len(line) - 1))
        start += len(line) + 1
    tokens = tokenize(text)
    n = len(tokens.bounds)
    flat = np.full(len(tokens), 0.6)
    # the shipped parts' scores are noise here: only the form of the line tells
    return Prepared(
        Article(article_id, text, gold),
        tokens,
        flat.copy(),
        rng.uniform(0.2, 0.8, n),
        np.zeros(n, dtype=bool),
        np.zeros(n, dtype=bool),
        rng.uniform(0.2, 0.8, n),
        flat.copy(),
    )


def _items(per_part: int = 5) -> list[Prepared]:
    rng = np.random.default_rng(0)
    counts = dict.fromkeys(range(PARTS), 0)
    out = []
    for k in range(1000):
        article_id = f"invented{k}"
        if counts[part_of(article_id)] < per_part:
            counts[part_of(article_id)] += 1
            out.append(_article(article_id, rng))
    return out


def test_rows_and_labels_follow_the_sentences() -> None:
    item = _items(1)[0]
    rows = sentence_rows(item, item.sent)
    assert rows.shape == (len(item.tokens.bounds), len(STACK_FEATURES))
    exclaims = rows[:, STACK_FEATURES.index("exclamation")]
    assert list(sentence_labels(item)) == list(exclaims)
    assert rows[0, STACK_FEATURES.index("title")] == 1.0
    assert rows[:, STACK_FEATURES.index("rank")].min() == 0.0


def test_out_of_fold_scores_every_article_and_learns_the_form() -> None:
    items = _items()
    mixed = {i.article.id: (i.tok, i.sent) for i in items}
    stacked = out_of_fold(items, stack_data(items, mixed), 1.0)
    assert set(stacked) == {i.article.id for i in items}
    for item in items:
        gold = sentence_labels(item).astype(bool)
        assert stacked[item.article.id][gold].min() > stacked[item.article.id][~gold].max()


def test_stacker_beats_an_uninformative_mix_on_folds_and_test() -> None:
    result = evaluate_stack(_items(), PARAMS, lambda _: None)
    assert np.mean(result.folds) > np.mean(result.base_folds) + 0.1
    assert result.test.f1 > result.base_test.f1
    assert result.auc > 0.95 > result.base_auc
    assert "stack_c" in result.params and len(report_lines(result)) == 3


def test_context_rows_have_one_column_per_feature() -> None:
    item = _items(1)[0]
    rows = context_rows(item.tokens, item.sent)
    assert rows.shape == (len(item.tokens.bounds), len(CONTEXT_FEATURES))
    assert rows[:, CONTEXT_FEATURES.index("rank")].min() == 0.0
    assert rows[0, CONTEXT_FEATURES.index("previous")] == -4.0


def test_train_split_stacker_learns_the_form_from_other_articles() -> None:
    rng = np.random.default_rng(1)
    train = [_article(f"invented-train{k}", rng).article for k in range(40)]
    x, y = train_rows(train, Settings(), lambda _: None)
    assert len(x) == len(y) == 40 * 6 and 0 < y.mean() < 1
    items = _items()
    result = evaluate_train_stack(items, train, PARAMS, lambda _: None)
    assert np.mean(result.folds) > np.mean(result.base_folds) + 0.1
    assert result.test.f1 > result.base_test.f1
    # the fixed mix's figures taken over from another result are the same as computed
    base = evaluate_stack(items, PARAMS, lambda _: None)
    again = evaluate_train_stack(items, train, PARAMS, lambda _: None, base=base)
    assert (again.base_folds, again.base_test, again.base_auc) == (
        result.base_folds,
        result.base_test,
        result.base_auc,
    )
    assert (again.params, again.folds, again.test) == (result.params, result.folds, result.test)


def test_gold_sentences_are_the_sentences_overlapping_a_span() -> None:
    tokens = tokenize("One two.\nThree four.\nFive six.")
    # an empty span marks nothing; one between two sentences (touching both) neither
    spans = [(0, 3), (9, 9), (20, 21)]
    assert list(gold_sentences(tokens, spans)) == [1.0, 0.0, 0.0]
    assert list(gold_sentences(tokens, [(12, 23)])) == [0.0, 1.0, 1.0]
    assert list(gold_sentences(tokens, [])) == [0.0, 0.0, 0.0]


def test_part_of_keeps_its_split_and_takes_another_salt() -> None:
    ids = [f"invented{k}" for k in range(200)]
    assert {part_of(i) for i in ids} == set(range(PARTS))
    assert all(part_of(i) == part_of(i, "rashomon-cv", PARTS) for i in ids)
    assert {part_of(i, "rashomon-stack", 5) for i in ids} == set(range(5))
    assert [part_of(i, "rashomon-stack", 5) for i in ids] != [part_of(i) % 5 for i in ids]
