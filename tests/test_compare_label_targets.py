"""Whom a label names, as the comparisons and the report's actor x outlet table read it: a
nationality before a group noun is not the group, and a clause hanging from an 'of' phrase
names no target (labels pick doers for the blame comparison, and fill the report's table)."""

from __future__ import annotations

from rashomon.document import Document


def _targets(pipeline, text: str) -> dict[str, str | None]:
    items = pipeline.analyse(Document(id="t", text=text, outlet="Test Wire"))
    mentions = {i.id: i.text for i in items if i.kind == "mentions"}
    return {
        i.fields["label"]: mentions.get(i.fields["actor_mention"] or "")
        for i in items
        if i.kind == "labels"
    }


def test_a_nationality_before_a_group_noun_is_not_the_group(pipeline):
    found = _targets(pipeline, "The Peruvian rebels shelled the port. The Peruvian regime fell.")
    assert found["rebel"] is None  # where the rebels are from, not whom the label describes
    assert found["regime"] == "Peruvian"  # a state's own regime


def test_a_party_adjective_names_its_party(pipeline):
    found = _targets(pipeline, "Republican extremists blocked the bill in the Senate.")
    assert found["extremist"] == "Republican"


def test_a_relative_clause_in_an_of_phrase_names_no_target(pipeline):
    text = "The heroic defenders of the dockers who backed the Northern Front held the port."
    assert _targets(pipeline, text)["heroic defender"] != "Northern Front"


def test_the_name_beside_the_label_wins_among_equals(pipeline):
    text = "Militias with origins in the Maoist State and FARC terrorist groups attacked the town."
    assert _targets(pipeline, text)["terrorist"] == "FARC"
