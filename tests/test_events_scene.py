"""An event's scene (events/scene.py): the town of a placed event in its sentence, else the one
town its paragraph names."""

from __future__ import annotations

from rashomon.document import make_item
from rashomon.events.scene import distance_km, paragraphs, scenes
from rashomon.events.spans import Spans

TEXT = (
    "Jets struck the old town of Vosk, shelling it for hours. Dozens were killed.\n\n"
    "The bombing went on at night.\n\n"
    "Rebels fought in Vosk and in Tarn. The fighting spread."
)
TOWNS = {"Vosk": (35.0, 37.0), "Tarn": (36.0, 38.0)}


def _town(name: str, nth: int = 0) -> object:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(name, start + 1)
    lat, lon = TOWNS[name]
    return make_item(
        "places", TEXT, start, start + len(name), place_id=f"id:{name}", name=name, lat=lat, lon=lon
    )


def _event(word: str, location: str | None = None) -> dict[str, object]:
    start = TEXT.index(word)
    return {"trigger": {"start": start}, "location": f"id:{location}" if location else None}


def test_scenes_from_the_sentence_and_the_paragraph() -> None:
    places = Spans([_town("Vosk"), _town("Vosk", 1), _town("Tarn")])
    sentences = Spans(
        [make_item("sentences", TEXT, a, b) for a, b in paragraphs(TEXT)]  # one a paragraph here
    )
    events = [
        _event("struck", "Vosk"),
        _event("shelling"),  # same sentence as a placed event: its town
        _event("bombing"),  # a paragraph naming no town: none
        _event("fighting"),  # a paragraph naming two towns: none
    ]
    found = scenes(events, places, sentences, TEXT)
    assert found[0] is None  # placed itself
    assert found[1] is not None and found[1]["name"] == "Vosk" and found[1]["lat"] == 35.0
    assert found[2] is None and found[3] is None


def test_paragraph_with_one_town_gives_it() -> None:
    text = "Shelling hit the port of Vosk at dawn.\n\nThe bombardment killed nine."
    start = text.index("Vosk")
    vosk = make_item(
        "places", text, start, start + 4, place_id="id:Vosk", name="Vosk", lat=1.0, lon=2.0
    )
    at = text.index("Shelling")
    event = {"trigger": {"start": at}, "location": None}
    found = scenes([event], Spans([vosk]), Spans([]), text)
    assert found[0] is not None and found[0]["place_id"] == "id:Vosk"


def test_distance() -> None:
    assert 110 < distance_km(35.0, 37.0, 36.0, 37.0) < 112
