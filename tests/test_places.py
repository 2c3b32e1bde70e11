"""Places: gazetteer lookups, fuzzy spellings, parts of places, unresolved invented names."""

from __future__ import annotations

from rashomon.places import default_gazetteer
from rashomon.places.gazetteer import Gazetteer


def test_spellings_are_one_place() -> None:
    g = default_gazetteer()
    ids = {g.lookup(n).place_id for n in ("Deir ez-Zor", "Dayr al Zahr", "Deir Ezzor")}
    assert len(ids) == 1 and next(iter(ids)).startswith("geonames:")


def test_east_part_has_parent() -> None:
    g = default_gazetteer()
    east, eastern = g.lookup("East Aleppo"), g.lookup("Eastern Aleppo")
    assert east == eastern and east.parent == "Aleppo" and east.country == "SY"


def test_invented_place_is_unresolved_and_stable() -> None:
    g = default_gazetteer()
    a, b = g.lookup("Tarvesk"), g.lookup("the Tarvesk")
    assert not a.resolved and a.place_id == b.place_id and a.place_id.startswith("place:")


def test_user_alias_file(tmp_path) -> None:
    path = tmp_path / "places.yaml"
    path.write_text("- name: Tarvesk\n  aliases: [Tarvesk City]\n  country: VK\n", "utf-8")
    place = Gazetteer(extra=path).lookup("Tarvesk City")
    assert place.name == "Tarvesk" and place.country == "VK"


def test_corpus_places(corpus_export) -> None:
    names = {p["name"] for p in corpus_export["places"]}
    assert {"Ildra", "Tarvesk", "Velgrad"} <= names


def test_a_name_used_as_a_place_is_a_place_throughout(pipeline) -> None:
    from rashomon.document import Document

    text = (
        "Rebels entered the city of Norvask on Sunday. Norvask has been cut off for weeks, "
        "and the fighters say Norvask will not fall again. Mira Anselt spoke in Norvask."
    )
    items = pipeline.analyse(Document(id="t", text=text))
    places = [i.text for i in items if i.kind == "places"]
    assert places.count("Norvask") == 4
    people = {i.text for i in items if i.kind == "mentions" and i.fields["label"] == "PERSON"}
    assert "Norvask" not in people and "Mira Anselt" in people


def test_index_cache_is_reused_and_a_broken_one_rebuilt(tmp_path, monkeypatch):
    from rashomon.places.gazetteer import Gazetteer

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = Gazetteer()
    cached = list((tmp_path / "rashomon").glob("gazetteer-*.pickle"))
    assert len(cached) == 1
    assert Gazetteer().index == built.index  # read from the file
    cached[0].write_bytes(b"not a pickle")
    again = Gazetteer()
    assert again.index == built.index
