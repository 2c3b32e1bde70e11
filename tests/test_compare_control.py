"""Who holds a town (linking/compare/control.py): the holder phrases found, on invented text."""

from __future__ import annotations

from rashomon.document import make_item
from rashomon.linking.compare.base import town_word
from rashomon.linking.compare.control import _voice, holders_in


def _found(text: str, mentions=(), links=None):  # type: ignore[no-untyped-def]
    return [
        (text[a:b], key)
        for a, b, key in holders_in("d", text, 0, "Vosk", list(mentions), links or {})
    ]


def test_town_word_drops_a_direction() -> None:
    assert town_word("Eastern Vosk") == "Vosk"
    assert town_word("Vosk") == "Vosk"
    assert town_word(None) is None


def test_passive_skips_the_denied_holder() -> None:
    text = "The envoy said Vosk is held, not by the brave rebels, but by the Red Hand Brigade."
    assert _found(text) == [("the Red Hand Brigade", "red hand brigade")]


def test_defenders_of_the_town() -> None:
    text = "The committee salutes the heroic defenders of East Vosk."
    assert _found(text) == [("the heroic defenders", "heroic defenders")]


def test_stronghold_takes_the_group_named_before_in_the_sentence() -> None:
    text = "The Red Hand Brigade lost ground near its stronghold of Vosk."
    start = text.index("The Red")
    brigade = make_item("mentions", text, start, start + len("The Red Hand Brigade"))
    brigade.id = "m1"
    assert _found(text, [brigade], {"m1": "a-brigade"}) == [("The Red Hand Brigade", "a-brigade")]


def test_no_town_no_holder() -> None:
    assert _found("Tarn is controlled by the Red Hand Brigade.") == []


def test_voice_of_a_holder() -> None:
    text = "'Vosk is run by bandits,' the minister said, while others call them 'liberators'."
    quote = make_item("quotes", text, 1, 25, speaker_text="the minister")
    scare = make_item("scare_quotes", text, text.index("'lib"), len(text) - 1)
    spans = {"quotes": [quote], "scare_quotes": [scare]}
    assert _voice(spans, 16, 23) == ("speaker", "the minister")
    assert _voice(spans, text.index("liberators"), text.index("liberators") + 10) is None
    assert _voice({}, 0, 4) == ("outlet", None)
