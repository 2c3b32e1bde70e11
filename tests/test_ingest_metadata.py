"""Tests for rashomon.ingest.metadata: what is detected from an article's own text."""

from __future__ import annotations

import pytest

from rashomon.ingest.metadata import detect_metadata, normalize_date, outlet_from_url

BODY = "The council met on Monday and agreed to close the old market hall for repairs."


def test_markdown_title() -> None:
    found = detect_metadata(f"# Market hall to close\n\n{BODY}")
    assert found["title"] == "Market hall to close"


def test_headline_line_followed_by_blank_line() -> None:
    found = detect_metadata(f"Market hall to close for a year\n\n{BODY}")
    assert found["title"] == "Market hall to close for a year"


@pytest.mark.parametrize(
    "first",
    [
        BODY,  # a sentence, not a headline
        "This line is far too long to be a headline because it runs on for many many words",
    ],
)
def test_no_headline(first: str) -> None:
    assert "title" not in detect_metadata(f"{first}\n\n{BODY}")


def test_no_headline_without_blank_line() -> None:
    assert "title" not in detect_metadata(f"Market hall to close\n{BODY}")


def test_byline_with_day_first_date_and_author() -> None:
    text = f"# Statement on the hall\n\nFriends of the Market Fri, 30/09/2016 - 12:35\n\n{BODY}"
    found = detect_metadata(text)
    assert found["date"] == "2016-09-30"
    assert found["author"] == "Friends of the Market"


def test_source_url_footer_gives_url_and_outlet() -> None:
    text = f"{BODY}\n\n---\n\n**Source URL:** <https://www.marketnews.example/content/hall-closes>"
    found = detect_metadata(text)
    assert found["url"] == "https://www.marketnews.example/content/hall-closes"
    assert found["outlet"] == "marketnews.example"


def test_leading_date_field() -> None:
    found = detect_metadata(f"date 2024-12-04 ON TUESDAY the council met. {BODY}")
    assert found["date"] == "2024-12-04"
    assert "title" not in found


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2016-09-30", "2016-09-30"),
        ("30 September 2016", "2016-09-30"),
        ("Date: 1 May 2019", "2019-05-01"),
    ],
)
def test_date_line_near_the_top(line: str, expected: str) -> None:
    assert detect_metadata(f"Market hall to close\n\n{line}\n\n{BODY}")["date"] == expected


def test_by_line_gives_author() -> None:
    assert detect_metadata(f"Hall closes\n\nBy Ines Okafor\n\n{BODY}")["author"] == "Ines Okafor"


def test_nothing_detected_in_plain_body() -> None:
    assert detect_metadata(BODY) == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-09-30", "2016-09-30"),
        ("2024-12-04T10:30:00Z", "2024-12-04"),
        ("30 September 2016", "2016-09-30"),
        ("September 30, 2016", "2016-09-30"),
        ("Fri, 30/09/2016 - 12:35", "2016-09-30"),
        ("09/30/2016", "2016-09-30"),
        ("31/02/2016", None),
        ("September 2016", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_date(value: str | None, expected: str | None) -> None:
    assert normalize_date(value) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.fifthinternational.org/content/x", "fifthinternational.org"),
        ("http://news.example.com:8080/a?b=c", "news.example.com"),
        ("not a url", None),
        (None, None),
    ],
)
def test_outlet_from_url(url: str | None, expected: str | None) -> None:
    assert outlet_from_url(url) == expected


def test_second_level_markdown_heading_title() -> None:
    assert detect_metadata(f"## Market hall to close\n\n{BODY}")["title"] == "Market hall to close"
