"""The learned attribution model: candidates from the parse, training, the rules fallback."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest

from rashomon.document import Document
from rashomon.quotes import learned
from rashomon.quotes.features import cue_class
from rashomon.quotes.quote_marks import find_quotes
from rashomon.quotes.training import cue_vocabulary, overlaps, save, train

SENTENCES = [
    ("Minister Jana Orlov said that the bridge at Brelka would reopen in May.", "the bridge"),
    ("The mayor believes the harbour tax is too high for small boats.", "the harbour tax"),
    ("Tomas Venko wants to close the old ferry line before winter.", "close the old ferry"),
    ("The river council denied that it had sold the northern quay.", "it had sold"),
    ("The new quay will cost more than planned, according to the port office.", "The new quay"),
    ("The weather was cold and the boats stayed in the harbour all week.", None),
    ("The mayor believes in the old harbour and its long history.", None),
    ("Tomas Venko wants a new boat for the river crossing at Dravo.", None),
    ("The council denied the fishing crews access to the northern quay.", None),
]


def _record(text: str, content: str | None) -> dict:
    quotes = []
    if content is not None:
        start = text.index(content)
        end = len(text.rstrip(".")) if "according" not in text else text.index(", according")
        cue_word = next(
            w for w in ("said", "believes", "wants", "denied", "according to") if w in text
        )
        cs = text.index(cue_word)
        quotes.append(
            {
                "start": start,
                "end": end,
                "kind": "indirect",
                "cue": {"start": cs, "end": cs + len(cue_word), "text": cue_word},
            }
        )
    return {"id": "t", "text": text, "quotes": quotes}


@pytest.fixture(scope="module")
def pairs(pipeline):
    records = [_record(t, c) for t, c in SENTENCES] * 3
    return list(zip(pipeline.nlp.pipe(r["text"] for r in records), records, strict=True))


def test_overlap_is_half_of_the_longer_span():
    assert overlaps((0, 10), (0, 6))
    assert not overlaps((0, 10), (0, 4))
    assert not overlaps((0, 4), (4, 8))


def test_cue_vocabulary_counts_lemmas_of_gold_cues(pairs):
    vocab = cue_vocabulary(pairs, 3)
    assert {"say", "believe", "want", "deny"} <= vocab
    assert "cold" not in vocab


def test_candidates_cover_clause_infinitive_and_according(pairs):
    vocab = cue_vocabulary(pairs, 1)
    kinds = {c.kind for doc, _ in pairs for c in learned.candidates(doc, [], vocab)}
    assert {"ccomp", "xcomp", "according"} <= kinds


def test_trained_model_finds_reports_and_saves_small(pairs, tmp_path: Path, pipeline):
    data = train(pairs, seed=1, log=lambda _: None)
    model = save(data, tmp_path / "m.joblib")
    assert (tmp_path / "m.joblib").stat().st_size < 25_000_000
    save(data, tmp_path / "elsewhere.json.gz")  # the same bytes under any file name
    assert (tmp_path / "elsewhere.json.gz").read_bytes() == (tmp_path / "m.joblib").read_bytes()
    doc = pipeline.nlp("Jana Orlov said that the ferry would sail again on Monday.")
    found = model.predict(doc, [])
    assert any("the ferry would sail" in doc.text[f.start : f.end] for f in found)
    quiet = pipeline.nlp("The boats stayed in the harbour all week.")
    assert model.predict(quiet, []) == []


def test_missing_model_falls_back_to_rules(monkeypatch):
    monkeypatch.setenv(learned.MODEL_ENV, "none")
    assert learned.load_model() is None
    monkeypatch.setenv(learned.MODEL_ENV, "/no/such/model.joblib")
    assert learned.load_model() is None


def test_packaged_model_is_small_when_present(monkeypatch):
    monkeypatch.delenv(learned.MODEL_ENV, raising=False)
    path = Path(learned.__file__).parent / "model" / learned.MODEL_FILE
    if not path.is_file():
        pytest.skip("no packaged model")
    assert path.stat().st_size <= 25_000_000
    model = learned.load_model()
    assert model is not None and 0.0 < model.threshold < 1.0


def test_cue_classes_come_from_the_data_file():
    assert cue_class("believe", "VERB") == "belief"
    assert cue_class("want", "VERB") == "intention"
    assert cue_class("say", "VERB") == "speech"
    assert cue_class("statement", "NOUN") == "noun"
    assert cue_class("critical", "ADJ") == "adjective"
    assert cue_class("statement", "VERB") == ""
    assert cue_class("harbour", "NOUN") == ""


MIXED = (
    "The mayor said the new ferry plan was “a disgrace to the whole harbour town and its people.”"
)


def _quoted(text: str) -> list[tuple[int, int]]:
    return [part for q in find_quotes(text) for part in q.parts]


def test_a_mostly_quoted_content_opening_unquoted_is_a_candidate(pipeline, monkeypatch):
    doc = pipeline.nlp(MIXED)
    quoted = _quoted(MIXED)
    cands = learned.candidates(doc, quoted, frozenset({"say"}))
    mixed = [c for c in cands if MIXED[c.found.start :].startswith("the new ferry plan")]
    assert mixed and mixed[0].features["qshare"] == "high"
    monkeypatch.setattr(learned, "LEARNED", replace(learned.LEARNED, mixed=False))
    cands = learned.candidates(doc, quoted, frozenset({"say"}))
    assert not [c for c in cands if MIXED[c.found.start :].startswith("the new ferry plan")]


def test_a_quote_inside_a_mixed_content_is_part_of_it(pipeline):
    doc = pipeline.nlp(MIXED)
    quote = _quoted(MIXED)
    content = learned.Indirect(MIXED.index("the new"), len(MIXED) - 1, (10, 14), doc[2])
    held = learned.mixed_holders(MIXED, [content])
    assert learned.inside_mixed(MIXED, quote, held)
    whole = learned.Indirect(MIXED.index("“"), len(MIXED), (10, 14), doc[2])  # all quoted
    assert not learned.inside_mixed(MIXED, quote, learned.mixed_holders(MIXED, [whole]))
    elsewhere = learned.Indirect(0, 9, (10, 14), doc[2])
    assert not learned.inside_mixed(MIXED, quote, learned.mixed_holders(MIXED, [elsewhere]))
    colon = "The mayor said the terms are simple: “Nobody sails until the quay is repaired.”"
    content = learned.Indirect(colon.index("the terms"), len(colon), (10, 14), doc[2])
    held = learned.mixed_holders(colon, [content])
    assert not learned.inside_mixed(colon, _quoted(colon), held)
    colon = "The mayor said the terms are simple: “Nobody sails until the quay is repaired.”"
    content = learned.Indirect(colon.index("the terms"), len(colon), (10, 14), doc[2])
    held = learned.mixed_holders(colon, [content])
    assert not learned.inside_mixed(colon, _quoted(colon), held)


def test_the_analyser_reports_a_mixed_quote_once_as_reported_speech(pipeline, monkeypatch):
    monkeypatch.delenv(learned.MODEL_ENV, raising=False)
    if learned.load_model() is None:
        pytest.skip("no packaged model")
    items = pipeline.analyse(Document(id="m", text=MIXED))
    quotes = [i for i in items if i.kind == "quotes"]
    assert [q.fields["kind"] for q in quotes] == ["indirect"]
    assert quotes[0].text.startswith("the new ferry plan") and "disgrace" in quotes[0].text


def test_y_as_z_is_one_content_and_features_carry_the_cue_class(pipeline):
    text = "The mayor dismissed the ferry plan as a cheap stunt for the cameras."
    doc = pipeline.nlp(text)
    cands = learned.candidates(doc, [], frozenset({"dismiss"}))
    contents = {text[c.found.start : c.found.end]: c for c in cands}
    assert "the ferry plan as a cheap stunt for the cameras" in contents
    feats = contents["the ferry plan as a cheap stunt for the cameras"].features
    assert feats["class|kind"] == "evaluation|prep"
    assert feats["headline"] is False and feats["qshare"] == "0"


def test_features_name_a_light_cue_by_its_complement_and_damp_the_content_words(pipeline):
    from rashomon.quotes.features import FEATURES

    text = "The mayor made the case for a new harbour tax."
    doc = pipeline.nlp(text)
    cands = learned.candidates(doc, [], frozenset({"make"}))
    assert cands
    feats = cands[0].features
    assert feats["lemma|comp"] == "make|case" and feats["lemma|prep"].startswith("make|")
    words = {k: v for k, v in feats.items() if k.startswith("w:")}
    assert words and set(words.values()) == {FEATURES.bag_value}
    assert all(k == k.lower() for k in words)


def test_an_object_and_its_predicate_are_one_content(pipeline):
    text = "Her aides called the harbour vote a costly mistake."
    doc = pipeline.nlp(text)
    cands = learned.candidates(doc, [], frozenset({"call"}))
    assert "the harbour vote a costly mistake" in {
        text[c.found.start : c.found.end] for c in cands if c.kind == "oprd"
    }


def test_a_raised_subject_and_its_complement_are_two_pieces_of_one_content(pipeline, monkeypatch):
    text = "The new harbour board is expected to approve the ferry plan next week."
    doc = pipeline.nlp(text)
    assert not [c for c in learned.candidates(doc, [], frozenset({"expect"})) if c.kind == "around"]
    monkeypatch.setattr(learned, "LEARNED", replace(learned.LEARNED, subject_parts=True))
    cands = learned.candidates(doc, [], frozenset({"expect"}))
    around = [c.found for c in cands if c.kind == "around"]
    assert around, [c.kind for c in cands]
    pieces = [text[a:b] for a, b in around[0].parts]
    assert pieces == ["The new harbour board", "to approve the ferry plan next week"]
    assert text[around[0].start : around[0].end].startswith("The new harbour board is expected")


def test_a_noun_cue_takes_its_possessor_or_its_clause_subject_as_source(pipeline):
    doc = pipeline.nlp("Her claim that the quay was sold is false.")
    claim = next(t for t in doc if t.lower_ == "claim")
    assert learned.cue_source(claim).lower_ == "her"
    doc = pipeline.nlp("The mayor repeated the claim that the quay was sold.")
    claim = next(t for t in doc if t.lower_ == "claim")
    assert learned.cue_source(claim).lower_ == "mayor"
    said = next(t for t in doc if t.lower_ == "repeated")
    assert learned.cue_source(said) is None  # verbs keep the speakers module's subject


def test_training_labels_a_two_piece_content_by_its_pieces():
    from rashomon.quotes.training import units

    found = learned.Indirect(0, 40, (22, 33), None, parts=[(0, 21), (34, 40)])
    assert units(found) == [(0, 21), (34, 40)]
    assert units(learned.Indirect(0, 40, (50, 54), None)) == [(0, 40)]


def test_training_leaves_out_a_content_matched_only_through_another_cue(monkeypatch):
    from rashomon.quotes import training

    gold = [{"start": 20, "end": 40, "cue": {"start": 10, "end": 14}}]
    own = learned.Candidate(learned.Indirect(20, 40, (10, 14), None), "ccomp", {})
    other = learned.Candidate(learned.Indirect(21, 40, (50, 56), None), "dobj", {})
    elsewhere = learned.Candidate(learned.Indirect(60, 70, (10, 14), None), "dobj", {})
    assert training._label(own, gold) == (1, 1.0)
    assert training._label(other, gold) == (0, 0.0)  # skipped: neither taught nor penalised
    assert training._label(elsewhere, gold) == (0, 1.0)
    for rule, expected in (("positive", (1, 1.0)), ("negative", (0, 1.0))):
        monkeypatch.setattr(training, "TRAINING", replace(training.TRAINING, other_cue=rule))
        assert training._label(other, gold) == expected
    cueless = [{"start": 20, "end": 40}]  # no cue span in the gold: any cue's content
    assert training._label(other, cueless) == (1, 1.0)


def test_plain_trees_score_as_the_fitted_boosting_does():
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier

    from rashomon.quotes.trees import fit_columns, from_sklearn

    rng = np.random.default_rng(3)
    kinds = ["ccomp", "xcomp", "dobj", "host", "rare"]

    def draw() -> dict:
        n = int(rng.integers(0, 9))  # a number before and a category after the first category
        return {"count": float(n), "kind": kinds[n % 4], "word": "ab"[int(rng.integers(0, 2))]}

    rows = [draw() for _ in range(800)]
    extra = [[float(rng.normal())] if i % 7 else [float("nan")] for i in range(800)]
    columns = fit_columns(rows, ["logit"], min_count=5)
    assert columns.categorical() == [False, True, True, False]
    matrix = np.array([columns.row(r, x) for r, x in zip(rows, extra, strict=True)])
    labels = [
        int((r["kind"] == "ccomp") ^ (r["word"] == "b") ^ (not x[0] > 0))
        for r, x in zip(rows, extra, strict=True)
    ]
    fitted = HistGradientBoostingClassifier(
        max_iter=30, categorical_features=columns.categorical(), random_state=0
    ).fit(matrix, labels)
    trees = from_sklearn(fitted)
    test = [
        {"count": float(n), "kind": k, "word": w} for k in kinds for n in range(9) for w in "ab"
    ]
    test_rows = [columns.row(r, [0.5 - i % 3]) for i, r in enumerate(test)]
    test_rows.append(columns.row({"count": 2.0, "kind": "ccomp", "word": "a"}, [float("nan")]))
    ours = trees.proba(test_rows)
    theirs = fitted.predict_proba(np.array(test_rows))[:, 1]
    assert max(abs(a - b) for a, b in zip(ours, theirs, strict=True)) < 1e-9
    assert min(ours) < 0.3 < 0.7 < max(ours)  # the trees learned the rule, not a constant
    assert math.isnan(columns.row({"kind": "rare", "word": "a"}, [0.0])[1])  # too rare: missing


def test_rivals_compare_a_content_with_its_cue_and_with_other_cues():
    from rashomon.quotes.competition import NO_RIVAL, rival_columns
    from rashomon.quotes.indirect import Indirect

    found = [
        Indirect(10, 40, (0, 4), None),
        Indirect(10, 30, (0, 4), None),
        Indirect(12, 40, (50, 55), None),
        Indirect(60, 70, (50, 55), None),
    ]
    cols = rival_columns(found, [1.0, 2.0, 0.5, -1.0])
    logit, cue_n, rank, gap, rival_gap, rival_n = cols[0]
    assert (logit, cue_n, rank, gap) == (1.0, 2.0, 1.0, -1.0)
    assert (rival_gap, rival_n) == (0.5, 1.0)  # the content at 12-40 of the other cue
    assert cols[3][5] == 0.0 and cols[3][4] == NO_RIVAL


def test_a_split_host_proposes_its_part_after_the_cue_when_enabled(pipeline, monkeypatch):
    monkeypatch.setattr(learned, "LEARNED", replace(learned.LEARNED, host_tail=True))
    vocab = frozenset({"say"})
    doc = pipeline.nlp("Yet, the aides say, the harbour plan remains a priority for the council.")
    tails = [c for c in learned.candidates(doc, [], vocab) if c.kind == "host_tail"]
    assert [doc.text[c.found.start : c.found.end] for c in tails] == [
        "the harbour plan remains a priority for the council"
    ]
    subject_first = pipeline.nlp("The harbour plan, the aides say, remains a priority for them.")
    assert not [c for c in learned.candidates(subject_first, [], vocab) if c.kind == "host_tail"]
    monkeypatch.setattr(learned, "LEARNED", replace(learned.LEARNED, host_tail=False))
    assert not [c for c in learned.candidates(doc, [], vocab) if c.kind == "host_tail"]


def test_a_model_with_a_second_stage_saves_and_loads_the_same_scores(
    pairs, tmp_path: Path, monkeypatch
):
    from rashomon.quotes import training

    small = replace(training.TRAINING, trees=True, tree_iterations=10, tree_min_leaf=2)
    monkeypatch.setattr(training, "TRAINING", replace(small, min_category=1))
    data = train(pairs, seed=1, log=lambda _: None)
    saved = save(data, tmp_path / "m.json.gz")
    loaded = learned.load_model(tmp_path / "m.json.gz")
    assert saved.stage2 is not None and loaded is not None and loaded.stage2 is not None
    doc = pairs[0][0]
    cands = learned.candidates(doc, [], loaded.vocab)
    assert cands and loaded.proba(cands) == saved.proba(cands)
    assert loaded.proba(cands) != loaded.weights.proba([c.features for c in cands])


def test_a_name_modifying_a_noun_cue_is_its_source(pipeline):
    doc = pipeline.nlp("Lina Oster seized on a Reuters report that the harbour tax rose.")
    cue = next(t for t in doc if t.lower_ == "report")
    source = learned.cue_source(cue)
    assert source is not None and source.text == "Reuters"
    doc = pipeline.nlp("Lina Oster repeated her claim that the harbour tax rose.")
    source = learned.cue_source(next(t for t in doc if t.lower_ == "claim"))
    assert source is not None and source.lower_ == "her"
