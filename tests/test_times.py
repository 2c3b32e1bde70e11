"""Times: TIMEX3 extraction and resolution against the document date."""

from __future__ import annotations

import pytest

from rashomon.document import Document
from rashomon.timex import find_timexes, resolve


@pytest.mark.parametrize(
    ("text", "date", "value"),
    [
        ("ON WEDNESDAY 27 November, militias", "2024-12-04", "2024-11-27"),
        ("on the 17 September", "2016-09-30", "2016-09-17"),
        ("on 2 January", "2020-12-30", "2021-01-02"),  # year rollover, future-facing day
        ("on 30 December", "2021-01-03", "2020-12-30"),
        ("at the weekend", "2019-04-09", "2019-W14-WE"),
        ("last week's strike", "2019-04-15", "2019-W15"),
        ("yesterday", "2019-04-08", "2019-04-07"),
        ("last Sunday", "2019-04-13", "2019-04-07"),
        ("next Thursday", "2019-04-15", "2019-04-18"),
        ("the end of this month", "2019-04-15", "2019-04"),
        ("until last year", "2019-04-15", "2018"),
        ("a four-year ceasefire", "2024-12-04", "P4Y"),
        ("within two hours", None, "PT2H"),
        ("Sat, 13/04/2019 - 09:10", None, "2019-04-13T09:10"),
    ],
)
def test_resolve(text: str, date: str | None, value: str) -> None:
    assert resolve(text, date) == value


def test_no_date_no_invention() -> None:
    found = find_timexes("They struck on Monday and yesterday.", None)
    assert [t.value for t in found] == [None, None]


def test_tense_picks_past_or_future(pipeline) -> None:
    text = "The army attacked on Monday. The president will speak on Wednesday."
    items = pipeline.analyse(Document(id="t", text=text, date="2019-04-09"))
    values = {i.text: i.fields["value"] for i in items if i.kind == "times"}
    assert values == {"Monday": "2019-04-08", "Wednesday": "2019-04-10"}


def test_same_weekday_is_the_document_day(pipeline) -> None:
    text = "Fighters launched an offensive at dawn on Sunday."
    items = pipeline.analyse(Document(id="t", text=text, date="2019-04-07"))
    assert [i.fields["value"] for i in items if i.kind == "times"] == ["2019-04-07"]


def test_seed_dateline(seeds_dir) -> None:
    path = seeds_dir / "004_b63a2dbf97fcf224.txt"
    if not path.exists():
        pytest.skip("seed absent")
    text = path.read_text("utf-8")
    found = find_timexes(text, "2024-12-04")
    assert any(t.value == "2024-11-27" for t in found)


def test_clock_and_part_of_day_take_the_day_just_named() -> None:
    text = (
        "Shelling began on Friday morning; sirens sounded shortly before 9:15 a.m."
        " and lasted until the evening."
    )
    found = find_timexes(text, "2021-06-07")  # a Monday: Friday is 06-04
    assert [(text[t.start : t.end], t.value) for t in found] == [
        ("Friday morning", "2021-06-04TMO"),
        ("9:15 a.m.", "2021-06-04T09:15"),
        ("the evening", "2021-06-04TEV"),
    ]


def test_byline_span_stops_at_the_line_end() -> None:
    text = "By Ana Ruiz, Sun, 06/06/2021 - 18:05\n\nThe convoy left."
    (found,) = find_timexes(text, None)
    assert text[found.start : found.end] == "Sun, 06/06/2021 - 18:05"
    assert found.value == "2021-06-06T18:05"


def test_bare_plural_durations() -> None:
    text = "The raid came only days after the talks, the worst clash in years."
    found = find_timexes(text, "2021-06-07")
    assert [(text[t.start : t.end], t.value) for t in found] == [
        ("days", "PXD"),
        ("years", "PXY"),
    ]


def test_no_date_leaves_relative_parts_of_day_unanchored() -> None:
    found = find_timexes("They fought on Monday until the evening.", None)
    assert [t.value for t in found] == [None, "TEV"]
