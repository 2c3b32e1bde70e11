"""Types and doers from context (events/retype.py): standoff doers, a state before the noun,
definite repeats of an earlier attack, and a present perfect not dated to a past year."""

from __future__ import annotations

import pytest

from rashomon.events.extract import find_events

spacy = pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from rashomon.pipeline import load_spacy

    return load_spacy()


def _events(nlp, text):  # type: ignore[no-untyped-def]
    return [
        (f.trigger.text, f.type, f.agent.text if f.agent else None) for f in find_events(nlp(text))
    ]


def test_attack_by_warplanes_is_a_bombardment(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _events(nlp, "The attack on the old quarter by Norvanian warplanes lasted all night.")
    assert ("attack", "ASSAULT", "Norvanian warplanes") in found


def test_attack_by_infantry_stays_fighting(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _events(nlp, "The attack on the ridge by the infantry lasted all night.")
    assert ("attack", "FIGHT", "the infantry") in found


def test_state_before_the_noun_is_the_doer(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _events(nlp, "The truce collapsed after a US airstrike on an army post near the dam.")
    assert ("airstrike", "ASSAULT", "US") in found


def test_definite_repeat_keeps_the_earlier_type(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On Monday an air attack on the garrison at Vosk killed nine soldiers. "
        "The governor said the brutal attack on the garrison would be answered."
    )
    types = [t for word, t, _ in _events(nlp, text) if word == "attack"]
    assert types == ["ASSAULT", "ASSAULT"]


def test_indefinite_attack_is_a_new_mention(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On Monday an air attack on the garrison at Vosk killed nine soldiers. "
        "On Friday rebels launched an attack on the ridge."
    )
    types = [t for word, t, _ in _events(nlp, text) if word == "attack"]
    assert types == ["ASSAULT", "FIGHT"]


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        ("The siege killed hundreds in 1921.", True),
        ("The siege has killed hundreds in 1921.", False),
    ],
)
def test_present_perfect_is_not_a_past_year(nlp, text, dated) -> None:  # type: ignore[no-untyped-def]
    from rashomon.document import make_item
    from rashomon.events.background import _dates

    doc = nlp(text)
    killed = next(t for t in doc if t.text == "killed")
    start = text.index("1921")
    assert _dates(killed, make_item("times", text, start, start + 4, value="1921")) is dated
