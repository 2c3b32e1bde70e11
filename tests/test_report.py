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
        assert f'id="doc-{doc["id"]}"' in page


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


HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "  javascript:alert(1)",
    "\x01\x02javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//elsewhere.example/x",
]


def _export_with_url(url: str) -> dict:
    text = "An invented line about a bridge."
    doc = {"id": "d1", "title": "<b>T</b>", "outlet": "O", "date": None, "url": url, "text": text}
    return {"schema_version": "1.0", "documents": [doc], "actors": []}


def test_only_http_urls_become_links():
    from rashomon.report.safety import safe_url

    for url in HOSTILE_URLS:
        assert safe_url(url) is None, url
        page = build_report(_export_with_url(url))
        assert not re.search(r"href=[\"']\s*(javascript|data|vbscript|//)", page, re.I), url
        assert "<script>alert" not in page
    page = build_report(_export_with_url("https://news.example/a?b=1&c=2"))
    assert 'href="https://news.example/a?b=1&amp;c=2"' in page
    assert "<b>T</b>" not in page and "&lt;b&gt;T&lt;/b&gt;" in page


def test_sections_ordered_by_declared_position(corpus_export):
    import importlib

    from rashomon.report.sections import SECTIONS

    modules = [importlib.import_module(f"rashomon.report.sections.{n}") for n in SECTIONS]
    positions = [m.POSITION for m in modules]
    assert len(set(positions)) == len(positions)  # no two sections claim the same place
    page = build_report(corpus_export)
    shown = [m for m in sorted(modules, key=lambda m: m.POSITION) if f'id="s-{m.NAME}"' in page]
    offsets = [page.index(f'id="s-{m.NAME}"') for m in shown]
    assert offsets == sorted(offsets) and len(shown) >= 5


def test_long_lists_fold_behind_show_all():
    from rashomon.report.render import REPORT_TOP_ROWS

    n = REPORT_TOP_ROWS + 30
    docs = [
        {"id": f"d{i:03d}", "title": f"T{i}", "outlet": "O", "date": None, "text": "x y"}
        for i in range(n)
    ]
    page = build_report({"schema_version": "1.0", "documents": docs, "actors": []})
    assert f"Show all {n} documents" in page
    # Folded, not dropped: every article still has its anchor for evidence links.
    assert all(f'id="doc-{d["id"]}"' in page for d in docs)
    assert page.count('<details class="doc" id=') == n and page.count(" open>") <= 10
