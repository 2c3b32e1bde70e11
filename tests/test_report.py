"""The HTML report: self-contained, escaped, every span highlighted and linkable."""

from __future__ import annotations

import re

from rashomon.report import build_report
from rashomon.report.sections.documents import highlight


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
    out = highlight(text, spans)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "data-i='i-m1'" in out


def test_overlapping_spans_are_segmented():
    text = "abcdef"
    spans = [
        {"id": "a", "start": 0, "end": 4, "text": "abcd", "_kind": "quotes"},
        {"id": "b", "start": 2, "end": 6, "text": "cdef", "_kind": "mentions"},
    ]
    out = highlight(text, spans)
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


PAYLOAD = "<img src=x onerror=alert(1)>"


def _hostile_export() -> dict:
    """Every field a section shows carries a payload."""
    text = f"{PAYLOAD} said {PAYLOAD} attacked the town, killing 12 people."
    doc = {"id": "d1", "title": PAYLOAD, "outlet": PAYLOAD, "date": "2020-01-02", "text": text}
    doc2 = {**doc, "id": "d2", "outlet": "Other " + PAYLOAD}
    span = {"doc": "d1", "start": 0, "end": len(PAYLOAD), "text": PAYLOAD}
    actor = {"id": "a1", "name": PAYLOAD, "type": PAYLOAD, "aliases": [PAYLOAD]}
    event = {**span, "id": "e1", "type": PAYLOAD, "modality": PAYLOAD, "date": "2020-01-01"}
    event |= {"agent": "a1", "agent_text": PAYLOAD, "location_text": PAYLOAD}
    quote = {**span, "id": "q1", "kind": PAYLOAD, "speaker": "a1", "speaker_text": PAYLOAD}
    label = {**span, "id": "l1", "label": PAYLOAD, "actor": "a1", "polarity": -0.5}
    stance = {"id": "s1", "outlet": PAYLOAD, "actor": "a1", "score": -0.4, "n": 2}
    stance |= {"role": PAYLOAD, "evidence": [{"id": "l1", "text": PAYLOAD}]}
    story = {**span, "id": "st1", "title": PAYLOAD, "docs": ["d1", "d2"], "events": ["e1"]}
    story |= {"date": PAYLOAD, "type": PAYLOAD}
    claim = {**span, "id": "c1", "event": "e1", "low": 12, "high": 12, "counted": PAYLOAD}
    technique = {**span, "id": "t1", "technique": "Loaded_Language", "score": 0.9}
    contra = {**span, "id": "x1", "kind": "numbers", "story": "st1", "explanation": PAYLOAD}
    contra["items"] = [{**span, "id": "c1", "outlet": o} for o in (PAYLOAD, "a", "b")]
    return {
        "schema_version": "1.0",
        "documents": [doc, doc2],
        "actors": [actor],
        "mentions": [{**span, "id": "m1", "actor": "a1"}],
        "events": [event],
        "quotes": [quote],
        "labels": [label],
        "stances": [stance],
        "stories": [story],
        "claims": [claim],
        "techniques": [technique],
        "contradictions": [contra],
    }


def test_every_section_escapes_what_it_shows():
    page = build_report(_hostile_export())
    assert PAYLOAD not in page and "<img" not in page
    for section in ("who_said_what", "stories", "labels", "stance", "outlets", "timeline"):
        start = page.index(f'id="s-{section}"')
        assert "&lt;img src=x onerror=alert(1)&gt;" in page[start : start + 20000], section
    # Evidence still links to the exact span.
    assert 'href="#i-q1"' in page and "href='#i-l1'" in page and "href='#i-e1'" in page
    assert "None" not in re.sub(r"<[^>]+>", "", page)


def _toll_export(tmp_path, unknown_outlet: bool = False) -> dict:
    from test_web_store import build_toll_store

    from rashomon.export import build_export
    from rashomon.store import open_store

    build_toll_store(tmp_path / "t.db", unknown_outlet=unknown_outlet)
    with open_store(str(tmp_path / "t.db")) as store:
        return build_export(store)


def _fact_rows(page: str) -> list[str]:
    return re.findall(r"<tr class=\"fact [^\"]*\".*?</tr>", page, re.S)


def test_one_row_per_disputed_fact_with_a_cell_per_outlet(tmp_path):
    from test_web_store import TOLLS

    export = _toll_export(tmp_path)
    assert len(export["contradictions"]) == 3  # three article pairs, one fact
    page = build_report(export)
    rows = _fact_rows(page)
    assert len(rows) == 1
    row = rows[0]
    assert "killed people" in row and "disputed" in row
    cells = re.findall(r"<td class=\"cell\">(.*?)</td>", row, re.S)
    assert len(cells) == 3 and all(cells)
    for outlet, toll in TOLLS.items():
        assert f"<th>{outlet}</th>" in page
        # each cell: the value, the exact words linked to their span, and who said them
        assert any(f'<b class="value">{toll}</b>' in c for c in cells)
    for item in export["claims"]:
        assert f'href="#i-{item["id"]}">{item["text"]}</a>' in row
    assert row.count("— Officials") == 3


def test_unknown_outlet_is_named_so(tmp_path):
    export = _toll_export(tmp_path, unknown_outlet=True)
    page = build_report(export)
    rows = _fact_rows(page)
    assert len(rows) == 1
    assert len(re.findall(r"<td class=\"cell\">", rows[0])) == 4
    assert "unknown outlet" in page
    # the document id never stands as an outlet's column heading or name
    assert "<th>t-anon</th>" not in page and not re.search(r"by [^)]*t-anon\)", page)
    assert "t-anon · unknown outlet" in page  # the document's own header
    assert "Ferry report t-anon" in rows[0]


def test_labels_table_holds_each_outlets_own_voice():
    """A label inside a quoted speaker's words is not the outlet's: it stays out of the
    actor x outlet cells and is only counted; the outlet's own words stay."""
    text = 'The ruthless junta struck. "They are cowards," the mayor said of the junta.'
    doc = {"id": "d1", "title": "t", "outlet": "Coast Herald", "date": "2020-01-02", "text": text}

    def label(word: str, voice: str) -> dict:
        start = text.index(word)
        span = {"doc": "d1", "start": start, "end": start + len(word), "text": word}
        return span | {"id": word, "label": word, "polarity": -0.8, "actor": "a1", "voice": voice}

    labels = [label("ruthless", "outlet"), label("cowards", "speaker")]
    export = {"schema_version": "1.0", "documents": [doc], "labels": labels}
    export["actors"] = [{"id": "a1", "name": "Junta", "type": "ORG", "aliases": []}]
    page = build_report(export)
    start = page.index('id="s-labels"')
    table = page[start : page.index("</table>", start)]
    assert "ruthless" in table and "cowards" not in table
    assert "1 label inside quoted statements" in table


def _intent_export() -> dict:
    """Two invented articles, one with no outlet: the harbour raid, deliberate or a mistake."""
    a = "Navy gunboats deliberately shelled the harbour. The admiralty called it a 'mistake'."
    b = "The shelling of the harbour was an error, the admiralty said."
    docs = [
        {"id": "d-a", "title": "Raid", "outlet": None, "date": None, "text": a},
        {"id": "d-b", "title": "Harbour", "outlet": "Bay Times", "date": None, "text": b},
    ]
    own = {"id": "s1", "doc": "d-a", "start": 0, "end": 47, "text": a[:47]}
    own |= {"value": "deliberate", "claimant": "d-a", "voice": "outlet", "outlet": "d-a"}
    said = {"id": "s2", "doc": "d-a", "start": 48, "end": len(a), "text": a[48:]}
    said |= {"value": "accident", "claimant": "admiralty", "voice": "scare_quote"}
    said |= {"cue": {"start": a.index("mistake"), "end": a.index("mistake") + 7, "text": "mistake"}}
    said |= {"outlet": "d-a"}
    item = {"id": "co-1", "doc": "d-a", "start": 0, "end": 47, "text": a[:47], "kind": "intent"}
    item |= {"story": "st-1", "fact": "f-1", "fact_label": "on purpose or by accident: the act"}
    item |= {"explanation": "d-a calls it deliberate; admiralty (in d-a) calls it an accident"}
    item |= {"disputed": True, "items": [own, said], "values": [own, said]}
    return {"schema_version": "1.0", "documents": docs, "contradictions": [item]}


def test_intent_cells_name_whose_words_they_are():
    """An intent cell is a sentence: its claimant comes from the comparison (the outlet's own
    voice or the speaker a scare quote is pinned on), and a document id never names an outlet."""
    page = build_report(_intent_export())
    row = _fact_rows(page)[0]
    assert "— the outlet" in row and "— admiralty" in row
    assert '<i class="cue small">(mistake)</i>' in row  # the words that carry the value
    assert "d-a calls" not in row and "unknown outlet (Raid) calls it deliberate" in row


def test_outlier_figure_names_its_claimant():
    """An outlet profile shows an attributed figure as its speaker's, not the outlet's."""
    texts = ["Ten died, the governor said.", "Forty died.", "Fifty died."]
    docs = [
        {"id": f"d{n}", "title": "t", "outlet": o, "date": None, "text": t}
        for n, (o, t) in enumerate(
            zip(["Gulf Post", "Hill News", "Lake Daily"], texts, strict=True)
        )
    ]
    spans = [
        {
            "id": f"c{n}",
            "doc": f"d{n}",
            "start": 0,
            "end": len(t.split(",")[0].rstrip(".")),
            "text": t.split(",")[0].rstrip("."),
        }
        for n, t in enumerate(texts)
    ]
    spans[0] |= {"claimant": "the governor", "voice": "attributed"}
    contradictions = [
        {
            "id": f"co{n}",
            "doc": "d0",
            "start": 0,
            "end": 8,
            "text": "Ten died",
            "kind": "numbers",
            "story": "st",
            "explanation": "x",
            "items": [spans[0], spans[n]],
        }
        for n in (1, 2)
    ]
    export = {"schema_version": "1.0", "documents": docs, "contradictions": contradictions}
    page = build_report(export)
    start = page.index('id="s-outlets"')
    profiles = re.sub(r"<[^>]+>", " ", page[start:])
    assert "the governor: \u201cTen died\u201d (disputed by Hill News, Lake Daily)" in profiles
