"""Labels: lexicon matching, positions, targets and polarity."""

from __future__ import annotations

from rashomon.analysers.label_lexicon import load_lexicon, tokens_of
from rashomon.document import Document


def _labels(pipeline, text: str, outlet: str = "Test Wire") -> list[dict]:
    items = pipeline.analyse(Document(id="t", text=text, outlet=outlet))
    mentions = {i.id: i.text for i in items if i.kind == "mentions"}
    out = []
    for item in items:
        if item.kind == "labels":
            out.append(
                {
                    **item.fields,
                    "text": item.text,
                    "actor": mentions.get(item.fields["actor_mention"]),
                }
            )
    return out


def test_lexicon_polarities_are_bounded_and_tokenised():
    lexicon = load_lexicon()
    assert all(-1.0 <= e.polarity <= 1.0 for e in lexicon.entries.values())
    assert tokens_of("foreign-backed") == ("foreign", "-", "backed")
    assert lexicon.entries[("freedom", "fighter")].label == "freedom fighter"
    assert lexicon.entries[("slam",)].loaded and not lexicon.entries[("terrorist",)].loaded


def test_plural_noun_label_attaches_to_of_object(pipeline):
    found = _labels(pipeline, "The criminal gangs of the Northern Front shelled the town of Avel.")
    gang = next(f for f in found if f["label"] == "criminal gang")
    assert gang["polarity"] < 0 and gang["actor"] == "Northern Front"
    assert gang["outlet"] == "Test Wire"


def test_predicative_and_attributive_positions(pipeline):
    found = _labels(
        pipeline, "The Northern Front says it is not extremist. The tyrannical regime bombed Avel."
    )
    by_label = {f["label"]: f for f in found}
    assert by_label["tyrannical"]["position"] == "attributive"
    assert by_label["tyrannical"]["target_text"] == "regime"


def test_scare_quotes_flip_positive_labels(pipeline):
    found = _labels(pipeline, "The so-called ‘moderate’ opposition fired again on Avel.")
    moderate = next(f for f in found if f["label"] == "moderate")
    assert moderate["position"] == "scare_quote" and moderate["polarity"] < 0


def test_labels_inside_speech_are_marked_quoted(pipeline):
    found = _labels(pipeline, "“They are terrorists and nothing else,” said the minister.")
    assert found and all(f["quoted"] for f in found if f["label"] == "terrorist")
    assert all(f["voice"] == "speaker" for f in found if f["label"] == "terrorist")


def test_descriptive_uses_are_not_labels(pipeline):
    found = _labels(pipeline, "Prosecutors filed criminal charges and raised legitimate concerns.")
    assert not [f for f in found if f["label"] in ("criminal", "legitimate")]
    found = _labels(pipeline, "The criminal gang robbed the bank in Avel.")
    assert [f for f in found if f["label"] == "criminal gang"]


def test_loaded_verbs_match_on_lemmas_and_colour_their_doer(pipeline):
    found = _labels(pipeline, "Senator Mara Quill slammed the new budget on Tuesday.")
    slam = next(f for f in found if f["label"] == "slam")
    assert slam["text"] == "slammed" and slam["loaded"] and slam["polarity"] < 0
    assert slam["position"] == "verb" and slam["voice"] == "outlet"
    assert slam["actor"] and "Quill" in slam["actor"]


def test_scare_quote_voice(pipeline):
    found = _labels(pipeline, "The ‘moderate’ opposition fired again on Avel.")
    assert next(f for f in found if f["label"] == "moderate")["voice"] == "scare_quote"


def test_corpus_labels_signs(corpus_export):
    labels = corpus_export["labels"]
    outlets = {d["id"]: d["outlet"] for d in corpus_export["documents"]}
    assert labels, "the example corpus has labels"
    state = [
        x
        for x in labels
        if outlets[x["doc"]] == "Veskarian National Agency" and x["label"] == "terrorist"
    ]
    assert state and all(x["polarity"] < 0 for x in state)
    assert all(x["start"] < x["end"] for x in labels)


def test_loaded_word_without_actor_in_its_phrase_takes_the_clause_subject(pipeline):
    found = _labels(
        pipeline,
        "Senator Vance Holloway spoke in Marrow on Monday. "
        "He called the budget plan a reckless gamble and left the hall.",
    )
    reckless = next(f for f in found if f["label"] == "reckless")
    assert reckless["actor"] == "Vance Holloway" and reckless["resolved"] == "pronoun"


def _record(rid: str, triplet: str, text: str, loaded: list[str]) -> dict:
    phrases = []
    for word in loaded:
        start = text.index(word)
        phrases.append(
            {"start": start, "end": start + len(word), "text": word, "bias": "lex",
             "polarity": "neg", "target": "Vance_Holloway", "quote": False}
        )  # fmt: skip
    return {"id": rid, "triplet": triplet, "outlet": "x", "text": text, "phrases": phrases}


def test_eval_labels_scores_spans_targets_and_learns_only_common_words():
    from rashomon.analysers.label_lexicon import lexicon_from
    from rashomon.eval import labels as ev
    from rashomon.eval.labels_learn import LearnSettings, learn

    records = [
        _record(
            f"a{n}",
            f"t{n}",
            "Vance Holloway unveiled a scheming budget in Marrow. Critics blasted Vance Holloway.",
            ["scheming", "blasted"],
        )
        for n in range(3)
    ]
    parsed = ev.parse(records)
    hand = {"loaded": {"blast": -0.6}}
    figures = ev.score(parsed, ev.run_lexicon(parsed, lexicon_from(hand)))
    assert figures["span"]["recall"] == 0.5 and figures["span"]["precision"] == 1.0
    learned = learn(parsed, LearnSettings(min_rate=0.5))
    assert "scheme" in learned or "scheming" in learned
    assert not any("holloway" in word or "marrow" in word for word in learned)
    with_learned = lexicon_from(hand, learned)
    assert all(e.learned for k, e in with_learned.entries.items() if k != ("blast",))
    assert not with_learned.entries[("blast",)].learned
    figures = ev.score(parsed, ev.run_lexicon(parsed, with_learned))
    assert figures["span"]["recall"] == 1.0


def test_plural_states_and_generic_phrases_take_no_single_state(pipeline):
    text = (
        "The Dravic regime shelled the port. The tyrannical regime fired again, "
        "and the imperialist powers looked away."
    )
    by_label = {f["label"]: f for f in _labels(pipeline, text)}
    assert by_label["tyrannical"]["actor"] == "Dravic"  # 'the regime': the one it names
    assert by_label["imperialist"]["actor"] is None  # several states, not that one


def test_a_city_name_is_a_place_whatever_its_tag():
    from rashomon.analysers.labels import names_place
    from rashomon.document import Item

    def mention(text: str, label: str) -> Item:
        return Item("mentions", 0, len(text), text, {"label": label})

    assert names_place(mention("Mosul", "NORP"))  # a city tagged as a nationality
    assert not names_place(mention("Syrian", "NORP"))  # a country has no coordinates
    assert not names_place(mention("Mosul", "PERSON"))
    assert not names_place(mention("Republicans", "NORP"))  # only an exact name, no fuzzy match
    assert not names_place(mention("police", "NORP"))  # a common noun, though a town's name


def test_token_model_scores_loaded_words_above_plain_ones(pipeline):
    from rashomon.analysers.label_model import load_token_model, token_features

    model = load_token_model()
    assert model is not None and 0 < model.threshold < 1
    doc = pipeline.nlp("The senator gave a bombastic, phony speech about the quarterly budget.")
    prob = {t.lower_: model.probability(token_features(t, model.ptc, False)) for t in doc}
    assert prob["phony"] > prob["quarterly"] and prob["bombastic"] > prob["budget"]
    assert prob["phony"] >= model.threshold > prob["quarterly"]


def test_token_model_labels_are_learned_loaded_words_with_an_actor(pipeline):
    found = _labels(pipeline, "The stupid Senator Mara Quill spoke on Friday.")
    model_words = [f for f in found if f.get("learned")]
    assert model_words and all(f["loaded"] for f in model_words)
    stupid = next(f for f in model_words if f["text"] == "stupid")
    assert stupid["polarity"] < 0 and stupid["voice"] == "outlet"
    assert stupid["actor"] and "Quill" in stupid["actor"]
    # a plain word of the same sentence is no label
    assert not [f for f in found if f["text"] in ("spoke", "Friday", "Senator")]
    # with no actor in its own phrase the sentence's subject is only a guess, marked as one
    found = _labels(pipeline, "Senator Mara Quill made a stupid remark on Friday.")
    stupid = next(f for f in found if f["text"] == "stupid")
    assert stupid.get("learned") and stupid.get("resolved") == "sentence"
    quoted = _labels(pipeline, "“It was a stupid remark by a careless man,” said Mara Quill.")
    assert all(f["voice"] == "speaker" for f in quoted if f["text"] == "stupid")


def test_token_model_skips_names_and_words_the_lexicon_took(pipeline):
    from rashomon.analysers.label_model import TokenModel, model_spans

    doc = pipeline.nlp("Mara Quill slammed the reckless plan.")
    always = TokenModel({}, 10.0, 0.5, {}, {})  # scores every candidate as loaded
    taken = {t.i for t in doc if t.lower_ == "slammed"}
    words = [s.text for s, _ in model_spans(doc, always, lambda s, e: False, taken)]
    assert "slammed" not in words and "Quill" not in words and "the" not in words
    assert "reckless" in words and "plan" in words


def test_model_from_rejects_a_malformed_file():
    import pytest

    from rashomon.analysers.label_model import model_from
    from rashomon.errors import ConfigError

    with pytest.raises(ConfigError):
        model_from({"weights": {}})


def test_report_keeps_labels_with_a_guessed_actor_out_of_that_actors_row():
    """A loaded word whose actor was only guessed from its sentence ('resolved: sentence')
    is not a label the outlet pinned on that actor: it shows under its own phrase."""
    from rashomon.report import build_report

    text = "The ruthless junta struck. The junta gave a bombastic speech."
    doc = {"id": "d1", "title": "t", "outlet": "Coast Herald", "date": "2020-01-02", "text": text}

    def label(word: str, **extra: str) -> dict:
        start = text.index(word)
        span = {"doc": "d1", "start": start, "end": start + len(word), "text": word}
        fields = {"id": word, "label": word, "polarity": -0.8, "actor": "a1", "voice": "outlet"}
        return span | fields | extra

    labels = [label("ruthless"), label("bombastic", resolved="sentence", target_text="speech")]
    export = {"schema_version": "1.0", "documents": [doc], "labels": labels}
    export["actors"] = [{"id": "a1", "name": "Junta", "type": "ORG", "aliases": []}]
    page = build_report(export)
    start = page.index('id="s-labels"')
    rows = page[start : page.index("</table>", start)].split("<tr>")
    junta = next(r for r in rows if "<b>Junta</b>" in r)
    assert "ruthless" in junta and "bombastic" not in junta
    assert any("bombastic" in r and "(unnamed)" in r for r in rows)


def test_token_model_fits_on_annotated_spans_and_finds_the_word_held_out(tmp_path):
    """Fitted on articles where one adjective is always annotated, the model finds it in an
    unseen article, never a name; written and read back, it scores the same."""
    from rashomon.analysers.label_lexicon import lexicon_from
    from rashomon.analysers.label_model import load_token_model, model_from
    from rashomon.eval import labels as ev
    from rashomon.eval import labels_model as lm
    from rashomon.lang import table

    text = "Vance Holloway unveiled a scheming budget in Marrow. The budget grew by a tenth."
    records = [_record(f"a{n}", f"t{n}", text, ["scheming"]) for n in range(4)]
    parsed = ev.parse(records)
    shipped = load_token_model()
    rates = shipped.ptc if shipped else {}
    model = lm.fit(parsed, rates, threshold=0.5, c=10.0)
    assert model.weights.get("lemma=scheme", model.weights.get("lemma=scheming", 0)) > 0
    assert not any("holloway" in k or "marrow" in k for k in model.weights)
    test = ev.parse(
        [_record("b", "u", "Mara Quill pushed a scheming plan in Arvel.", ["scheming"])]
    )
    labels = lm.run_model(test, lexicon_from({"loaded": {"blast": -0.6}}), model)["b"]
    assert [label.text for label in labels] == ["scheming"]
    assert ev.score(test, {"b": labels})["span"]["recall"] == 1.0
    runs = lm.cross_validate(parsed, {"loaded": {"blast": -0.6}}, rates, 2, (0.5,))
    assert set(runs) == {"hand", "hand + learned", "hand + learned + model @0.5"}
    assert runs["hand + learned + model @0.5"]["span"]["recall"]["mean"] == 1.0
    path = tmp_path / "labels_model.yaml"
    lm.write_model(model, path, "test", len(parsed))
    import yaml

    again = model_from(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert again.threshold == model.threshold and set(again.weights) == set(model.weights)
    assert table("labels_model")["threshold"] == (shipped.threshold if shipped else None)


def test_he_and_she_take_the_last_person_of_their_gender(pipeline):
    """'She' skips a man named after the woman it refers back to (given-name gender), and a
    bare surname keeps the gender its full name had."""
    text = (
        "Greta Holm met Tom Brekke in Marrow on Monday. "
        "She called the budget plan a reckless gamble. "
        "Holm spoke again on Friday, and Brekke answered. She called it a disastrous plan."
    )
    found = _labels(pipeline, text)
    reckless = next(f for f in found if f["label"] == "reckless")
    assert reckless["resolved"] == "pronoun" and reckless["actor"] == "Greta Holm"
    disastrous = next(f for f in found if f["text"] == "disastrous")
    assert disastrous["resolved"] == "pronoun" and disastrous["actor"] in ("Holm", "Greta Holm")


def test_loaded_verbs_colour_a_group_of_people_or_a_role_with_its_holder(pipeline):
    """'The lawmakers' and 'the president' (of a named one) are actors though no name."""
    found = _labels(pipeline, "The lawmakers slammed the budget of Governor Mara Quill on Friday.")
    assert next(f for f in found if f["label"] == "slam")["actor"] == "lawmakers"
    text = "President Tom Brekke spoke on Monday. The president slammed the new budget."
    slam = next(f for f in _labels(pipeline, text) if f["label"] == "slam")
    assert slam["actor"] == "president" and not slam.get("resolved")


def test_label_settings_turn_the_token_model_off_or_raise_its_threshold(pipeline):
    from rashomon.pipeline import Pipeline

    text = "The stupid Senator Mara Quill spoke on Friday."
    assert any(f["text"] == "stupid" for f in _labels(pipeline, text))
    for options in ({"token_model": False}, {"model_threshold": 0.999}):
        strict = Pipeline(options={"labels": options})
        assert not any(f["text"] == "stupid" for f in _labels(strict, text))


def test_a_fitted_token_model_keeps_no_names_of_its_training_articles(pipeline):
    from rashomon.analysers.label_model import TokenModel
    from rashomon.eval.labels_model import without_names

    docs = [
        pipeline.nlp("Senator Orvald Brackmere attacked the vile plan."),
        pipeline.nlp("The vile plan angered Brackmere and his allies in Tessary."),
    ]
    weights = {"lemma=brackmere": 0.5, "lemma=tessary": 0.4, "lemma=vile": 1.2, "suf=ile": 0.1}
    model = TokenModel(weights, -2.0, 0.15, {}, {"brackmere": 0.4, "vile": 0.4})
    kept = without_names(model, docs)
    assert set(kept.weights) == {"lemma=vile", "suf=ile"}
    assert kept.polarity == {"vile": 0.4}


def test_a_possessive_pronoun_gives_the_label_its_antecedent(pipeline):
    """'her reckless plan': the woman 'her' refers back to, not the clause's subject."""
    text = "Greta Holm met Tom Brekke in Marrow on Monday. Brekke later mocked her reckless plan."
    reckless = next(f for f in _labels(pipeline, text) if f["label"] == "reckless")
    assert reckless["actor"] == "Greta Holm" and reckless["resolved"] == "pronoun"


def test_eval_labels_prints_target_rows_without_quoted_and_guessed_labels():
    """'target, own voice' leaves out labels in a speaker's words; 'target, report' also the
    ones whose actor was only guessed from the sentence; recall stays over every span."""
    from rashomon.analysers.label_lexicon import lexicon_from
    from rashomon.eval import labels as ev

    text = (
        "Vance Holloway unveiled a reckless budget in Marrow. "
        '"Vance Holloway is reckless," Tom Brekke said. Vance Holloway was scheming.'
    )
    record = _record("a", "t", text, ["reckless"])
    start = text.index("scheming")
    record["phrases"].append({**record["phrases"][0], "start": start, "end": start + 8})
    parsed = ev.parse([record])
    lexicon = lexicon_from({"loaded": {"reckless": -0.6, "scheming": -0.6}})
    figures = ev.score(parsed, ev.run_lexicon(parsed, lexicon))
    assert figures["target"]["predicted"] == 3 and figures["target, own voice"]["predicted"] == 2
    assert figures["target, report"]["predicted"] == 1
    assert figures["target, report"]["gold"] == figures["target"]["gold"] == 2


def test_a_loaded_word_takes_the_mention_holding_its_subjects_head(pipeline):
    """'Republican nominee Tom Brekke made a reckless bet': Brekke, not the party named
    inside the subject phrase."""
    text = "Republican nominee Tom Brekke made a reckless bet on the budget."
    reckless = next(f for f in _labels(pipeline, text) if f["label"] == "reckless")
    assert reckless["actor"] == "Tom Brekke" and reckless["resolved"] == "sentence"


def test_a_quoted_loaded_word_takes_no_actor_from_its_quoted_clause(pipeline):
    """Inside a quote the clause's subject is the speaker's topic, not whom the word is
    about: no guess there; the same words in the outlet's voice take their subject."""
    said = '"The plan of Tom Brekke is a reckless gamble," Greta Holm said on Monday.'
    quoted = next(f for f in _labels(pipeline, said) if f["label"] == "reckless")
    assert quoted["voice"] == "speaker" and quoted["actor"] is None
    told = "The plan of Tom Brekke is a reckless gamble that will cost the town dearly."
    own = next(f for f in _labels(pipeline, told) if f["label"] == "reckless")
    assert own["voice"] == "outlet" and own["actor"] == "Tom Brekke"
