"""The HTML report: self-contained, escaped, every span highlighted and linkable."""

from __future__ import annotations

import re

from rashomon.report import build_report
from rashomon.report.sections.documents import highlight


class _Ctx:
    from rashomon.report import ReportContext

    escape = staticmethod(ReportContext.escape)


def test_report_is_self_contained(corpus_export):
    page = build_report(corpus_export)
    assert page.startswith("<!DOCTYPE html>")
    # Links to the articles' own URLs are fine; loading anything from elsewhere is not.
    assert not re.search(r"""src=["']https?://""", page)
    assert "<link " not in page and "@import" not in page
    for doc in corpus_export["documents"]:
        assert f"id='doc-{doc['id']}'" in page


def test_every_item_is_linkable(corpus_export):
    page = build_report(corpus_export)
    for mention in corpus_export["mentions"][:50]:
        assert f"i-{mention['id']}" in page


def test_article_text_is_escaped():
    text = 'He wrote <script>alert("x")</script> & left.'
    spans = [{"id": "m1", "start": 3, "end": 8, "text": "wrote", "_kind": "mentions"}]
    out = highlight(text, spans, _Ctx())
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "data-i='i-m1'" in out


def test_overlapping_spans_are_segmented():
    text = "abcdef"
    spans = [
        {"id": "a", "start": 0, "end": 4, "text": "abcd", "_kind": "quotes"},
        {"id": "b", "start": 2, "end": 6, "text": "cdef", "_kind": "mentions"},
    ]
    out = highlight(text, spans, _Ctx())
    assert "data-i='i-a i-b'" in out
    assert re.sub(r"<[^>]+>", "", out) == text
