"""Intent rows: which sentences are read, open questions, and a placeless dispute's incident."""

from __future__ import annotations

from test_contradictions import _intent_story

from rashomon.linking.compare.intent import ACCIDENT, DELIBERATE, IntentComparison

PLACE = "Brennmoor"
STRUCK = "The jets that hit Brennmoor chose to strike the depot."


def test_cue_words_come_from_the_data_file():
    assert DELIBERATE.search("It was  on purpose.") and ACCIDENT.search("a stray shell")
    assert not ACCIDENT.search("It was not a mistake.")


def test_an_open_question_is_nobodys_claim():
    a = "The raid on Brennmoor, whether it was a mistake or not, ended the truce."
    story = _intent_story({"a": a, "b": STRUCK}, {}, {"a": PLACE, "b": PLACE})
    assert IntentComparison().compare(story) == []
    a = "The raid on Brennmoor was an accident, and it ended the truce."
    story = _intent_story({"a": a, "b": STRUCK}, {}, {"a": PLACE, "b": PLACE})
    assert len(IntentComparison().compare(story)) == 1


def test_only_sentences_of_harmful_acts_are_read():
    """A truce told in the cue's sentence is no act to call deliberate or an accident."""
    a = "The truce at Brennmoor collapsed by accident."
    story = _intent_story({"a": a, "b": STRUCK}, {}, {"a": PLACE, "b": PLACE})
    story.events[0].fields["type"] = "CEASEFIRE"
    assert IntentComparison().compare(story) == []


def test_a_placeless_dispute_is_the_story_places_incident():
    """One article disputes an act it places nowhere; the story's act is at Brennmoor, where
    another article calls it an accident: one fact, every claimant a cell of it."""
    a = "The convoy was deliberately targeted by jets, then written off by the Ministry as \u2018a mistake\u2019."
    b = "The Brennmoor raid was an accident, the army found."
    s = a.index("\u2018")
    story = _intent_story({"a": a, "b": b}, {"a": (s, len(a) - 1)}, {"b": PLACE})
    for event in story.events:
        event.fields["location_text"] = PLACE
    story.place = PLACE
    found = IntentComparison().compare(story)
    assert {i.fields["fact_label"] for i in found} == {f"on purpose or by accident: {PLACE}"}
    claimants = {c["claimant"] for i in found for c in i.fields["items"]}
    assert claimants == {"One", "Ministry", "Two"}
    # each cell points at the words that carry its value, inside its sentence
    texts = {story.sentences[c["doc"]][0].text for c in found[0].fields["items"]}
    for cell in (c for i in found for c in i.fields["items"]):
        cue = cell["cue"]
        assert cue["text"].lower() in {"deliberately", "targeted", "mistake", "accident"}
        assert any(t[cue["start"] : cue["end"]] == cue["text"] for t in texts | {b})
