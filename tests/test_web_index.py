"""The web app's search index: FTS5 and actor lookups agree with the scans they replace, and
the index follows the store's content."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from rashomon.web import index as index_module
from rashomon.web import queries
from rashomon.web.index import SearchIndex, kind_token, match_expression
from rashomon.web.pages import Site

pytestmark = pytest.mark.skipif(not index_module.fts5_available(), reason="no FTS5 in SQLite")
KINDS = ("quotes", "claims", "labels", "events", "mentions", "stances", "contradictions")


@pytest.fixture()
def store(analysed_corpus, tmp_path) -> Path:
    """A private copy of the analysed example corpus (its index lands beside it)."""
    db = tmp_path / "news.db"
    shutil.copy(analysed_corpus, db)
    return db


def _ids(site: Site, kind: str, f: queries.Filters, *, indexed: bool) -> list[str]:
    with site.conn() as conn:
        assert conn.indexed is indexed
        if kind == "documents":
            return [d["id"] for d in queries.documents(conn, f, limit=1000).rows]
        return [i["id"] for i in queries.items(conn, kind, f, limit=1000).rows]


def _walk_pages(conn, kind: str, f: queries.Filters, size: int) -> list[str]:
    """The ids of every page of ``kind`` items, ``size`` at a time, following the cursors."""
    seen: list[str] = []
    after = 0
    while True:
        page = queries.items(conn, kind, f, after=after, limit=size)
        seen += [i["id"] for i in page.rows]
        if page.next_cursor is None:
            return seen
        after = int(page.next_cursor)


def _sites(db: Path) -> tuple[Site, Site]:
    indexed = Site(str(db), index=SearchIndex(str(db), recheck_seconds=0))
    scanning = Site(str(db), index=SearchIndex(str(db), enabled=False))
    return indexed, scanning


def test_actor_lookup_equals_the_scan(store, corpus_export):
    indexed, scanning = _sites(store)
    actors = sorted(corpus_export["actors"], key=lambda a: -a.get("mention_count", 0))[:5]
    assert actors
    for actor in actors:
        f = queries.Filters(actor=actor["id"])
        for kind in (*KINDS, "documents"):
            want = _ids(scanning, kind, f, indexed=False)
            assert _ids(indexed, kind, f, indexed=True) == want, (actor["name"], kind)


def test_search_finds_whole_words_the_scan_finds(store, corpus_export):
    indexed, scanning = _sites(store)
    words = {w.strip(".,").lower() for q in corpus_export["quotes"][:20] for w in q["text"].split()}
    words = sorted(w for w in words if w.isalpha() and len(w) > 4)[:12]
    assert words
    for word in words:
        f = queries.Filters(q=word)
        for kind in ("quotes", "mentions", "documents"):
            got = _ids(indexed, kind, f, indexed=True)
            # FTS matches words (and their continuations); LIKE matches any substring.
            assert set(got) <= set(_ids(scanning, kind, f, indexed=False)), (word, kind)
        assert _ids(indexed, "quotes", f, indexed=True), word


def test_search_pages_walk_every_hit(store):
    indexed, _ = _sites(store)
    f = queries.Filters(q="the")
    with indexed.conn() as conn:
        everything = [i["id"] for i in queries.items(conn, "quotes", f, limit=1000).rows]
        seen = _walk_pages(conn, "quotes", f, 3)
    assert len(everything) > 3 and seen == everything


def test_index_follows_the_store(store):
    indexed, _ = _sites(store)
    assert indexed.index.current() == store.with_name("news.db.index")
    f = queries.Filters(q="zyxwvut")
    assert _ids(indexed, "documents", f, indexed=True) == []
    with closing(sqlite3.connect(store)) as conn, conn:
        doc = conn.execute("SELECT id FROM documents ORDER BY id LIMIT 1").fetchone()[0]
        conn.execute("UPDATE documents SET title = 'Zyxwvut headline' WHERE id = ?", (doc,))
    assert _ids(indexed, "documents", f, indexed=True) == [doc]


def test_a_stale_index_is_never_read(store):
    site = Site(str(store), index=SearchIndex(str(store), recheck_seconds=3600))
    assert site.index.current() is not None
    with closing(sqlite3.connect(store)) as conn, conn:
        doc = conn.execute("SELECT id FROM documents ORDER BY id LIMIT 1").fetchone()[0]
        conn.execute("UPDATE documents SET title = 'Zyxwvut headline' WHERE id = ?", (doc,))
    # Changed within the recheck window: the queries scan (slower, still right).
    assert _ids(site, "documents", queries.Filters(q="zyxwvut"), indexed=False) == [doc]


def test_index_in_the_cache_when_the_folder_is_not_writable(store, tmp_path, monkeypatch):
    monkeypatch.setattr(index_module, "_location", lambda db: None)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    where = SearchIndex(str(store)).current()
    assert where is not None and where.parent == tmp_path / "cache" / "rashomon"
    assert not store.with_name("news.db.index").exists()


def test_match_expression_quotes_every_word():
    assert match_expression("!!! ...") is None
    assert match_expression('x" OR NEAR(a b') == '"x" AND "OR" AND "NEAR"* AND "a" AND "b"'
    expr = match_expression("attack", "quotes")
    assert expr == 'kind : "kquotes" AND {text fields} : ("attack"*)'
    assert kind_token("scare_quotes") != kind_token("quotes")


def test_app_search_survives_fts_syntax(store):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from rashomon.web.app import create_app

    client = TestClient(create_app(str(store), allowed_hosts=["testserver"]))
    for q in ['"', "NEAR(", "a*", "kind:quotes", "-", "^x", "%_\\"]:
        assert client.get("/search", params={"q": q}).status_code == 200, q
        assert client.get("/api/items/quotes", params={"q": q}).status_code == 200, q


def test_timeline_and_outlet_profile_equal_the_scan(store, corpus_export):
    from rashomon.web import profiles

    indexed, scanning = _sites(store)
    outlet = corpus_export["documents"][0]["outlet"]
    actor = max(corpus_export["actors"], key=lambda a: a.get("mention_count", 0))["id"]
    with indexed.conn() as a, scanning.conn() as b:
        assert a.indexed and not b.indexed
        for f in (
            queries.Filters(),
            queries.Filters(outlet=outlet),
            queries.Filters(actor=actor),
            queries.Filters(date_from="2019-04-01", date_to="2019-04-09"),
        ):
            want = [r["event"]["id"] for r in profiles.timeline(b, f)]
            assert [r["event"]["id"] for r in profiles.timeline(a, f)] == want, f
        assert profiles.event_types(a) == profiles.event_types(b)
        assert profiles.outlet(a, outlet) == profiles.outlet(b, outlet)


def test_summary_tables_equal_the_scan(store, corpus_export):
    """The overview, every outlet profile and every story page read the index's summary
    tables (rashomon.web.aggregates) and answer exactly what counting the store answers."""
    from rashomon.web import corpus, profiles

    indexed, scanning = _sites(store)
    outlets = {d["outlet"] for d in corpus_export["documents"] if d.get("outlet")}
    stories = [s["id"] for s in corpus_export["stories"]]
    assert len(outlets) > 1 and stories
    with indexed.conn() as a, scanning.conn() as b:
        assert a.indexed and not b.indexed
        assert corpus.overview(a) == corpus.overview(b)
        assert profiles.outlet_names(a) == profiles.outlet_names(b) == sorted(outlets)
        for outlet in sorted(outlets):
            got, want = profiles.outlet(a, outlet), profiles.outlet(b, outlet)
            assert got == want, outlet
            assert want and want["document_count"] and want["labels"], outlet
        assert profiles.outlet(a, "no such outlet") is None
        for story in stories:
            assert corpus.story(a, story) == corpus.story(b, story), story


def test_summary_tables_hold_the_counts(store, corpus_export):
    """Spot checks of the summary rows against the export itself."""
    indexed, _ = _sites(store)
    docs = corpus_export["documents"]
    with indexed.conn() as conn:
        stats = {
            r[0]: (r[1], r[2])
            for r in conn.execute("SELECT outlet, documents, quotes FROM idx.outlet_stats")
        }
        kinds = dict(conn.execute("SELECT kind, n FROM idx.kind_counts").fetchall())
    outlet_of = {d["id"]: d.get("outlet") for d in docs}
    for outlet, (n_docs, n_quotes) in stats.items():
        assert n_docs == sum(1 for d in docs if d.get("outlet") == outlet)
        assert n_quotes == sum(1 for q in corpus_export["quotes"] if outlet_of[q["doc"]] == outlet)
    assert kinds["quotes"] == len(corpus_export["quotes"])
    assert kinds["stories"] == len(corpus_export["stories"])


def test_outlet_and_date_filters_equal_the_scan(store, corpus_export):
    """Indexed, outlet and date filters read doc_meta; the lists stay those of the scan."""
    indexed, scanning = _sites(store)
    docs = corpus_export["documents"]
    outlet = docs[0]["outlet"]
    dates = sorted(d["date"] for d in docs if d.get("date"))
    for f in (
        queries.Filters(outlet=outlet),
        queries.Filters(date_from=dates[len(dates) // 2]),
        queries.Filters(date_to=dates[len(dates) // 2][:10]),
        queries.Filters(outlet=outlet, date_from=dates[0], date_to=dates[-1]),
    ):
        for kind in ("quotes", "labels", "events", "stances", "documents"):
            want = _ids(scanning, kind, f, indexed=False)
            assert _ids(indexed, kind, f, indexed=True) == want, (f, kind)
            if kind in ("quotes", "documents"):
                assert want, (f, kind)


def test_actor_pages_walk_every_item(store, corpus_export):
    """With the actor the only filter, each page reads a capped slice of the index: walking
    the pages still yields every item, in order, once."""
    indexed, _ = _sites(store)
    actor = max(corpus_export["actors"], key=lambda a: a.get("mention_count", 0))["id"]
    f = queries.Filters(actor=actor)
    with indexed.conn() as conn:
        everything = [i["id"] for i in queries.items(conn, "mentions", f, limit=1000).rows]
        seen = _walk_pages(conn, "mentions", f, 2)
    assert len(everything) > 4 and seen == everything


def test_actor_document_pages_walk_every_document(store, corpus_export):
    indexed, scanning = _sites(store)
    actor = max(corpus_export["actors"], key=lambda a: a.get("mention_count", 0))["id"]
    f = queries.Filters(actor=actor)
    want = _ids(scanning, "documents", f, indexed=False)
    with indexed.conn() as conn:
        seen, after = [], ""
        while True:
            page = queries.documents(conn, f, after=after, limit=1)
            seen += [d["id"] for d in page.rows]
            if page.next_cursor is None:
                break
            after = page.next_cursor
    assert len(want) > 1 and seen == want


def test_timeline_by_type_equals_the_scan(store, corpus_export):
    from rashomon.web import profiles

    indexed, scanning = _sites(store)
    outlet = corpus_export["documents"][0]["outlet"]
    with indexed.conn() as a, scanning.conn() as b:
        types = profiles.event_types(b)
        assert types
        for event_type in types:
            for f in (queries.Filters(), queries.Filters(outlet=outlet)):
                want = [r["event"]["id"] for r in profiles.timeline(b, f, event_type)]
                got = [r["event"]["id"] for r in profiles.timeline(a, f, event_type)]
                assert got == want, (event_type, f)


def test_one_request_reads_one_snapshot(store):
    """A document committed while a request is open is not seen by that request's later
    queries (one read transaction per request), and is seen by the next request."""
    site = Site(str(store), index=SearchIndex(str(store), enabled=False))
    count = "SELECT COUNT(*) FROM documents"
    with site.conn() as conn:
        before = conn.execute(count).fetchone()[0]
        with closing(sqlite3.connect(str(store), timeout=10)) as writer:
            row = writer.execute("SELECT * FROM documents LIMIT 1").fetchone()
            names = [d[0] for d in writer.execute("SELECT * FROM documents LIMIT 1").description]
            copy = dict(zip(names, row, strict=True))
            copy["id"] = "written-meanwhile"
            writer.execute(
                f"INSERT INTO documents ({', '.join(copy)}) VALUES ({', '.join('?' * len(copy))})",
                list(copy.values()),
            )
            writer.commit()
        assert conn.execute(count).fetchone()[0] == before
    with site.conn() as conn:
        assert conn.execute(count).fetchone()[0] == before + 1
