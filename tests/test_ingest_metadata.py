"""Tests for rashomon.ingest.metadata: what is detected from an article's own text."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.ingest.metadata import (
    detect_metadata,
    missing_metadata,
    normalize_date,
    outlet_from_url,
)
from rashomon.ingest.normalize import normalize_text

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

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
    text = f"# Statement on the hall\n\nFriends of the Market Sat, 14/05/2011 - 09:20\n\n{BODY}"
    found = detect_metadata(text)
    assert found["date"] == "2011-05-14"
    assert found["author"] == "Friends of the Market"


def test_source_url_footer_gives_url_and_outlet() -> None:
    text = f"{BODY}\n\n---\n\n**Source URL:** <https://www.marketnews.example/content/hall-closes>"
    found = detect_metadata(text)
    assert found["url"] == "https://www.marketnews.example/content/hall-closes"
    assert found["outlet"] == "marketnews.example"


def test_leading_date_field() -> None:
    found = detect_metadata(f"date 2011-05-14 ON TUESDAY the council met. {BODY}")
    assert found["date"] == "2011-05-14"
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
        ("Sat, 14/05/2011 - 09:20", "2011-05-14"),
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
        ("https://www.harbourpost.example/content/x", "harbourpost.example"),
        ("http://news.example.com:8080/a?b=c", "news.example.com"),
        ("not a url", None),
        (None, None),
    ],
)
def test_outlet_from_url(url: str | None, expected: str | None) -> None:
    assert outlet_from_url(url) == expected


def test_second_level_markdown_heading_title() -> None:
    assert detect_metadata(f"## Market hall to close\n\n{BODY}")["title"] == "Market hall to close"


def test_title_drops_its_subtitle() -> None:
    found = detect_metadata(f"Hall to close – traders fear the worst for the old market!\n\n{BODY}")
    assert found["title"] == "Hall to close"
    assert "outlet" not in found


@pytest.mark.parametrize("sep", ["|", "–", "-"])
def test_title_then_site_name_gives_outlet(sep: str) -> None:
    found = detect_metadata(f"Market hall to close {sep} The Harbour Post\n\n{BODY}")
    assert (found["title"], found["outlet"]) == ("Market hall to close", "The Harbour Post")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published on 3 March 2016", "2016-03-03"),
        ("By Ines Okafor | Published: March 3, 2016", "2016-03-03"),
        ("Last updated 2016-03-03T10:00:00Z", "2016-03-03"),
        ("First posted Thu, 03/03/2016", "2016-03-03"),
        ("Posted by the desk on March 3, 2016", "2016-03-03"),
    ],
)
def test_publication_line_gives_date(line: str, expected: str) -> None:
    assert detect_metadata(f"Hall closes\n\n{line}\n\n{BODY}")["date"] == expected
    assert detect_metadata(f"{line}\n\n{BODY}").get("title") is None  # not a headline


def test_date_and_outlet_from_a_url_line() -> None:
    text = f"{BODY}\n\nhttps://www.harbourpost.example/news/2016/03/03/hall-closes"
    found = detect_metadata(text)
    assert (found["date"], found["outlet"]) == ("2016-03-03", "harbourpost.example")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Source: The Harbour Post", "The Harbour Post"),
        ("© 2016 Harbour Post Media. All rights reserved.", "Harbour Post Media"),
        ("This article first appeared in The Harbour Post.", "The Harbour Post"),
    ],
)
def test_outlet_named_in_a_footer(line: str, expected: str) -> None:
    assert detect_metadata(f"{BODY}\n\n{line}")["outlet"] == expected


@pytest.mark.parametrize(
    "dateline", ["PORT ELLIS (Wirewire) -", "PORT ELLIS, March 3 (Wirewire) -"]
)
def test_agency_dateline_gives_outlet(dateline: str) -> None:
    found = detect_metadata(f"{dateline} {BODY}")
    assert found["outlet"] == "Wirewire" and "title" not in found


def test_a_sentence_is_not_an_outlet() -> None:
    assert "outlet" not in detect_metadata(
        f"{BODY}\n\nSource: officials said the market was unsafe and would stay closed."
    )


def test_missing_outlet_and_date_are_warned() -> None:
    warnings = missing_metadata({"title": "x", "outlet": None, "date": None})
    assert len(warnings) == 2 and "--outlet" in warnings[0] and "--date" in warnings[1]
    assert missing_metadata({"outlet": "Harbour Post", "date": "2016-03-03"}) == []


def test_seeds_get_metadata_or_a_warning() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} not present")
    for path in sorted(SEEDS.glob("*.txt")):
        found = detect_metadata(normalize_text(path.read_text(encoding="utf-8")))
        warned = missing_metadata(found)
        assert bool(found.get("outlet")) != any("outlet" in w for w in warned)
        assert bool(found.get("date")) != any("date" in w for w in warned)
        if title := found.get("title"):
            assert " – " not in title and " | " not in title


def test_loaded_document_warns_until_flags_supply_outlet_and_date(tmp_path: Path) -> None:
    from rashomon.document import Document
    from rashomon.ingest import load_documents

    (tmp_path / "a.txt").write_text(f"Hall closes\n\n{BODY}", encoding="utf-8")
    (doc,) = [d for d in load_documents([str(tmp_path)]) if isinstance(d, Document)]
    warned = " ".join(doc.meta["warnings"])
    assert "--outlet" in warned and "--date" in warned
    flagged = load_documents([str(tmp_path)], outlet="Harbour Post", date="2016-03-03")
    (doc,) = [d for d in flagged if isinstance(d, Document)]
    assert not any("--outlet" in w or "--date" in w for w in doc.meta["warnings"])
