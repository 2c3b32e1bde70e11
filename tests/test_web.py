"""The web app: every view as HTML and JSON, the API's filters and pages, and its guards."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402
from test_web_store import HOSTILE_URLS, build_store  # noqa: E402

from rashomon.web.app import create_app  # noqa: E402
from rashomon.web.guard import CONTENT_SECURITY_POLICY, host_name  # noqa: E402


@pytest.fixture(scope="module")
def client(analysed_corpus):
    return TestClient(create_app(str(analysed_corpus), allowed_hosts=["testserver"]))


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    db = tmp_path_factory.mktemp("hostile") / "x.db"
    build_store(db, n_docs=5)
    return TestClient(create_app(str(db), allowed_hosts=["testserver"]))


def test_overview_page_and_json(client):
    page = client.get("/")
    assert page.status_code == 200 and "<!DOCTYPE html>" in page.text
    data = client.get("/", params={"format": "json"}).json()
    assert data["documents"] == 10 and data["outlets"] and data["counts"]["mentions"] > 0
    for story in data["stories"]:
        assert f"/stories/{story['id']}" in page.text
    assert "/documents?outlet=" in page.text and "/items/mentions" in page.text


def test_documents_and_items(client):
    docs = client.get("/api/documents").json()
    assert len(docs) == 10 and "text" not in docs[0]
    one = client.get(f"/api/documents/{docs[0]['id']}").json()
    for mention in one["items"]["mentions"]:
        assert one["text"][mention["start"] : mention["end"]] == mention["text"]
    mentions = client.get("/api/items/mentions", params={"doc": docs[0]["id"]}).json()
    assert mentions and all(m["doc"] == docs[0]["id"] for m in mentions)
    assert any("actor" in m for m in mentions)  # resolved as in the export


def test_items_match_the_export(client, corpus_export):
    doc = corpus_export["documents"][0]["id"]
    for kind in ("quotes", "claims", "contradictions"):
        want = [i for i in corpus_export[kind] if i["doc"] == doc]
        got = client.get(f"/api/items/{kind}", params={"doc": doc}).json()
        assert got == want, kind


def test_cursor_pagination_walks_every_item(client, corpus_export):
    seen, cursor = [], "0"
    while cursor:
        r = client.get("/api/items/mentions", params={"limit": 40, "cursor": cursor})
        seen += [m["id"] for m in r.json()]
        cursor = r.headers.get("x-next-cursor")
        assert len(seen) <= len(corpus_export["mentions"])
    assert sorted(seen) == sorted(m["id"] for m in corpus_export["mentions"])


def test_filters(client, corpus_export):
    outlet = corpus_export["documents"][0]["outlet"]
    docs = client.get("/api/documents", params={"outlet": outlet}).json()
    assert docs and all(d["outlet"] == outlet for d in docs)
    quotes = client.get("/api/items/quotes", params={"outlet": outlet}).json()
    ids = {d["id"] for d in docs}
    assert quotes and all(q["doc"] in ids for q in quotes)
    word = corpus_export["quotes"][0]["text"].split()[0]
    hits = client.get("/api/items/quotes", params={"q": word}).json()
    assert hits and all(word.lower() in (q["text"] + str(q)).lower() for q in hits)
    story = corpus_export["stories"][0]
    contra = client.get("/api/items/contradictions", params={"story": story["id"]}).json()
    assert all(c["story"] == story["id"] for c in contra)
    dated = client.get("/api/documents", params={"date_from": "2100-01-01"}).json()
    assert dated == []


def test_story_page_is_story_first(client, corpus_export):
    story = max(corpus_export["stories"], key=lambda s: len(s["docs"]))
    page = client.get(f"/stories/{story['id']}")
    assert page.status_code == 200
    data = client.get(f"/stories/{story['id']}", params={"format": "json"}).json()
    assert data["outlets"] and len(data["headlines"]) == len(story["docs"])
    for row in data["rows"]:
        for outlet, cells in row["cells"].items():
            assert outlet in data["outlets"]
            for cell in cells:  # every cell's words link to the exact span
                assert f"/documents/{cell['doc']}#i-{cell['id']}" in page.text
    headline = data["headlines"][0]
    assert f"/documents/{headline['id']}" in page.text


def test_document_page_highlights_and_filters_kinds(client, corpus_export):
    doc = corpus_export["documents"][0]["id"]
    page = client.get(f"/documents/{doc}").text
    quote = next(q for q in corpus_export["quotes"] if q["doc"] == doc)
    assert f"i-{quote['id']}" in page
    only_claims = client.get(f"/documents/{doc}", params={"kind": "claims"}).text
    assert f"i-{quote['id']}" not in only_claims


def test_search_and_actor_pages(client, corpus_export):
    word = corpus_export["quotes"][0]["text"].split()[-1].strip(".,\"'”")
    data = client.get("/search", params={"q": word, "format": "json"}).json()
    assert any(data[k] for k in data)
    assert client.get("/search", params={"q": word}).status_code == 200
    actor = corpus_export["actors"][0]["id"]
    assert client.get(f"/actors/{actor}").status_code == 200
    assert client.get(f"/actors/{actor}", params={"format": "json"}).json()["actor"]["id"] == actor


def test_etag_answers_not_modified(client):
    first = client.get("/")
    again = client.get("/", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and "last-modified" in first.headers


def test_unknown_things_are_404(client):
    assert client.get("/api/documents/nope").status_code == 404
    assert client.get("/api/items/nope").status_code == 404
    assert client.get("/stories/nope").status_code == 404
    assert client.get("/actors/nope").status_code == 404


def test_docs_work_offline(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "/api/items/{kind}" in page.text
    assert not re.search(r"(src|href)=[\"']https?://", page.text)
    assert client.get("/openapi.json").status_code == 200


def test_host_header_allow_list(analysed_corpus):
    app = create_app(str(analysed_corpus))
    assert (
        TestClient(app, base_url="http://localhost:8000").get("/api/documents").status_code == 200
    )
    assert TestClient(app, base_url="http://127.0.0.1").get("/docs").status_code == 200
    evil = TestClient(app, base_url="http://rebind.example").get("/api/export")
    assert evil.status_code == 421 and "--allow-host" in evil.text
    wider = create_app(str(analysed_corpus), allowed_hosts=["rebind.example"])
    assert TestClient(wider, base_url="http://rebind.example").get("/docs").status_code == 200
    assert host_name("[::1]:8000") == "::1" and host_name("LocalHost:80") == "localhost"


def test_security_headers(client):
    r = client.get("/")
    assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert (
        "script-src 'self'" in CONTENT_SECURITY_POLICY
        and "unsafe-inline" not in CONTENT_SECURITY_POLICY
    )
    assert r.headers["x-content-type-options"] == "nosniff"


def test_read_only(client, analysed_corpus):
    assert client.post("/api/documents").status_code == 405
    from rashomon.web.queries import connect

    with pytest.raises(Exception, match="readonly"):
        connect(str(analysed_corpus)).execute("DELETE FROM documents")


PAGES = [
    "/",
    "/documents",
    "/documents/doc0",
    "/documents/doc1",
    "/documents/doc2",
    "/stories/st-1",
    "/items/quotes",
    "/items/contradictions",
    "/actors/a-1",
    "/search?q=bridge",
    "/items/mentions?actor=a-1",
]


@pytest.mark.parametrize("url", PAGES)
def test_hostile_values_stay_inert(hostile, url):
    page = hostile.get(url)
    assert page.status_code == 200, url
    html = page.text
    # The payloads are shown as text: their tags never reach the page unescaped.
    assert "<script>alert" not in html and "<img src=x" not in html and "<svg onload" not in html
    assert not re.search(r"(href|src)\s*=\s*[\"']?\s*(javascript|data|vbscript):", html, re.I)
    assert not re.search(r"<script(?![^>]*src=\"/static/)", html)  # no inline script at all


def test_hostile_urls_are_not_links(hostile):
    docs = hostile.get("/api/documents").json()
    assert {d["url"] for d in docs} >= set(HOSTILE_URLS)  # the data is kept, as text
    assert "https://news.example/3" in hostile.get("/documents").text
    assert all(
        not d["source"].startswith("/") for d in hostile.get("/api/export").json()["documents"]
    )


def test_outlet_profile(client, corpus_export):
    from rashomon.report.sections.techniques import _outlet_words

    outlet = corpus_export["documents"][0]["outlet"]
    page = client.get(f"/outlets/{outlet}")
    assert page.status_code == 200 and outlet in page.text
    data = client.get(f"/outlets/{outlet}", params={"format": "json"}).json()
    mine = {d["id"] for d in corpus_export["documents"] if d["outlet"] == outlet}
    assert {d["id"] for d in data["documents"]} == mine == {d["id"] for d in data["documents"]}
    # Technique rates as the report computes them: spans per 1,000 words of the outlet.
    _, words = _outlet_words(corpus_export)
    for row in data["techniques"]:
        spans = [
            t
            for t in corpus_export["techniques"]
            if t["doc"] in mine and t["technique"] == row["technique"]
        ]
        assert row["spans"] == len(spans)
        assert row["per_1000_words"] == round(1000 * len(spans) / words[outlet], 2)
    quoted = [q for q in corpus_export["quotes"] if q["doc"] in mine]
    assert data["quote_count"] == len(quoted)
    shown = sum(s["count"] for s in data["quotes"])
    assert shown == len(quoted) if len(data["quotes"]) < 30 else shown <= len(quoted)
    for s in data["quotes"]:
        for q in s["quotes"]:
            assert f"/documents/{q['doc']}#i-{q['id']}" in page.text
    stances = [s for s in corpus_export["stances"] if s["outlet"] == outlet]
    assert len(data["stances"]) == len(stances)
    assert client.get("/outlets/No Such Outlet").status_code == 404
    assert f'href="/outlets/{outlet.replace(" ", "%20")}"' in client.get("/").text


def test_timeline_page(client, corpus_export):
    from rashomon.events.timeline import timeline_rows

    want = timeline_rows(corpus_export)
    rows = client.get("/timeline", params={"format": "json"}).json()
    assert [r["event"]["id"] for r in rows] == [r["event"]["id"] for r in want]
    page = client.get("/timeline").text
    assert page.count("<circle") >= len(want) and 'href="/timeline"' in page
    for r in rows[:10]:
        assert f'href="/documents/{r["event"]["doc"]}#i-{r["event"]["id"]}"' in page
    outlet, kind = rows[0]["outlet"], rows[0]["type"]
    some = client.get("/timeline", params={"format": "json", "outlet": outlet, "type": kind})
    assert some.json() and all(r["outlet"] == outlet and r["type"] == kind for r in some.json())
    first = rows[len(rows) // 2]["date"]
    later = client.get("/timeline", params={"format": "json", "date_from": first}).json()
    assert later and all(r["date"] >= first for r in later)


def test_unlinked_events_stay_in_their_document(client, corpus_export):
    """Learned generic events (``linked: false``) are evidence in the document view, never
    timeline points or an actor's events."""
    unlinked = {e["id"]: e for e in corpus_export["events"] if e.get("linked") is False}
    if not unlinked:
        pytest.skip("no learned trigger model in this checkout")
    rows = client.get("/timeline", params={"format": "json"}).json()
    assert rows and not {r["event"]["id"] for r in rows} & set(unlinked)
    one = next(iter(unlinked.values()))
    doc = client.get(f"/api/documents/{one['doc']}").json()
    assert one["id"] in {e["id"] for e in doc["items"]["events"]}
    for actor in {e["agent"] for e in unlinked.values() if e.get("agent")}:
        listed = client.get("/api/items/events", params={"actor": actor}).json()
        assert not {e["id"] for e in listed} & set(unlinked), actor


def test_document_pages_and_unicode_filters(client, corpus_export):
    seen, cursor = [], ""
    while True:
        r = client.get("/api/documents", params={"limit": 3, "cursor": cursor, "q": ""})
        seen += [d["id"] for d in r.json()]
        cursor = r.headers.get("x-next-cursor")
        if not cursor:
            break
        assert cursor.isascii() and 'rel="next"' in r.headers["link"]
    assert seen == sorted(d["id"] for d in corpus_export["documents"])
    # Any Unicode in a filter travels percent-encoded in the Link header (headers are Latin-1).
    r = client.get("/api/documents", params={"limit": 1, "outlet": "Ā≠", "cursor": ""})
    assert r.status_code == 200 and r.json() == []
    r = client.get("/api/documents", params={"limit": 1, "date_to": "9999-Ā"})
    assert r.status_code == 200 and "date_to=9999-%C4%80" in r.headers["link"]
    assert client.get("/api/documents", params={"cursor": "not a cursor!"}).status_code == 422


@pytest.fixture(scope="module")
def tolls(tmp_path_factory):
    from test_web_store import build_toll_store

    db = tmp_path_factory.mktemp("tolls") / "t.db"
    build_toll_store(db, unknown_outlet=True)
    return TestClient(create_app(str(db), allowed_hosts=["testserver"]))


def test_story_page_has_one_row_per_fact(tolls):
    from test_web_store import TOLLS

    data = tolls.get("/stories/st-ferry", params={"format": "json"}).json()
    assert len(data["rows"]) == 1
    row = data["rows"][0]
    assert row["title"] == "killed people" and row["status"] == "disputed"
    filled = {o: c for o, c in row["cells"].items() if c}
    assert len(filled) == 4
    for outlet, toll in TOLLS.items():
        assert [c["value"] for c in filled[outlet]] == [str(toll)]
        assert filled[outlet][0]["claimant"] == "Officials"
    assert [c["value"] for c in filled["unknown outlet"]] == ["44"]
    assert "t-anon" not in data["outlets"]
    page = tolls.get("/stories/st-ferry").text
    assert len(re.findall(r"<tr class=\"fact ", page)) == 1
    assert len(re.findall(r"<td class=\"cell\"><div", page)) == 4
    assert "unknown outlet" in page and ">t-anon<" not in page
    for cell in filled["Harbour Times"] + filled["unknown outlet"]:
        assert f"/documents/{cell['doc']}#i-{cell['id']}" in page


def test_unknown_outlet_pages_never_show_the_document_id_as_outlet(tolls):
    page = tolls.get("/items/contradictions").text
    assert 'title="Ferry report t-anon">unknown outlet</span>' in page
    assert '<span class="outlet">t-anon</span>' not in page
    assert '<span class="outlet">Harbour Times</span>' in page
    assert "unknown outlet" in tolls.get("/documents/t-anon").text
    assert "unknown outlet" in tolls.get("/documents").text
    search = tolls.get("/search", params={"q": "44"}).text
    assert '<span class="outlet">t-anon</span>' not in search
