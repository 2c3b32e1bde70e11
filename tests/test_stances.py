"""Stances on the example corpus: the partisan outlets take opposite sides."""

from __future__ import annotations

VNA = "Veskarian National Agency"
FTV = "Free Tarvesk Voice"


def _side_score(export: dict, outlet: str, is_side) -> float | None:
    """Evidence-weighted mean stance of an outlet towards the actors of one side."""
    names = {a["id"]: a["name"] for a in export["actors"]}
    rows = [
        s for s in export["stances"] if s["outlet"] == outlet and is_side(names.get(s["actor"], ""))
    ]
    total = sum(s["n"] for s in rows)
    return sum(s["score"] * s["n"] for s in rows) / total if total else None


def _rebels(name: str) -> bool:
    return "liberation coalition" in name.lower() or name in ("VLC", "VLC fighters")


def _government(name: str) -> bool:
    return name == "Oskar Malden" or "government" in name.lower()


def test_partisan_outlets_take_opposite_sides(corpus_export):
    vna_rebels = _side_score(corpus_export, VNA, _rebels)
    vna_gov = _side_score(corpus_export, VNA, _government)
    ftv_rebels = _side_score(corpus_export, FTV, _rebels)
    ftv_gov = _side_score(corpus_export, FTV, _government)
    assert vna_rebels is not None and vna_rebels < 0
    assert vna_gov is not None and vna_gov >= 0
    assert ftv_rebels is not None and ftv_rebels > 0
    assert ftv_gov is not None and ftv_gov < 0 and ftv_gov < vna_gov


def test_every_stance_carries_evidence(corpus_export):
    for stance in corpus_export["stances"]:
        assert -1 <= stance["score"] <= 1
        assert stance["evidence"] and all(e["text"] for e in stance["evidence"])


def _item(kind: str, start: int, end: int, text: str, doc: str = "d", **fields):  # noqa: ANN202
    from rashomon.document import Item

    item = Item(kind, start, end, text, fields)
    item.doc, item.id = doc, f"{kind}-{start}"
    return item


def test_quotes_and_quoted_labels_are_not_the_outlet_voice():
    """A much-quoted actor gains no sympathy from being quoted; a speaker's label about it is
    kept apart; only the outlet's own label is evidence of the outlet's stance."""
    from rashomon.linking.stance_model import (
        CueRule,
        DocumentItems,
        combined_score,
        document_features,
    )

    text_len = 400
    mentions = [_item("mentions", s, s + 4, "Vell", label="PERSON") for s in (0, 100, 200, 300)]
    links = {m.id: "a-vell" for m in mentions}
    quotes = [
        _item("quotes", 110 + 5 * i, 114 + 5 * i, "words", speaker_mention=mentions[1].id)
        for i in range(5)
    ]
    quoted = _item(
        "labels", 205, 212, "corrupt", polarity=-0.9, voice="speaker", actor_mention=mentions[2].id
    )
    own = _item(
        "labels", 305, 312, "reckless", polarity=-0.8, voice="outlet", actor_mention=mentions[3].id
    )
    sentences = [_item("sentences", s, s + 100, "x") for s in range(0, text_len, 100)]
    docs = DocumentItems("d", mentions, sentences, [quoted, own], quotes, [], [])
    evidence = document_features(docs, links)["a-vell"]
    assert evidence.features["speaks"] > 0 and evidence.features["quoted_neg"] > 0
    assert [(i.text, s) for i, s, _ in evidence.items] == [("reckless", "label")]
    assert combined_score(0.0, evidence) < -0.1
    no_weight = CueRule(weight=0.0)
    assert combined_score(0.0, evidence, no_weight) == 0.0  # the setting reaches the score
    weak = _item(
        "labels", 305, 312, "reckless", polarity=-0.8, voice="outlet",
        actor_mention=mentions[3].id, resolved="sentence",
    )  # fmt: skip
    docs = DocumentItems("d", mentions, sentences, [weak], quotes, [], [])
    evidence = document_features(docs, links)["a-vell"]
    # a loaded word only inferred to be about the actor is context, never the actor's own label
    assert [(i.text, s) for i, s, _ in evidence.items] == [("reckless", "context")]
    learned = _item(
        "labels", 305, 312, "reckless", polarity=-0.8, voice="outlet",
        actor_mention=mentions[3].id, learned=True,
    )  # fmt: skip
    docs = DocumentItems("d", mentions, sentences, [learned], quotes, [], [])
    assert document_features(docs, links)["a-vell"].items == []  # learned words: not for stance


def test_model_abstains_near_zero_and_reads_its_yaml():
    from rashomon.linking.stance_model import MODEL_FEATURES, NEUTRAL_CUT, load_model

    model = load_model()
    assert model.features == MODEL_FEATURES and set(model.classes) <= {-1, 0, 1}
    assert 0.0 < model.threshold <= 1.01
    blank = dict.fromkeys(MODEL_FEATURES, 0.0)
    value = model.score(blank)
    probabilities = model.probabilities(blank)
    assert abs(sum(probabilities.values()) - 1) < 1e-9
    signed = max(probabilities.get(-1, 0.0), probabilities.get(1, 0.0)) >= model.threshold
    assert (abs(value) >= NEUTRAL_CUT) == signed
    wider = model.score(blank, neutral_cut=0.5)
    assert (abs(wider) >= 0.5) == signed


def test_threshold_decides_the_sign_and_abstention_keeps_the_lean():
    from rashomon.linking.stance_model import StanceModel

    # one feature, hostile logit = 2 * x: P(hostile) 0.5 at x = 0, 0.88 at x = 1
    def model(threshold: float) -> StanceModel:
        return StanceModel(("x",), (0.0,), (1.0,), (0, -1), ((0.0,), (2.0,)), (0.0, 0.0), threshold)

    assert model(0.6).score({"x": 1.0}) <= -0.8  # answers hostile
    lean = model(0.9).score({"x": 1.0})
    assert -0.1 < lean < 0  # abstains, still leaning hostile
    assert model(0.9).score({"x": -1.0}) > lean  # less hostile ranks higher
    assert abs(model(0.9).score({"x": 0.0})) < 0.1


def test_threshold_is_chosen_on_out_of_fold_predictions():
    import numpy as np

    from rashomon.eval.stance_cv import THRESHOLDS, choose_threshold, fit
    from rashomon.linking.stance_model import MODEL_FEATURES

    rng = np.random.default_rng(0)
    n = 200
    hostile = rng.random(n) < 0.3
    x = rng.normal(size=(n, len(MODEL_FEATURES)))
    x[:, 0] += np.where(hostile, 3.0, 0.0)  # a clear signal: a sign is worth answering
    y = np.where(hostile, -1, 0)
    groups = [f"t{i // 3}" for i in range(n)]
    chosen = choose_threshold(x, y, groups)
    assert chosen in THRESHOLDS and chosen < 1.0
    model = fit(x, y, groups)
    predicted = [model.score(dict(zip(MODEL_FEATURES, row, strict=True))) for row in x]
    assert np.mean((np.array(predicted) <= -0.1) == hostile) > 0.85
    noise = rng.normal(size=(n, len(MODEL_FEATURES)))  # no signal: abstain everywhere
    assert choose_threshold(noise, y, groups) > 0.5


def _labels(*polarities: float):  # noqa: ANN202
    from rashomon.linking.stance_model import Evidence

    items = [(_item("labels", i, i + 1, "x"), "label", p) for i, p in enumerate(polarities)]
    return Evidence({}, items)


def test_min_cues_needs_enough_cues():
    from rashomon.linking.stance_model import CueRule, combined_score

    two = CueRule(min_cues=2)
    assert combined_score(-0.02, _labels(-0.8)) < -0.1  # default 1: one label counts
    assert combined_score(-0.02, _labels(-0.8), two) == -0.02
    assert combined_score(-0.02, _labels(-0.8, -0.5), two) < -0.1
    assert combined_score(-0.02, _labels(0.8, 0.5, -0.5), two) > 0.1


def test_a_lone_label_in_an_article_is_colour_a_labelling_article_takes_sides():
    """Labels count only in an article with min_article_cues cues on all its actors together;
    a violent act with known victims counts in any article."""
    from rashomon.linking.stance_model import (
        MIN_ARTICLE_CUES,
        CueRule,
        Evidence,
        article_cues,
        combined_score,
    )

    assert MIN_ARTICLE_CUES == 2  # chosen by CV on BASIL dev (docs/cross-outlet.md)
    lone = _labels(-0.8)
    assert article_cues([lone]) == 1
    assert combined_score(-0.02, lone, None, 1) == -0.02
    assert combined_score(-0.02, lone, None, 2) < -0.1
    assert combined_score(-0.02, lone, CueRule(min_article_cues=1), 1) < -0.1
    other = _labels(-0.8, 0.6)  # the same first label seen again on another actor: one cue
    assert article_cues([lone, other]) == 2
    act = _item("events", 5, 12, "shelled", patient_class="civilian")
    acted = Evidence({}, [(act, "agent", -0.5)])
    assert combined_score(-0.02, acted, None, 1) < -0.1


def test_min_article_cues_is_chosen_on_the_training_pairs():
    """The choice keeps the lone labels when they are right, drops them when wrong (ties:
    the lower, which keeps more labels)."""
    import numpy as np

    from rashomon.eval.stance_cv import Examples, choose_article_cues

    def data(gold: list[int]) -> Examples:
        evidence = [_labels(-0.8), _labels(-0.8), _labels(-0.6)]
        return Examples(evidence, [], np.zeros((3, 1)), np.array(gold), [], [1, 1, 2])

    plain = np.array([-0.02, -0.02, -0.02])
    assert choose_article_cues(data([-1, -1, -1]), np.arange(3), plain) == 1
    assert choose_article_cues(data([0, 0, -1]), np.arange(3), plain) == 2
    assert choose_article_cues(data([0, 0, 0]), np.arange(3), plain) == 3


def test_an_attack_verb_is_evidence_but_no_cue():
    from rashomon.linking.stance_model import DocumentItems, combined_score, document_features

    text = "Dorrin Vale slammed the plan. Dorrin Vale spoke again."
    mentions = [_item("mentions", 0, 11, "Dorrin Vale"), _item("mentions", 30, 41, "Dorrin Vale")]
    sentences = [_item("sentences", 0, 29, text[:29]), _item("sentences", 30, 54, text[30:])]
    verb = _item(
        "labels", 12, 19, "slammed", polarity=-0.6, voice="outlet", position="verb",
        actor_mention=mentions[0].id,
    )  # fmt: skip
    links = {m.id: "a-vale" for m in mentions}
    docs = DocumentItems("d", mentions, sentences, [verb], [], [], [])
    evidence = document_features(docs, links)["a-vale"]
    assert [(source, p) for _, source, p in evidence.items] == [("verb", -0.6)]
    assert combined_score(-0.02, evidence) == -0.02


def test_per_fold_gives_each_held_out_fold_its_accuracy_and_the_constant(monkeypatch):
    """The CV's spread: per fold, the system's 3-way accuracy beside 'always neutral'."""
    from rashomon.eval import stance_cv

    aligned = [("d1", "A", -1, "a"), ("d2", "B", 0, "b"), ("d3", "C", 0, "c"), ("d4", "D", 0, None)]
    monkeypatch.setattr(stance_cv, "align", lambda store, records: aligned)
    scores = {("d1", "a"): -0.5, ("d2", "b"): -0.5, ("d3", "c"): 0.0}
    folds = {("d1", "a"): 0, ("d2", "b"): 0, ("d3", "c"): 1}
    spread = stance_cv.per_fold(None, [], scores, folds)  # type: ignore[arg-type]
    assert spread == {"system": [0.5, 1.0], "always neutral": [0.5, 1.0]}


def test_model_spec_adds_or_replaces_features_and_rejects_unknown_ones():
    import pytest

    from rashomon.eval.stance_cv import C, ModelSpec
    from rashomon.linking.stance_model import MODEL_FEATURES

    assert ModelSpec.parse(None, None) == ModelSpec(MODEL_FEATURES, C)
    added = ModelSpec.parse("+learned_own,mentions", 0.1)
    assert added.features == (*MODEL_FEATURES, "learned_own") and added.c == 0.1
    assert ModelSpec.parse("share,learned_context", None).features == ("share", "learned_context")
    with pytest.raises(ValueError, match="unknown stance features"):
        ModelSpec.parse("+loudness", None)


def test_learned_words_are_counted_apart_and_never_move_the_shipped_features():
    """A learned hostile word on the actor counts as learned_own only; a quoted hostile word
    about someone else in the actor's sentence as speaker context."""
    from rashomon.linking.stance_model import DocumentItems, document_features

    holm = [_item("mentions", s, s + 4, "Holm", label="PERSON") for s in (0, 100)]
    brekke = _item("mentions", 130, 136, "Brekke", label="PERSON")
    sly = _item(
        "labels", 20, 23, "sly", polarity=-0.4, voice="outlet", learned=True,
        actor_mention=holm[0].id, resolved="sentence",
    )  # fmt: skip
    liar = _item(
        "labels", 140, 144, "liar", polarity=-0.8, voice="speaker", actor_mention=brekke.id
    )
    sentences = [_item("sentences", s, s + 100, "x") for s in (0, 100)]
    docs = DocumentItems("d", [*holm, brekke], sentences, [sly, liar], [], [], [])
    links = {holm[0].id: "holm", holm[1].id: "holm", brekke.id: "brekke"}
    f = document_features(docs, links)["holm"].features
    assert f["learned_own"] == 1 and f["learned_context"] == 0
    assert f["speaker_context_neg"] == 1
    assert f["own_neg"] == f["context_neg"] == f["quoted_neg"] == 0


def test_a_violent_act_is_a_cue_only_with_victims_of_a_known_kind():
    """'Vale fired the director' (no victims' class: figurative) is evidence but no cue;
    'Vale's men shelled the market, killing 12 civilians' moves the score."""
    from rashomon.linking.stance_model import DocumentItems, combined_score, document_features

    mentions = [_item("mentions", 0, 4, "Vale"), _item("mentions", 60, 64, "Vale")]
    sentences = [_item("sentences", 0, 50, "x"), _item("sentences", 60, 100, "y")]
    links = {m.id: "a-vale" for m in mentions}
    fields = {"type": "ASSAULT", "modality": "asserted", "agent_mention": mentions[0].id}
    fired = _item("events", 5, 10, "fired", **fields)
    docs = DocumentItems("d", mentions, sentences, [], [], [fired], [])
    evidence = document_features(docs, links)["a-vale"]
    assert [(source, p) for _, source, p in evidence.items] == [("agent", -0.5)]
    assert combined_score(-0.02, evidence) == -0.02
    shelled = _item("events", 5, 12, "shelled", patient_class="civilian", **fields)
    docs = DocumentItems("d", mentions, sentences, [], [], [shelled], [])
    assert combined_score(-0.02, document_features(docs, links)["a-vale"]) < -0.1
