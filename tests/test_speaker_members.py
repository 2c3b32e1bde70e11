"""Group speakers stated with a named member, and a far-back man against a nearer subject
(invented sentences)."""

from __future__ import annotations

from rashomon.document import Document


def _analyse(pipeline, text):
    items = pipeline.analyse(Document(id="t", text=text))
    mentions = {i.id: i for i in items if i.kind == "mentions"}
    quotes = [i for i in items if i.kind == "quotes"]
    return mentions, quotes


def _speaker(mentions, quote):
    return mentions.get(quote.fields.get("speaker_mention"))


def test_a_person_and_other_members_of_a_group_speak_as_the_group(pipeline):
    text = "Sen. Lina Oster and other Democrats said the harbour bill would fail."
    mentions, quotes = _analyse(pipeline, text)
    speaker = _speaker(mentions, quotes[0])
    assert speaker is not None and speaker.text == "Lina Oster and other Democrats"
    assert speaker.fields["label"] == "COLLECTIVE"
    assert [m["text"] for m in speaker.fields["members"]] == ["Lina Oster"]
    assert speaker.fields["affiliation"]["text"] == "Democrats"
    assert quotes[0].fields["speaker_text"] == "Lina Oster and other Democrats"


def test_every_named_person_before_the_group_is_a_member(pipeline):
    text = "Tom Brekke, Greta Holm and other senators wrote that the port must stay open."
    mentions, quotes = _analyse(pipeline, text)
    speaker = _speaker(mentions, quotes[0])
    assert speaker is not None and speaker.fields["label"] == "COLLECTIVE"
    assert [m["text"] for m in speaker.fields["members"]] == ["Tom Brekke", "Greta Holm"]


def test_fellow_names_the_group_with_its_party(pipeline):
    text = "Greta Holm and fellow Republican lawmakers argued that the tax was unfair."
    mentions, quotes = _analyse(pipeline, text)
    speaker = _speaker(mentions, quotes[0])
    assert speaker is not None and speaker.text == "Greta Holm and fellow Republican lawmakers"
    assert speaker.fields["affiliation"]["text"] == "Republican"


def test_a_group_including_named_people_speaks_and_records_them(pipeline):
    text = "Ostland lawmakers, including Sen. Lina Oster and Rep. Tom Brekke, said the bill would fail."
    mentions, quotes = _analyse(pipeline, text)
    speaker = _speaker(mentions, quotes[0])
    assert speaker is not None and speaker.text == "Ostland lawmakers"
    assert [m["text"] for m in speaker.fields["members"]] == ["Lina Oster", "Tom Brekke"]


def test_two_named_people_without_a_group_word_stay_the_first_person(pipeline):
    text = "Lina Oster and Tom Brekke said the harbour bill would fail."
    mentions, quotes = _analyse(pipeline, text)
    speaker = _speaker(mentions, quotes[0])
    assert speaker is not None and speaker.text == "Lina Oster"
    assert not any(m.fields.get("members") for m in mentions.values())


def test_the_group_is_a_collective_actor_under_the_party(pipeline):
    from rashomon.linking.actors import build_actors
    from rashomon.linking.aliases import load_aliases

    text = "Sen. Lina Oster and other Democrats said the harbour bill would fail. Oster left."
    items = pipeline.analyse(Document(id="t", text=text))
    mentions = [i for i in items if i.kind == "mentions"]
    quote = next(i for i in items if i.kind == "quotes")
    actors, links = build_actors(mentions, {"t": text}, load_aliases())
    by_id = {a.id: a for a in actors}
    group = by_id[links[quote.fields["speaker_mention"]]]
    assert group.type == "collective" and group.name == "Lina Oster and other Democrats"
    assert by_id[group.fields["parent"]].name == "Democratic Party"
    person = next(a for a in actors if a.name == "Lina Oster")
    assert person.id != group.id  # the member is not merged into the group


def test_a_man_beyond_the_reach_does_not_beat_a_nearer_subject_of_unknown_gender(pipeline):
    from rashomon.mentions.coref import MentionIndex

    words = " ".join(["the harbour plan would cost the city far more than it said"] * 12)
    text = (
        "Tom Brekke spoke on Monday. "
        "Chris Holm slammed Martin Lind for the plan. "
        f"“{words},” he said."
    )
    doc = pipeline.nlp(text)
    items = pipeline.analyse(Document(id="t", text=text), doc)
    mentions = [i for i in items if i.kind == "mentions"]
    start, end = text.index("“"), text.index("”") + 1
    subjects = frozenset(
        m.start
        for m in mentions
        if (s := doc.char_span(m.start, m.end)) is not None and s.root.dep_ == "nsubj"
    )
    index = MentionIndex(mentions, [(start, end)], text, subjects, 250)
    found = index.antecedent("he", text.rindex("he said"), doc)
    assert found is not None and found.text == "Chris Holm"  # was Tom Brekke, 600+ back


def test_a_group_takes_its_parent_from_the_phrase_after_it(pipeline):
    text = "The leaders of the Ostland Assembly said the harbour bill would fail."
    mentions, quotes = _analyse(pipeline, text)
    speaker = _speaker(mentions, quotes[0])
    assert speaker is not None and speaker.text == "leaders of the Ostland Assembly"
    assert speaker.fields["affiliation"]["text"] == "Ostland Assembly"


def test_an_owner_word_makes_a_person_the_groups_parent(pipeline):
    text = "Aides to Lina Oster said the tax was unfair."
    mentions, quotes = _analyse(pipeline, text)
    speaker = _speaker(mentions, quotes[0])
    assert speaker is not None and speaker.fields["affiliation"]["text"] == "Lina Oster"


def test_an_aside_after_the_groups_parent_stays_out(pipeline):
    text = (
        "Officials at the Harbour Board, a division of the Ostland Assembly, "
        "said that the port would close."
    )
    mentions, quotes = _analyse(pipeline, text)
    speaker = _speaker(mentions, quotes[0])
    assert speaker is not None and speaker.text == "Officials at the Harbour Board"
    assert speaker.fields["affiliation"]["text"] == "Harbour Board"


def test_a_party_noun_in_apposition_to_a_person_is_that_person_not_the_party(pipeline):
    mentions, quotes = _analyse(
        pipeline, "One Democrat, Rep. Lina Oster of Ostland, said the bill would fail."
    )
    speaker = _speaker(mentions, quotes[0])
    assert speaker is not None and speaker.text == "Lina Oster"
    text = "Greta Holm, a Republican who said the harbour bill would fail, left early."
    mentions, quotes = _analyse(pipeline, text)
    speaker = _speaker(mentions, quotes[0])
    assert speaker is not None and speaker.text == "Greta Holm"


def test_one_party_staffer_or_lawmaker_is_a_person_role_not_the_party(pipeline):
    for text, words in (
        ("A Republican staffer said the bill would fail.", "Republican staffer"),
        (
            "One senior Democratic lawmaker said the bill would fail.",
            "One senior Democratic lawmaker",
        ),
    ):
        mentions, quotes = _analyse(pipeline, text)
        speaker = _speaker(mentions, quotes[0])
        assert speaker is not None and speaker.fields["label"] == "ROLE"
        assert speaker.text == words
