"""Typed and generic events in the web app: the document view highlights the typed events and
shows the generic ones (learned OCCURRENCE/REPORT, ``linked: false``) only on request; the
overview, event list and demo summary count the two apart."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from rashomon.commands.demo import count_line  # noqa: E402
from rashomon.web import index as index_module  # noqa: E402
from rashomon.web import queries  # noqa: E402
from rashomon.web.app import create_app  # noqa: E402
from rashomon.web.index import SearchIndex  # noqa: E402
from rashomon.web.pages import Site  # noqa: E402


@pytest.fixture(scope="module")
def client(analysed_corpus):
    return TestClient(create_app(str(analysed_corpus), allowed_hosts=["testserver"]))


@pytest.fixture(scope="module")
def events(corpus_export):
    """(typed, generic) events of the example corpus; skips without the learned detector."""
    typed = [e for e in corpus_export["events"] if e.get("linked") is not False]
    generic = [e for e in corpus_export["events"] if e.get("linked") is False]
    if not generic:
        pytest.skip("no learned trigger model in this checkout")
    return typed, generic


def _doc_with_both(typed, generic) -> tuple[dict, dict]:
    """A typed and a generic event of the same document, the generic one alone on its words."""
    for g in generic:
        same = [t for t in typed if t["doc"] == g["doc"]]
        if same and all(t["end"] <= g["start"] or g["end"] <= t["start"] for t in same):
            return same[0], g
    pytest.skip("no document with a typed and a separate generic event")


def _marked(page: str) -> set[str]:
    """Every item id the page's highlights carry."""
    return {i for tag in re.findall(r"data-i='([^']*)'", page) for i in tag.split()}


def test_document_view_highlights_typed_events_not_generic_ones(client, events):
    typed, generic = events
    t, g = _doc_with_both(typed, generic)
    page = client.get(f"/documents/{t['doc']}").text
    marked = _marked(page)
    assert f"i-{t['id']}" in marked and f"i-{g['id']}" not in marked
    assert "k-generic-events" not in re.findall(r"<div class=\"body\">.*</div>", page, re.S)[0]
    assert "show all detected events" in page and 'name="all_events"' in page
    data = client.get(f"/documents/{t['doc']}", params={"format": "json"}).json()
    assert t["id"] in data["highlighted"] and g["id"] not in data["highlighted"]
    # The document's items (the export contract) still hold every event.
    assert g["id"] in {e["id"] for e in data["items"]["events"]}


def test_show_all_detected_events_adds_the_generic_ones_quietly(client, events):
    typed, generic = events
    t, g = _doc_with_both(typed, generic)
    page = client.get(f"/documents/{t['doc']}", params={"all_events": "true"}).text
    marked = _marked(page)
    assert f"i-{t['id']}" in marked and f"i-{g['id']}" in marked
    # The generic event's own words carry the quiet class, not the typed events' one.
    spans = re.findall(r"<span class='hl ([^']*)' data-i='([^']*)'", page)
    classes = {c for c, ids in spans if f"i-{g['id']}" in ids.split()}
    assert classes and all("k-generic-events" in c for c in classes)
    assert not any("k-events" in c.split() for c in classes)
    # Even with the event kind unticked, the toggle shows every event.
    only = client.get(f"/documents/{t['doc']}", params={"kind": "quotes", "all_events": "true"})
    assert {f"i-{t['id']}", f"i-{g['id']}"} <= _marked(only.text)


def test_evidence_links_to_a_generic_event_open_it(client, events):
    _, generic = events
    page = client.get("/items/events", params={"all_events": "true", "limit": 1000}).text
    g = generic[0]
    assert f'href="/documents/{g["doc"]}?all_events=true#i-{g["id"]}"' in page


def test_overview_counts_typed_events_apart(client, events):
    typed, generic = events
    data = client.get("/api/overview").json()
    assert data["counts"]["events"] == len(typed) + len(generic)
    assert data["typed_events"] == len(typed) and data["generic_events"] == len(generic)
    page = client.get("/").text
    assert f"{len(typed)} typed events" in page and f"{len(generic)} generic" in page
    assert f">{len(typed) + len(generic)} events<" not in page


def test_event_list_is_typed_unless_asked(client, events):
    typed, generic = events
    default = client.get("/items/events", params={"format": "json", "limit": 1000}).json()
    assert [e["id"] for e in default["items"]] == [e["id"] for e in typed]
    every = client.get("/items/events", params={"format": "json", "limit": 1000, "all_events": 1})
    assert len(every.json()["items"]) == len(typed) + len(generic)
    # The API keeps the export's list: every event.
    api = client.get("/api/items/events", params={"limit": 1000}).json()
    assert len(api) == len(typed) + len(generic)


@pytest.mark.skipif(not index_module.fts5_available(), reason="no FTS5 in SQLite")
def test_an_actors_events_page_through_every_typed_event(analysed_corpus, tmp_path, events):
    """Indexed, the actor's hit list used to stop at one page before the generic events were
    dropped, so a page of 3 could end the list after 2 of 10 events."""
    import shutil

    db = tmp_path / "news.db"
    shutil.copy(analysed_corpus, db)
    indexed = Site(str(db), index=SearchIndex(str(db), recheck_seconds=0))
    scanning = Site(str(db), index=SearchIndex(str(db), enabled=False))
    typed, _ = events
    actors = {e[r] for e in typed for r in ("agent", "patient") if e.get(r)}
    assert actors
    for actor in sorted(actors):
        f = queries.Filters(actor=actor)
        with scanning.conn() as conn:
            want = [i["id"] for i in queries.items(conn, "events", f, limit=1000).rows]
        with indexed.conn() as conn:
            seen, after = [], 0
            while True:
                page = queries.items(conn, "events", f, after=after, limit=2)
                seen += [i["id"] for i in page.rows]
                if page.next_cursor is None:
                    break
                after = int(page.next_cursor)
        assert seen == want, actor


def test_demo_summary_counts_typed_events_first():
    items = [{"linked": False}] * 3 + [{}] * 2
    assert count_line("events", items) == "2 typed (5 event mentions, 3 generic)"
    assert count_line("events", [{}] * 4) == "4"
    assert count_line("quotes", items) == "5"
