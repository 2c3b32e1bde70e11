"""Person names in actor linking: who may be one person, lone surnames, headline fragments."""

from __future__ import annotations

from pathlib import Path

from rashomon.document import Item
from rashomon.linking.actors import build_actors
from rashomon.linking.aliases import fingerprint, load_aliases
from rashomon.linking.person_names import compatible, identity, resolve_surnames


def _m(doc: str, text: str, label: str, start: int) -> Item:
    item = Item("mentions", start, start + len(text), text, {"label": label})
    item.doc, item.id = doc, f"m-{doc}-{start}"
    return item


def _names(ms: list[Item]) -> dict[str, set[str]]:
    actors, links = build_actors(ms, {m.doc: "" for m in ms}, load_aliases())
    by_id = {a.id: a.name for a in actors}
    out: dict[str, set[str]] = {}
    for m in ms:
        out.setdefault(by_id[links[m.id]], set()).add(f"{m.doc}:{m.text}")
    return out


def test_identity_and_compatibility():
    assert identity("greta k. holm") == ("greta", "holm", "")
    assert compatible("greta holm", "greta k. holm")
    assert compatible("holm", "greta holm")
    assert not compatible("greta holm", "anders holm")
    assert not compatible("anders holm", "anders holm jr.")


def test_two_people_never_merge_even_through_a_shared_role():
    ms = [
        _m("d1", "Greta Holm", "PERSON", 0),
        _m("d1", "Anders Holm", "PERSON", 40),
        _m("d1", "Holm", "PERSON", 80),
        _m("d2", "Greta Holm", "PERSON", 0),
        _m("d2", "Holm", "PERSON", 40),
        _m("d3", "Anders Holm", "PERSON", 0),
        _m("d3", "President", "PERSON", 20),
        _m("d4", "Piet Varga", "PERSON", 0),
        _m("d4", "President", "PERSON", 20),
    ]
    groups = _names(ms)
    assert not any({"d1:Greta Holm", "d1:Anders Holm"} <= g for g in groups.values())
    assert {"d2:Greta Holm", "d2:Holm", "d1:Greta Holm"} <= groups["Greta Holm"]
    assert "d1:Holm" not in groups["Greta Holm"] | groups["Anders Holm"]  # two Holms in d1
    assert not any({"d3:Anders Holm", "d4:Piet Varga"} <= g for g in groups.values())


def test_surname_joins_a_full_name_with_a_suffix_and_middle_initials():
    ms = [
        _m("d1", "Tomas Brekke Jr.", "PERSON", 0),
        _m("d1", "Brekke", "PERSON", 40),
        _m("d2", "Lina M. Oster", "PERSON", 0),
        _m("d3", "Lina Oster", "PERSON", 0),
        _m("d3", "Tomas Brekke", "PERSON", 30),
    ]
    groups = _names(ms)
    brekke = next(g for g in groups.values() if "d1:Brekke" in g)
    assert "d1:Tomas Brekke Jr." in brekke and "d3:Tomas Brekke" not in brekke
    assert any({"d2:Lina M. Oster", "d3:Lina Oster"} <= g for g in groups.values())


def test_resolve_surnames_in_the_article():
    ms = [_m("d1", "Greta Holm", "PERSON", 0), _m("d1", "Holm", "ORG", 30)]
    keys = {m.id: m.text.lower() for m in ms}
    resolve_surnames(ms, keys)
    assert keys[ms[1].id] == "greta holm"


def test_demonym_join_skips_a_persons_surname():
    ms = [_m("d1", "Ana Veskan", "PERSON", 0), _m("d1", "Veskanian", "NORP", 30)]
    ms.append(_m("d2", "Veskan", "PERSON", 0))
    groups = _names(ms)
    assert not any({"d1:Veskanian", "d1:Ana Veskan"} <= g for g in groups.values())


def test_alias_fingerprint_changes_with_the_file(tmp_path: Path):
    base = fingerprint(tmp_path)
    (tmp_path / "rashomon.aliases.yaml").write_text("actors:\n  - name: Holm Group\n", "utf-8")
    assert fingerprint(tmp_path) != base
    assert fingerprint(tmp_path / "rashomon.aliases.yaml") == fingerprint(tmp_path)


def test_a_surname_without_its_joined_article_is_the_same_surname():
    from rashomon.linking.person_names import surname

    assert surname("bashir al-holmi") == "holmi" == surname("holmi")
    assert compatible("bashir al-holmi", "holmi")
    assert not compatible("bashir al-holmi", "karim al-holmi")
    assert surname("anna el-sayed") == "sayed" and surname("tom al-") == "al-"


def test_a_full_name_ending_with_an_organisation_name_is_not_a_person():
    from collections import Counter

    from rashomon.linking.person_names import person_keys

    labels = {
        "holm harbour board": Counter({"PERSON": 1}),
        "harbour board": Counter({"ORG": 3}),
        "greta holm": Counter({"PERSON": 2}),
        "anna lind holm": Counter({"PERSON": 1}),
        "lind holm": Counter({"PERSON": 1}),
    }
    assert person_keys(labels) == {"greta holm", "anna lind holm", "lind holm"}


def test_a_titled_surname_never_joins_a_full_name_of_the_other_gender():
    ms = [_m("d1", "Greta Holm", "PERSON", 0), _m("d1", "Holm", "PERSON", 20)]
    ms.append(_m("d1", "Holm", "PERSON", 40))
    ms[2].fields["gender"] = "m"  # "Mr. Holm": not Greta, whom the article names in full
    keys = {m.id: m.text.lower() for m in ms}
    resolve_surnames(ms, keys)
    assert keys[ms[1].id] == "greta holm"
    assert keys[ms[2].id] == "d1:holm"
