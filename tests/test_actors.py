"""Actor merging: aliases, acronyms, surnames, demonyms, spelling variants, roles, types, ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.document import Item, stable_id
from rashomon.errors import ConfigError
from rashomon.linking.actors import build_actors
from rashomon.linking.aliases import alias_key, load_aliases


def _m(doc, text, label, start, **fields):
    item = Item("mentions", start, start + len(text), text, {"label": label, **fields})
    item.doc, item.id = doc, f"m-{doc}-{start}"
    return item


def _actor_of(actors, links, mention):
    by_id = {a.id: a for a in actors}
    return by_id[links[mention.id]]


def test_merges_acronyms_surnames_demonyms_variants_and_table():
    texts = {
        "d1": "The Northern Liberation Front (NLF) said ... the Kaldorian capital, Velgrad ..."
    }
    ms = [
        _m("d1", "Northern Liberation Front", "ORG", 4),
        _m("d1", "NLF", "ORG", 31),
        _m("d2", "Nortern Liberation Front", "ORG", 0),
        _m("d1", "Dmitri Volkov", "PERSON", 100, title=["spokesman"]),
        _m("d2", "Volkov", "PERSON", 10),
        _m("d2", "Kaldoria", "GPE", 20),
        _m("d2", "Kaldorian", "NORP", 40),
        _m("d2", "ISIS", "ORG", 60),
        _m("d2", "Daesh", "PERSON", 80),
        _m("d2", "Washington", "GPE", 90),
        _m("d2", "US", "GPE", 120),
    ]
    actors, links = build_actors(ms, texts, load_aliases())
    group = {m.text: _actor_of(actors, links, m).name for m in ms}
    assert group["NLF"] == group["Northern Liberation Front"] == group["Nortern Liberation Front"]
    assert group["Volkov"] == "Dmitri Volkov"
    assert group["Kaldorian"] == group["Kaldoria"]
    assert group["ISIS"] == group["Daesh"] == "Islamic State"
    assert group["Washington"] == group["US"] == "United States"
    islamic = _actor_of(actors, links, ms[7])
    assert islamic.type == "armed_group"
    assert _actor_of(actors, links, ms[3]).type == "person"


def test_role_with_holder_joins_the_person_and_ids_are_stable():
    ms = [
        _m("d1", "Anna Brandt", "PERSON", 0, gender="f"),
        _m(
            "d1",
            "ministry spokeswoman",
            "ROLE",
            20,
            role="spokeswoman",
            holder={"start": 0, "end": 11, "text": "Anna Brandt"},
        ),
        _m("d1", "Syrian ambassador", "ROLE", 60, role="ambassador"),
    ]
    texts = {"d1": "Anna Brandt, a ministry spokeswoman ... the Syrian ambassador said ..."}
    actors, links = build_actors(ms, texts, load_aliases())
    assert links[ms[0].id] == links[ms[1].id]
    again, links2 = build_actors(list(reversed(ms)), texts, load_aliases())
    assert [a.id for a in actors] == [a.id for a in again] and links == links2


def test_person_tagged_place_is_corrected_by_corpus_evidence():
    texts = {"d1": "fighting in Tarvesk and from Tarvesk; Tarvesk held", "d2": "in Tarvesk"}
    ms = [
        _m("d1", "Tarvesk", "PERSON", 12),
        _m("d1", "Tarvesk", "PERSON", 29),
        _m("d1", "Tarvesk", "PERSON", 38),
        _m("d2", "Tarvesk", "GPE", 3),
    ]
    actors, _ = build_actors(ms, texts, load_aliases())
    assert [a.type for a in actors] == ["state"]


def test_alias_file_forces_merges_and_splits(tmp_path: Path):
    path = tmp_path / "rashomon.aliases.yaml"
    path.write_text(
        "actors:\n  - name: Government of Veskaria\n    type: state\n"
        "    aliases: [the regime, Soren]\nsplit:\n  - [Harlin Observer, Harlin Obsrver]\n",
        "utf-8",
    )
    table = load_aliases(path)
    assert table.canonical[alias_key("the regime")] == "Government of Veskaria"
    ms = [_m("d1", "regime", "ORG", 0), _m("d1", "Soren", "GPE", 10)]
    actors, links = build_actors(ms, {"d1": ""}, table)
    assert len(actors) == 1 and actors[0].name == "Government of Veskaria"
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - type: state\n", "utf-8")
    with pytest.raises(ConfigError):
        load_aliases(bad)


def test_example_corpus_actors(corpus_export):
    actors = {a["id"]: a for a in corpus_export["actors"]}
    by_alias = {}
    for actor in actors.values():
        for name in [actor["name"], *actor["aliases"]]:
            by_alias.setdefault(name, actor["id"])
    assert by_alias["VLC"] == by_alias["Veskarian Liberation Coalition"]
    assert by_alias["Vescarian Liberation Coalition"] == by_alias["VLC"]
    assert by_alias["Kessel"] == by_alias["Arvid Kessel"]
    assert by_alias["Kaldorian"] == by_alias["Kaldoria"]
    dobrev = actors[by_alias["Mira Dobrev"]]
    assert dobrev["type"] == "person" and dobrev["mention_count"] >= 5
    assert {"id", "name", "type", "aliases", "parent", "mention_count"} <= set(dobrev)


def test_alias_file_split_blocks_a_merge(tmp_path: Path):
    path = tmp_path / "a.yaml"
    path.write_text("split:\n  - [Open Hands, Open Hands Relief Network]\n", "utf-8")
    ms = [_m("d1", "Open Hands Relief Network", "ORG", 0), _m("d1", "Open Hands", "ORG", 40)]
    actors, _ = build_actors(ms, {"d1": ""}, load_aliases(path))
    assert len(actors) == 2
    merged, _ = build_actors(ms, {"d1": ""}, load_aliases())
    assert len(merged) == 1


def test_proper_role_name_outlets_and_capitals():
    texts = {"d1": "... agreed in the Kaldorian capital, Velgrad, ... told Harbour Wire ..."}
    ms = [
        _m("d1", "Open Hands Relief Network", "ROLE", 0, role="network"),
        _m("d2", "Open Hands", "PERSON", 0),
        _m("d3", "Open Hands", "PERSON", 0),
        _m("d1", "Kaldoria", "PERSON", 40),
        _m("d1", "Kaldorian", "GPE", 60),
        _m("d1", "Velgrad", "GPE", 80),
        _m("d2", "Velgrad", "GPE", 20),
        _m("d1", "Harbour Wire", "PERSON", 100),
    ]
    actors, links = build_actors(ms, texts, load_aliases(), outlets={"Harbour Wire"})
    charity = _actor_of(actors, links, ms[1])
    assert charity is _actor_of(actors, links, ms[0])
    assert (charity.name, charity.type) == ("Open Hands Relief Network", "organisation")
    state = _actor_of(actors, links, ms[5])
    assert state is _actor_of(actors, links, ms[3]) and state.name == "Kaldoria"
    assert _actor_of(actors, links, ms[7]).type == "organisation"


def test_urls_are_not_mentions(pipeline):
    from rashomon.document import Document

    text = "Read more at https://news.example/2019/04/report-on-the-siege by Anna Brandt."
    items = pipeline.analyse(Document(id="u", text=text))
    assert not [i for i in items if i.kind == "mentions" and "://" in i.text]


def test_capitalised_title_of_a_named_person_is_not_an_organisation_name():
    ms = [
        _m("d1", "Sergey Lavrov", "PERSON", 30),
        _m(
            "d1",
            "Russia's Foreign Minister",
            "ROLE",
            0,
            role="minister",
            holder={"start": 30, "end": 43, "text": "Sergey Lavrov"},
        ),
        _m("d2", "Russia's Foreign Minister", "ROLE", 0, role="minister"),
    ]
    actors, links = build_actors(ms, {"d1": "", "d2": ""}, load_aliases())
    lavrov = _actor_of(actors, links, ms[0])
    assert lavrov is _actor_of(actors, links, ms[1])
    assert (lavrov.name, lavrov.type) == ("Sergey Lavrov", "person")


def test_bare_head_joins_the_only_organisation_it_ends():
    ms = [
        _m("d1", "Veskarian Army", "ORG", 0),
        _m("d2", "Army", "ORG", 0),
        _m("d2", "Front", "ORG", 10),
        _m("d1", "Northern Front", "ORG", 30),
        _m("d2", "Southern Front", "ORG", 40),
    ]
    actors, links = build_actors(ms, {"d1": "", "d2": ""}, load_aliases())
    assert _actor_of(actors, links, ms[1]).name == "Veskarian Army"
    fronts = {_actor_of(actors, links, m).name for m in ms[2:]}
    assert len(fronts) == 3  # two organisations end in "Front": no guess


def test_acronym_long_forms_through_the_suffix_index_equal_the_scan():
    """``_Suffixes.longest`` (bisect over reversed keys) finds what scanning every key finds:
    the longest key that ends with the name or that the name ends with, first in key order."""
    from collections import Counter

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from rashomon.linking.actors import _Suffixes

    words = st.sampled_from(["north", "union", "party", "front", "national", "a", "an"])
    keys = st.lists(st.lists(words, min_size=1, max_size=4).map(" ".join), max_size=12)

    def scan(long: str, labels: dict) -> str | None:
        found = [k for k in labels if k.endswith(long) or long.endswith(k)]
        return max(found, key=len) if found else None

    @settings(max_examples=300, deadline=None)
    @given(keys, st.lists(words, min_size=1, max_size=5).map(" ".join))
    def check(names: list[str], long: str) -> None:
        labels = {k: Counter() for k in names}
        assert _Suffixes(labels).longest(long) == scan(long, labels)

    check()
    # Equal lengths: the first in key order wins, as in the scan.
    tied = {"party union": Counter(), "north union": Counter(), "union": Counter()}
    assert _Suffixes(tied).longest("union") == scan("union", tied) == "party union"


def test_a_group_is_a_collective_actor_under_its_party_not_the_party():
    texts = {"d1": "Ostland Greens said ... Greens ..."}
    party = _m("d1", "Greens", "NORP", 8)
    group = _m(
        "d1",
        "Ostland Greens",
        "COLLECTIVE",
        0,
        role="greens",
        affiliation={"start": 8, "end": 14, "text": "Greens"},
    )
    lone = _m("d1", "Greens", "NORP", 24)
    actors, links = build_actors([party, group, lone], texts, load_aliases())
    group_actor = _actor_of(actors, links, group)
    party_actor = _actor_of(actors, links, lone)
    assert group_actor.id != party_actor.id
    assert group_actor.type == "collective"
    assert group_actor.fields["parent"] == party_actor.id


def test_an_institution_named_with_its_state_is_under_the_state():
    texts = {"d1": "Ostland voted. Ostland's foreign ministry said ..."}
    state = _m("d1", "Ostland", "GPE", 15)
    ministry = _m(
        "d1",
        "Ostland's foreign ministry",
        "ROLE",
        16,  # one position on, so the two test mentions keep distinct ids
        role="ministry",
        affiliation={"start": 15, "end": 22, "text": "Ostland"},
    )
    actors, links = build_actors([state, ministry], texts, load_aliases())
    institution = _actor_of(actors, links, ministry)
    assert institution.id != _actor_of(actors, links, state).id
    assert institution.fields["parent"] == _actor_of(actors, links, state).id


def test_a_lone_surname_tagged_as_a_place_still_makes_its_group_a_person():
    texts = {
        "d1": "President Bashir al-Holmi spoke. Holmi left. Holmi stayed. Holmi won.",
        "d2": "Holmi lost. Holmi spoke. The White House and the house agreed.",
    }
    ms = [_m("d1", "Bashir al-Holmi", "PERSON", 10, title=["president"])]
    ms += [_m("d1", "Holmi", "PERSON", 33)] + [_m("d1", "Holmi", "GPE", s) for s in (45, 58)]
    ms += [_m("d2", "Holmi", "GPE", 0), _m("d2", "Holmi", "PERSON", 12)]
    ms += [_m("d2", "Amos White House", "PERSON", 30), _m("d2", "House", "ORG", 40)]
    actors, links = build_actors(ms, texts, load_aliases())
    assert _actor_of(actors, links, ms[2]).type == "person"
    assert _actor_of(actors, links, ms[2]).id == _actor_of(actors, links, ms[0]).id
    assert _actor_of(actors, links, ms[-1]).type != "person"  # "house" is a common word


def test_a_tagged_person_records_the_party_as_group_never_as_alias():
    ms = [
        _m("d1", "Lina Oster", "PERSON", 0, party="Democratic Party"),
        _m("d1", "Democrats", "NORP", 40),
        _m("d2", "Oster", "PERSON", 0),
        _m("d2", "Anders Lind", "PERSON", 20, party="Independent"),
    ]
    actors, links = build_actors(ms, {"d1": "", "d2": ""}, load_aliases())
    by_name = {a.name: a for a in actors}
    party = by_name["Democratic Party"]
    assert by_name["Lina Oster"].fields["group"] == party.id
    assert "Lina Oster" not in party.aliases and links[ms[2].id] == by_name["Lina Oster"].id
    # a party no article names still has the id its actor would have
    assert by_name["Anders Lind"].fields["group"] == stable_id(
        alias_key("Independent"), prefix="a-"
    )
    assert "group" not in party.fields


def test_a_name_the_table_or_an_acronym_resolved_is_not_joined_again_by_guesses():
    ms = [
        _m("d1", "GOP", "ORG", 0),
        _m("d1", "Harbour GOP", "ORG", 10),
        _m("d2", "Kaldoria", "GPE", 0),
        _m("d2", "KA", "ORG", 20),
        _m("d2", "KA Greens", "ORG", 30),
        _m("d2", "Kaldorian Assembly (KA)", "ORG", 50),
    ]
    texts = {"d1": "", "d2": "the Kaldorian Assembly (KA)"}
    actors, links = build_actors(ms, texts, load_aliases())
    assert _actor_of(actors, links, ms[0]).name == "Republican Party"
    assert _actor_of(actors, links, ms[1]).name == "Harbour GOP"  # a branch, not the party
    assert _actor_of(actors, links, ms[4]).name == "KA Greens"


def test_an_actor_is_named_by_the_full_name_used_once_beside_its_surname():
    texts = {"d1": "x" * 200}
    ms = [
        _m("d1", "Greta Holm", "PERSON", 0),
        _m("d1", "Holm", "PERSON", 40),
        _m("d1", "Holm", "PERSON", 80),
    ]
    actors, links = build_actors(ms, texts, load_aliases())
    assert _actor_of(actors, links, ms[2]).name == "Greta Holm"
