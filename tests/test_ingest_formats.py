"""Tests for rashomon.ingest.formats through load_documents: HTML, JSONL, Markdown."""

from __future__ import annotations

from pathlib import Path

from rashomon.document import Document
from rashomon.errors import InputError
from rashomon.ingest import load_documents
from rashomon.ingest.formats import sniff_format

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"


def load(paths: list[str]) -> tuple[list[Document], list[InputError]]:
    """Documents and errors from load_documents, in order."""
    results = list(load_documents(paths))
    docs = [r for r in results if isinstance(r, Document)]
    return docs, [r for r in results if isinstance(r, InputError)]


def test_html_boilerplate_removed_and_metadata_read() -> None:
    docs, errors = load([str(FIXTURES / "harbour_bridge.html")])
    assert errors == []
    doc = docs[0]
    assert doc.id == "harbour_bridge"
    assert "Engineers replaced the rusted cables" in doc.text
    assert "\u201cIt is safer than it has ever been,\u201d" in doc.text
    for boilerplate in ("Subscribe now", "cookies", "Most read", "All rights reserved"):
        assert boilerplate not in doc.text
    assert doc.title == "Harbour bridge reopens"
    assert doc.date == "2023-05-17"
    assert doc.url == "https://www.gullgazette.example/news/harbour-bridge"
    assert doc.outlet == "gullgazette.example"
    assert doc.author == "Mara Lind"
    assert doc.meta["format"] == "html"
    assert "\n\n" in doc.text  # paragraphs separated by a blank line


def test_html_without_article_text(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Nothing</title></head><body><script>var a = 1;</script></body></html>"
    )
    (tmp_path / "nav.html").write_text(page, encoding="utf-8")
    docs, errors = load([str(tmp_path / "nav.html")])
    assert docs == []
    assert errors[0].problem == "no article text found in the HTML"


def test_jsonl_fields_and_ids() -> None:
    docs, errors = load([str(FIXTURES / "grain_prices.jsonl")])
    assert errors == []
    first, second = docs
    assert (first.id, first.title, first.outlet, first.date) == (
        "grain-1",
        "Grain prices rise again",
        "Farm Ledger",
        "2022-08-03",
    )
    assert first.source.endswith("grain_prices.jsonl:1")
    assert (second.id, second.date, second.outlet) == ("grain-2", "2022-08-04", None)
    assert second.source.endswith("grain_prices.jsonl:2")


def test_malformed_jsonl_line_is_named_and_the_rest_load(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(
        '{"id": "one", "text": "The first story."}\n'
        '{"id": "two", "text": "The second story.\n'
        "\n"
        '{"id": "three", "text": "The third story."}\n'
        '["not", "an", "object"]\n'
        '{"id": "five", "text": "   "}\n'
        '{"text": "A story without an id."}\n',
        encoding="utf-8",
    )
    docs, errors = load([str(path)])
    assert [d.id for d in docs] == ["one", "three", "feed-7"]
    assert [e.source for e in errors] == [f"{path}:2", f"{path}:5", f"{path}:6"]
    assert errors[0].problem.startswith("not valid JSON")


def test_markdown_title_and_date_kept_in_text() -> None:
    docs, _ = load([str(FIXTURES / "ferry_strike.md")])
    doc = docs[0]
    assert doc.title == "Ferry crews vote to strike"
    assert doc.date == "2021-03-12"
    assert doc.text.startswith("# Ferry crews vote to strike\n\nPublished 12 March 2021")
    assert doc.meta["detected"] == ["title", "date"]
    assert doc.meta["format"] == "md"


def test_sniff_format() -> None:
    assert sniff_format('{"id": "a", "text": "x"}\n') == "jsonl"
    assert sniff_format("<!DOCTYPE html><html></html>") == "html"
    assert sniff_format("{Braces} in plain text") == "txt"
