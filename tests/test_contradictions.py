"""Contradictions and agreements: interval logic and a three-outlet story."""

from __future__ import annotations

from rashomon.document import Item
from rashomon.linking.actors import ActorLinker
from rashomon.linking.contradictions import ContradictionLinker, number_key, overlaps
from rashomon.linking.stances import StanceLinker
from rashomon.linking.stories import StoryLinker
from tests.test_stories import _save, store  # noqa: F401  (fixture)


def _claim(low, high, approx=False, counted="killed", subject="civilians") -> Item:
    return Item(
        "claims",
        0,
        1,
        "x",
        {"low": low, "high": high, "approx": approx, "counted": counted, "subject": subject},
    )


def test_ranges():
    assert not overlaps(_claim(12, 12), _claim(78, 78))
    assert overlaps(_claim(62, 80), _claim(62, 62))
    assert overlaps(_claim(41, None), _claim(40, 55))
    assert not overlaps(_claim(None, 70), _claim(78, 78))
    assert overlaps(_claim(12, 12, approx=True), _claim(13, 13))
    assert number_key(_claim(1, 1, counted="dead", subject="people")) == ("killed", "people")
    assert number_key(_claim(1, 1, subject="civilians")) == ("killed", "people")


def test_story_contradictions_and_agreements(store):  # noqa: F811
    for key in "abc":
        _save(store, key)
    for linker in (ActorLinker(), StoryLinker(), StanceLinker(), ContradictionLinker()):
        linker.link(store)
    found = list(store.linked("contradictions"))
    numbers = [c for c in found if c.fields["kind"] == "numbers"]
    pairs = {tuple(sorted(s["outlet"] for s in c.fields["items"])) for c in numbers}
    assert ("Voice Two", "Wire One") in pairs  # 12 vs 78
    assert ("Paper Three", "Voice Two") not in pairs  # at least 41 vs 78: compatible
    assert all(len(c.fields["items"]) == 2 for c in found)
    assert "do not overlap" in numbers[0].fields["explanation"]
    blame = [c for c in found if c.fields["kind"] == "blame"]
    assert blame and "Army" in blame[0].fields["explanation"]
    agreements = list(store.linked("agreements"))
    assert any(
        {s["outlet"] for s in a.fields["items"]} == {"Paper Three", "Voice Two"} for a in agreements
    )
