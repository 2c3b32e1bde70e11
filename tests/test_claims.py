"""Claims: numbers, bounds, types, counted class and subject."""

from __future__ import annotations

import pytest

from rashomon.claims import find_quantities
from rashomon.document import Document


def _claims(pipeline, text: str) -> list[dict]:
    items = pipeline.analyse(Document(id="t", text=text, date="2016-09-20"))
    return [i.fields | {"text": i.text} for i in items if i.kind == "claims"]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("at least 41", 41, None),
        ("more than 60", 61, None),
        ("nearly 100", None, 100),
        ("up to 70", None, 70),
        ("between 40 and 55", 40, 55),
        ("40 to 55", 40, 55),
        ("dozens", 24, 99),
        ("two hundred", 200, 200),
        ("over 60,000", 60001, None),
    ],
)
def test_bounds(text: str, low, high) -> None:
    q = find_quantities(text)[0]
    assert (q.low, q.high) == (low, high)


def test_range_killed_soldiers_with_typo(pipeline) -> None:
    c = _claims(pipeline, "The strike killed between 62 and 80 Syrian solders.")[0]
    assert (c["low"], c["high"], c["counted"], c["subject"]) == (62, 80, "killed", "soldiers")


def test_two_claims_in_one_phrase(pipeline) -> None:
    claims = _claims(pipeline, "The airstrike left 62 soldiers dead and 100 injured.")
    assert [(c["low"], c["counted"]) for c in claims] == [(62, "killed"), (100, "injured")]
    assert claims[1]["subject"] == "soldiers"


def test_non_casualty_types(pipeline) -> None:
    claims = _claims(
        pipeline, "A four-year ceasefire ended. He won 61 percent in 2017. Teodor Basch, 61, spoke."
    )
    types = [(c["text"], c["quantity_type"]) for c in claims]
    assert ("four-year", "duration") in types and ("61 percent", "percent") in types
    assert any(c["quantity_type"] == "age" and c["low"] == 61 for c in claims)
    assert all(c["counted"] is None for c in claims)


def test_airstrikes_and_saved(pipeline) -> None:
    claims = _claims(
        pipeline, "Russia carried out 1700 airstrikes. The rescuers saved over 60,000 people."
    )
    assert claims[0]["counted"] == "airstrikes"
    assert claims[1]["counted"] != "killed"


def test_attribution(pipeline) -> None:
    c = _claims(pipeline, "At least 25 people were killed, according to medical sources.")[0]
    assert c["voice"] == "attributed" and c["claimant_text"] == "medical sources"
    own = _claims(pipeline, "At least 25 people were killed.")[0]
    assert own["voice"] == "outlet"


def test_subsets_share_the_status_of_the_figure_before(pipeline) -> None:
    text = "At least 30 people, including 7 police officers, were killed in the raid."
    claims = _claims(pipeline, text)
    assert [(c["low"], c["counted"]) for c in claims] == [(30, "killed"), (7, "killed")]
    text = "Hundreds of fighters were killed, among them several foreign volunteers."
    claims = _claims(pipeline, text)
    assert [(c["low"], c["high"], c["counted"]) for c in claims] == [
        (200, 999, "killed"),
        (3, 9, "killed"),
    ]
    text = "Nearly 90 were wounded, dozens of them children."
    assert [c["counted"] for c in _claims(pipeline, text)] == ["injured", "injured"]


def test_modal_before_the_status_and_partitive_subject(pipeline) -> None:
    c = _claims(pipeline, "A nurse said up to 70 people may have died.")[0]
    assert (c["high"], c["counted"]) == (70, "killed")
    first = _claims(pipeline, "Nine of the 12 judges voted against.")[0]
    assert (first["text"], first["low"], first["subject"]) == ("Nine", 9, "judges")


def test_money_by_context_fractions_and_one_day() -> None:
    text = "Each family gets compensation of 20,000 kronar each; rebels hold roughly a third of it."
    found = [(text[q.start : q.unit_end], q.quantity_type, q.low) for q in find_quantities(text)]
    assert found == [("20,000 kronar", "money", 20000), ("roughly a third", "percent", 33.3)]
    (day,) = find_quantities("The raid came one day after the vote.")
    assert (day.quantity_type, day.low) == ("duration", 1)
    assert find_quantities("half an hour later, one of them left") == []
