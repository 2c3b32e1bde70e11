"""TC context: the span's sentence, repeated spans, the sentence head and their CV weights."""

from __future__ import annotations

import numpy as np

from rashomon.techniques.cv_tc import _Fold
from rashomon.techniques.data import Article
from rashomon.techniques.embedded import Encoder
from rashomon.techniques.model import default_model
from rashomon.techniques.tc_context import favour_repeats, repeated, span_sentence
from rashomon.techniques.tokens import tokenize

TEXT = (
    "The mill owners met on Monday. Stop the toll road now, the crowd shouted.\n"
    "Officials said the toll road would open in May. Stop the toll road now!"
)
CLASSES = ["Loaded_Language", "Repetition", "Slogans"]


def test_span_sentence_is_the_sentence_holding_the_span() -> None:
    tokens = tokenize(TEXT)
    start = TEXT.index("toll road")
    assert span_sentence(tokens, start, start + 9) == ("Stop the toll road now, the crowd shouted.")
    # a span across two sentences reads both
    a, b = TEXT.index("Monday"), TEXT.index("crowd")
    assert span_sentence(tokens, a, b).startswith("The mill owners") and "shouted" in (
        span_sentence(tokens, a, b)
    )


def test_repeated_marks_spans_whose_text_recurs_at_other_offsets() -> None:
    first = TEXT.index("Stop the toll road now")
    second = TEXT.rindex("Stop the toll road now")
    other = TEXT.index("Officials")
    spans = [(first, first + 22), (second, second + 22), (other, other + 9), (other, other + 9)]
    # the same offsets listed twice (a span with two labels) is not a repetition
    assert repeated(TEXT, spans).tolist() == [True, True, False, False]
    assert repeated(TEXT.upper(), spans[:2]).tolist() == [True, True]


def test_favour_repeats_moves_flagged_rows_towards_repetition_only() -> None:
    probs = np.asarray([[0.6, 0.3, 0.1], [0.6, 0.3, 0.1]])
    flags = np.asarray([True, False])
    out = favour_repeats(probs, CLASSES, flags, 2.0)
    assert out[0].argmax() == 1 and np.allclose(out[0].sum(), 1.0)
    assert np.allclose(out[1], probs[1])
    assert np.array_equal(favour_repeats(probs, CLASSES, flags, 0.0), probs)
    assert np.array_equal(favour_repeats(probs, ["A", "B", "C"], flags, 2.0), probs)


def _articles(n: int, offset: int = 0) -> list[Article]:
    out = []
    for i in range(offset, offset + n):
        text = (
            f"Vile traitors {i} ruin the harbour. Vile traitors {i} ruin it. Shame on the dam {i}!"
        )
        second = text.index("Vile", 5)
        out.append(
            Article(
                str(i),
                text,
                tc=[
                    ("Loaded_Language", 0, 4),
                    ("Repetition", second, second + 4),
                    ("Slogans", text.index("Shame"), len(text)),
                ],
            )
        )
    return out


def test_fold_scores_the_sentence_head_and_the_repeat_bonus() -> None:
    fold = _Fold(_articles(8), _articles(3, 50), Encoder("hashing"))
    assert fold.sent is not None and fold.sent.shape == (9, 3)
    assert fold.repeat.tolist() == [True, True, False] * 3
    base = fold.f1(False, 0.0).f1
    # the repeated word gets its two labels apart only with the bonus
    assert fold.f1(False, 0.0, repeat=2.0).f1 >= base
    assert 0.0 <= fold.f1(True, 1.0, 0.5, 0.5, 1.0).f1 <= 1.0


def test_shipped_model_has_the_cv_chosen_context_options() -> None:
    model = default_model()
    assert "context" in model.heads
    assert model.params["tc_sentence"] > 0 and model.params["tc_repeat"] > 0


def test_the_ngram_mode_reads_its_own_prior_and_repeat_bonus() -> None:
    model = default_model()  # the pipeline's default: no heads
    text = "The greedy dam builders won. The dam opened. The greedy dam builders won."
    spans = [(0, 27), (text.rindex("The greedy"), len(text) - 1)]
    params = dict(model.params)
    try:
        model.params = {**params, "ngram_tc_repeat": 0.0, "tc_repeat": 9.0}
        plain = model.rank(text, spans)
        model.params = {**params, "ngram_tc_repeat": 9.0, "tc_repeat": 0.0}
        assert model.rank(text, spans)[0][0][0] == "Repetition"
        assert plain[0][0][0] != "Repetition" or plain[0][0][1] < 0.99
    finally:
        model.params = params
