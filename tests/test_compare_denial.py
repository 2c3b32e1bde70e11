"""Denials told as quotes: a speaker denying the act another outlet asserts."""

from __future__ import annotations

from rashomon.document import Item
from rashomon.linking.compare import Sides, StoryAccounts
from rashomon.linking.compare.denial import DenialComparison

DENIAL = "The admiralty denied that any navy gunboats had sailed near the harbour."
CLAIM = "Navy gunboats shelled the harbour at dawn."


def _story(denied_words: str) -> StoryAccounts:
    text = DENIAL.replace("any navy gunboats had sailed near the harbour", denied_words)
    sent_a = Item("sentences", 0, len(text), text, {})
    sent_b = Item("sentences", 0, len(CLAIM), CLAIM, {})
    sent_a.doc, sent_b.doc = "a", "b"
    told = Item("events", 0, 3, "The", {"type": "ASSAULT", "modality": "reported"})
    shelled = Item("events", 14, 21, "shelled", {"type": "ASSAULT", "modality": "asserted"})
    shelled.fields |= {"agent_mention": "m-navy", "agent_text": "Navy gunboats"}
    told.doc, told.id, shelled.doc, shelled.id = "a", "e-a", "b", "e-b"
    start = text.index("that ") + 5
    quote = Item("quotes", start, len(text) - 1, text[start:-1], {"cue": "denied"})
    quote.fields["speaker_text"] = "The admiralty"
    quote.doc, quote.id = "a", "q-a"
    return StoryAccounts(
        Item("stories", 0, 1, "x", {}, id="s1"),
        [told, shelled],
        [],
        {"a": "Coast Herald", "b": "Bay Times"},
        Sides({}, {"a-navy": "Navy"}, {"m-navy": "a-navy"}),
        {"a": [sent_a], "b": [sent_b]},
        spans={"a": {"quotes": [quote]}, "b": {"quotes": []}},
    )


def test_a_quoted_denial_answers_the_act_whose_doer_it_names():
    found = DenialComparison().compare(_story("any navy gunboats had sailed near the harbour"))
    assert len(found) == 1
    denial, asserted = found[0].fields["items"]
    assert denial["value"] == "denies it" and denial["voice"] == "speaker"
    assert denial["claimant"] == "The admiralty"
    assert asserted["value"] == "asserts it" and asserted["voice"] == "outlet"
    assert "The admiralty (in Coast Herald) denies" in found[0].fields["explanation"]


def test_a_denial_of_something_else_answers_nothing():
    assert DenialComparison().compare(_story("any trade talks had stalled this winter")) == []


def _truce(charge_doer: str) -> StoryAccounts:
    deny = "We did not break the truce, the commander said."
    charge = "The rebels wrecked the truce, the envoy said."
    sent_a = Item("sentences", 0, len(deny), deny, {})
    sent_b = Item("sentences", 0, len(charge), charge, {})
    sent_a.doc, sent_b.doc = "a", "b"
    denied = Item("events", 14, 19, "break", {"type": "CEASEFIRE", "modality": "negated"})
    denied.fields |= {"trigger": {"text": "truce"}, "agent_mention": "m-we"}
    told = Item("events", 11, 18, "wrecked", {"type": "CEASEFIRE", "modality": "reported"})
    told.fields |= {"trigger": {"text": "truce"}, "agent_mention": charge_doer}
    told.fields |= {"agent_text": "The rebels", "source_text": "the envoy"}
    denied.doc, denied.id, told.doc, told.id = "a", "e-a", "b", "e-b"
    names = {"a-front": "Front", "a-army": "Army"}
    links = {"m-we": "a-front", "m-rebels": "a-front", "m-army": "a-army"}
    return StoryAccounts(
        Item("stories", 0, 1, "x", {}, id="s2"),
        [denied, told],
        [],
        {"a": "Coast Herald", "b": "Bay Times"},
        Sides({}, names, links),
        {"a": [sent_a], "b": [sent_b]},
        spans={"a": {"quotes": []}, "b": {"quotes": []}},
    )


def test_a_denial_answers_a_reported_charge_of_the_very_act_against_its_side():
    found = DenialComparison().compare(_truce("m-rebels"))
    assert len(found) == 1
    charge = found[0].fields["items"][1]
    assert charge["voice"] == "speaker" and charge["claimant"] == "the envoy"
    assert "the envoy (in Bay Times) charges" in found[0].fields["explanation"]
    # the charge names another side than the one denying: no answer to it
    assert DenialComparison().compare(_truce("m-army")) == []
