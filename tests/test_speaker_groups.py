"""BASIL speaker values: group kinds, acronyms, cut names, and the lenient group figure."""

from __future__ import annotations

from rashomon.document import stable_id
from rashomon.eval.attribution import Article, score_basil
from rashomon.eval.speaker_groups import (
    acronym_match,
    basil_kind,
    cut_name_match,
    group_words,
    lenient_group_match,
)
from rashomon.linking.aliases import alias_key
from rashomon.store.base import Actor


def test_group_values_include_capitalised_person_plurals_and_lone_party_plurals():
    assert basil_kind("Ostland_Lawmakers") == "group"
    assert basil_kind("Democrats") == "group"
    assert basil_kind("Harbour_officials") == "group"
    assert basil_kind("Lina_Oster") == "person"
    assert basil_kind("Tom_Evans") == "person"
    assert basil_kind("Evans") == "person"


def test_an_acronym_value_matches_the_initials_of_the_predicted_name():
    assert acronym_match("OHRN", "Open Hands Relief Network")
    assert acronym_match("BOP", "Board of Ports")
    assert not acronym_match("OHRN", "Open Hands Network")
    assert not acronym_match("Oster", "Open Sea Trust Eastern Relief")


def test_a_value_cut_at_an_accent_needs_the_first_name_when_the_accent_is_dropped():
    assert cut_name_match("Ilse_Valder", {"ilse", "valderón"})
    assert cut_name_match("Ilse_Valder", {"ilse", "valderon"})
    assert not cut_name_match("Ilse_Valder", {"anna", "valderon"})
    assert not cut_name_match("Ilse_Valder", {"ilse", "valdert"})


def test_lenient_groups_match_a_party_only_by_that_party():
    dems = [{"democratic", "party", "democrat", "dem"}]
    assert lenient_group_match("Democratic_lawmakers", dems)
    assert lenient_group_match("House_Democrats", dems)
    assert not lenient_group_match("House_Republicans", dems + [{"house"}])
    assert lenient_group_match("Ostland_officials", [{"ostland"}])
    assert not lenient_group_match("port_workers", [{"ostland"}])


def test_group_words_read_the_group_and_parent_actors_or_the_party_table():
    party = Actor("a-p", "Republican Party", "organisation", ["Republicans", "GOP"])
    state = Actor("a-s", "Ostland", "state", [])
    person = Actor("a-1", "Lina Oster", "person", [], {"group": "a-p", "parent": "a-s"})
    words = group_words(person, {a.id: a for a in (party, state, person)})
    assert words == [{"republican", "party", "gop"}, {"ostland"}]
    absent = stable_id(alias_key("Democratic Party"), prefix="a-")
    lone = Actor("a-2", "Anders Lind", "person", [], {"group": absent})
    assert "democrat" in group_words(lone, {"a-2": lone})[0]


def test_score_basil_prints_the_lenient_figure_beside_the_strict_one():
    text = "“We will not pay,” said Lina Oster. “No,” said Anders Lind."
    gold = [
        {"start": 0, "end": 18, "speaker": "Democratic_lawmakers"},
        {"start": 36, "end": 40, "speaker": "Republican_lawmakers"},
    ]
    dems = [{"democratic", "party", "democrat"}]
    ours = [
        {"start": 0, "end": 18, "speaker_name": "Lina Oster", "speaker_groups": dems},
        {"start": 36, "end": 40, "speaker_name": "Anders Lind", "speaker_groups": dems},
    ]
    s = score_basil([Article("b", text, gold, ours=ours)], "ours")
    assert (s["group"]["right"], s["group"]["lenient_right"], s["group"]["found"]) == (0, 1, 2)
    assert s["group"]["accuracy"] == 0.0 and s["group"]["lenient"] == 0.5


def test_an_organisation_value_matches_leniently_through_the_speakers_parent():
    from rashomon.eval.speaker_groups import member_match

    recorded = [{"open", "hand", "relief", "network", "ohrn"}]  # singular, as group_words
    assert member_match("OHRN", recorded)  # its president quoted, credited to it
    assert member_match("Open_Hands", recorded)
    assert not member_match("Harbour_League", recorded)
    assert not member_match("Greta_Hands", recorded)  # a person's name: strict only
