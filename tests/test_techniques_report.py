"""The report section on techniques, rendered from a hand-made export dict."""

from __future__ import annotations

import html
from typing import Any

from rashomon.report.sections import techniques as section


class FakeContext:
    """The two ReportContext helpers the section uses."""

    @staticmethod
    def escape(value: object) -> str:
        return html.escape("" if value is None else str(value), quote=True)

    @staticmethod
    def link(item: dict[str, Any]) -> str:
        return f"#i-{item['id']}"


def test_render_rates_and_linked_escaped_examples() -> None:
    text = "The <evil> regime lies. " * 50
    export = {
        "documents": [{"id": "d1", "title": "T", "outlet": "Herald", "date": None, "text": text}],
        "techniques": [
            {
                "id": "x1",
                "doc": "d1",
                "start": 4,
                "end": 10,
                "text": "<evil>",
                "technique": "Loaded_Language",
                "score": 0.9,
            },
            {
                "id": "x2",
                "doc": "d1",
                "start": 0,
                "end": 23,
                "text": "The <evil> regime lies.",
                "technique": "Loaded_Language",
                "score": 0.4,
            },
        ],
    }
    out = section.render(export, FakeContext())
    assert section.TITLE == "How each outlet argues" and section.POSITION == 65
    assert "Herald" in out and "Loaded_Language" in out
    assert "href='#i-x1'" in out and "&lt;evil&gt;" in out and "<evil>" not in out
    assert "10.0" in out  # 2 spans in 200 words = 10 per 1,000
    assert out.index("#i-x1") < out.index("#i-x2")  # highest score first


def test_render_without_techniques() -> None:
    assert "No persuasion" in section.render({"documents": [], "techniques": []}, FakeContext())


def test_spans_inside_attributed_quotes_are_not_counted() -> None:
    text = 'The minister said: "These vermin will pay." The ferry ran late. ' * 20
    quote = text.index('"') + 1, text.index('."') + 1
    loaded = text.index("vermin")
    export = {
        "documents": [{"id": "d1", "title": "T", "outlet": "Gazette", "text": text}],
        "quotes": [{"id": "q1", "doc": "d1", "start": quote[0], "end": quote[1]}],
        "techniques": [
            {
                "id": "x1",
                "doc": "d1",
                "start": loaded,
                "end": loaded + 6,
                "text": "vermin",
                "technique": "Name_Calling,Labeling",
                "score": 0.9,
            }
        ],
    }
    out = section.render(export, FakeContext())
    assert "own words" in out and "#i-x1" not in out
    del export["quotes"]
    out = section.render(export, FakeContext())
    assert "#i-x1" in out and "not counted: 0 inside" in out
