"""Decoding, the slogan form rule, calibration and the CV split (invented texts only)."""

from __future__ import annotations

import numpy as np

from rashomon.techniques.cv import (
    PARTS,
    Prepared,
    apply,
    at_least,
    part_of,
    report_threshold,
    si_score,
)
from rashomon.techniques.data import Article
from rashomon.techniques.decode import (
    CAL_FEATURES,
    calibrated,
    combine,
    decode,
    fit_calibrator,
    form_lines,
    slogan_text,
    token_means,
)
from rashomon.techniques.features import span_features
from rashomon.techniques.tokens import tokenize

TEXT = (
    "Glory to the river valley and its brave farmers!\n"
    "The board of the water company met on Tuesday to discuss the tariff for next year.\n"
    "STOP THE DAM NOW\n"
    "A spokesperson said the tariff would rise by two percent, as planned in the spring.\n"
    "The committee discussed the matter at length and reported that nothing had changed!"
)


def test_form_rule_marks_short_exclamatory_and_capital_lines_only() -> None:
    forms = form_lines(tokenize(TEXT))
    assert forms.tolist() == [True, False, True, False, False]
    # without the exclamation/capitals rule only the slogan opening ("Glory to ...") is left
    assert form_lines(tokenize(TEXT), False).tolist() == [True, False, False, False, False]


def test_a_form_line_is_decoded_whole_even_with_low_scores() -> None:
    tokens = tokenize(TEXT)
    tok = np.zeros(len(tokens))
    sent = np.zeros(len(tokens.bounds))
    found = decode(tokens, tok, sent, 0.5, 0.5, 1, form_lines(tokens))
    texts = [TEXT[c.start : c.end] for c in found]
    assert texts == ["Glory to the river valley and its brave farmers!", "STOP THE DAM NOW"]
    assert all(c.features[CAL_FEATURES.index("form")] == 1.0 for c in found)
    assert decode(tokens, tok, sent, 0.5, 0.5, 1) == []


def test_decode_splits_confident_runs_at_gaps() -> None:
    tokens = tokenize("One two three four five six seven eight.")
    tok = np.array([0.9, 0.9, 0.1, 0.1, 0.1, 0.9, 0.9, 0.1, 0.0])
    found = decode(tokens, tok, np.array([0.9]), 0.5, 0.5, 1)
    assert [tokens.text[c.start : c.end] for c in found] == ["One two", "six seven"]
    assert len(decode(tokens, tok, np.array([0.9]), 0.5, 0.5, 0)) == 1


def test_combine_mixes_only_chosen_sentences() -> None:
    tokens = tokenize("Alpha beta gamma. Delta epsilon.")
    tok = np.full(len(tokens), 0.2)
    tagged = np.full(len(tokens), 0.8)
    chosen = np.array([True, False])
    new_tok, new_sent = combine(tokens, tok, np.array([0.3, 0.3]), tagged, chosen, {})
    first, last = tokens.bounds[0]
    assert np.allclose(new_tok[first:last], 0.5)
    assert new_sent[0] > 0.3 and new_sent[1] == 0.3


def test_token_means_average_characters() -> None:
    tokens = tokenize("ab cd")
    chars = np.array([1.0, 0.0, 0.0, 0.5, 0.5, 0.0])
    assert np.allclose(token_means(chars, tokens), [0.5, 0.5])


def test_calibrator_orders_by_the_evidence() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 6))
    credit = (x[:, 0] > 0).astype(float)
    weights = fit_calibrator(x, credit)
    assert weights[0] > 1.0

    class Fake:
        def __init__(self, f: list[float]) -> None:
            self.features = f

    probs = calibrated([Fake([2, 0, 0, 0, 0, 0]), Fake([-2, 0, 0, 0, 0, 0])], weights)  # type: ignore[list-item]
    assert probs[0] > 0.8 > 0.2 > probs[1]


def test_cv_parts_are_stable_and_cover_all() -> None:
    ids = [str(700000 + i) for i in range(300)]
    parts = [part_of(i) for i in ids]
    assert set(parts) == set(range(PARTS))
    assert parts == [part_of(i) for i in ids]


def test_context_features_see_earlier_repeats_and_questions() -> None:
    text = "Is this fair? Make the valley green. They said it again: make the valley green."
    tokens, lower = tokenize(text), text.lower()
    start = lower.rindex("make the valley green")
    end = start + len("make the valley green")
    feats = span_features(tokens, start, end, lower, context=True)
    assert "earlier=1" in feats and "sk=." in feats
    first = lower.index("make the valley green")
    feats = span_features(tokens, first, first + 21, lower, context=True)
    assert "earlier=0" in feats and "sk-1=?" in feats
    assert not any(f.startswith("earlier") for f in span_features(tokens, first, first + 21, lower))


def test_slogan_openings_are_form_lines_without_an_exclamation_mark() -> None:
    text = (
        "Down with the toll on the northern bridge\n"
        "The council said the toll would stay until the bridge loan is repaid in full next year.\n"
        "Long live the orchard cooperative\n"
        "Down with the rain, the forecast said, came colder air from the hills and a strong wind."
    )
    assert form_lines(tokenize(text)).tolist() == [True, False, True, False]
    assert slogan_text("Solidarity with the striking bakers")
    assert not slogan_text("Solidarity")  # the opening alone is no slogan
    assert not slogan_text("The bakers asked for solidarity with the drivers")


def test_calibration_with_fewer_weights_reads_the_first_features() -> None:
    tokens = tokenize(TEXT)
    found = decode(
        tokens, np.zeros(len(tokens)), np.zeros(len(tokens.bounds)), 0.5, 0.5, 1, form_lines(tokens)
    )
    assert all(len(c.features) == len(CAL_FEATURES) for c in found)
    old = [0.0] * 5 + [2.0, 0.0]  # six features and an intercept: only the form flag counts
    assert np.allclose(calibrated(found, old), 1 / (1 + np.exp(-2.0)))


def _prepared(n: int = 30) -> list[Prepared]:
    """Invented articles: a loaded line (gold, scored high) among plain ones (scored low,
    but a few plain ones scored high too, so the calibrated threshold has work to do)."""
    items = []
    for k in range(n):
        plain = f"The ferry timetable for route {k} was published on Monday.\n"
        loaded = f"These shameless crooks number {k} wreck everything!\n"
        text = plain + loaded + plain
        tokens = tokenize(text)
        sent = np.array([0.6 if k % 3 == 0 else 0.1, 0.9, 0.1])
        tok = np.full(len(tokens), 0.8)
        start = len(plain)
        article = Article(str(k), text, si=[(start, start + len(loaded) - 1)])
        forms = form_lines(tokens)
        items.append(Prepared(article, tokens, tok, sent, forms, forms))
    return items


def test_calibrated_threshold_keeps_the_confident_spans() -> None:
    items = _prepared()
    assert {i.part for i in items} == set(range(PARTS))
    params = {"sentence": 0.5, "token": 0.5, "gap": 1.0}
    loose = [s.precision for s in at_least(items, params, False, 0.0)[0]]
    strict = [s.precision for s in at_least(items, params, False, 0.5)[0]]
    none, test = at_least(items, params, False, 1.0, [0.0] * len(CAL_FEATURES) + [-50.0])
    assert np.mean(strict) > np.mean(loose)  # the plain lines scored 0.6 are dropped
    assert max(s.f1 for s in none) == 0.0 and test.f1 == 0.0  # the test part uses the weights
    least, folds = report_threshold(items, params, False)
    assert least > 0.0 and np.mean(folds) > 0.9


def test_class_prior_moves_close_calls_to_the_common_technique() -> None:
    from rashomon.techniques.embedded import class_shares, with_prior

    articles = [Article("1", "x", tc=[("Common", 0, 1)] * 9 + [("Rare", 0, 1)])]
    shares = class_shares(articles)
    assert shares == {"Common": 0.9, "Rare": 0.1}
    probs = np.array([[0.45, 0.55], [0.1, 0.9]])
    assert with_prior(probs, ["Common", "Rare"], shares, 0.0) is probs
    moved = with_prior(probs, ["Common", "Rare"], shares, 0.5)
    assert np.allclose(moved.sum(axis=1), 1.0)
    assert moved[0].argmax() == 0 and moved[1].argmax() == 1  # a close call flips, a clear one not


def test_slope_takes_more_of_a_sure_sentence_only() -> None:
    tokens = tokenize("One two three four five. Six seven eight nine ten.")
    tok = np.array([0.9, 0.45, 0.45, 0.45, 0.9, 0.0] * 2)
    sent = np.array([0.9, 0.55])
    flat = decode(tokens, tok, sent, 0.5, 0.5, 1)
    assert [tokens.text[c.start : c.end] for c in flat] == ["One", "five", "Six", "ten"]
    sloped = decode(tokens, tok, sent, 0.5, 0.5, 1, slope=0.5)
    # the sure sentence's cut falls to 0.3, the borderline one's stays near 0.5
    assert [tokens.text[c.start : c.end] for c in sloped] == [
        "One two three four five",
        "Six",
        "ten",
    ]


def _sloped_items(n: int = 30) -> list[Prepared]:
    """Invented articles: a sure line that is gold whole but has only its first words
    confident, and a borderline line whose confident first words are all that is gold."""
    items = []
    for k in range(n):
        sure = f"These shameless crooks from town {k} wreck the whole valley!\n"
        edge = f"Reckless schemers met the board of route {k} on Monday.\n"
        text = sure + edge
        tokens = tokenize(text)
        tok = np.full(len(tokens), 0.45)
        for first, _ in tokens.bounds:
            tok[first : first + 2] = 0.9
        gold = [(0, len(sure) - 1), (len(sure), len(sure) + len("Reckless schemers"))]
        forms = np.zeros(2, dtype=bool)
        article = Article(str(k), text, si=gold)
        items.append(Prepared(article, tokens, tok, np.array([0.9, 0.55]), forms, forms))
    return items


def test_slope_search_keeps_a_slope_only_when_it_pays() -> None:
    from rashomon.techniques.cv import search_decoding

    params, folds = search_decoding(_sloped_items(), False)
    assert params["slope"] > 0.0 and np.mean(folds) > 0.95
    flat = {**params, "slope": 0.0}
    assert (
        si_score(_sloped_items(), apply(_sloped_items(), params, False)).f1
        > si_score(_sloped_items(), apply(_sloped_items(), flat, False)).f1
    )
