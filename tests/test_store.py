"""The SQLite store: one transaction per document, migrations, replacement semantics."""

from __future__ import annotations

import sqlite3

import pytest

from rashomon.document import Document, make_item
from rashomon.errors import StoreError
from rashomon.store import Actor, open_store
from rashomon.store.base import Duplicate
from rashomon.store.migrations import SCHEMA_VERSION


def _doc(doc_id: str = "d1", text: str = "Minister Kessel spoke in Varna.") -> Document:
    return Document(id=doc_id, text=text, outlet="Test Wire", date="2031-03-14")


def test_save_and_read_back(tmp_path):
    doc = _doc()
    item = make_item("mentions", doc.text, 9, 15, label="PERSON")
    item.id = "m-1"
    with open_store(str(tmp_path / "s.db")) as store:
        store.save_document(doc, [item], {"entities": "1"})
        assert store.document("d1").text == doc.text
        (back,) = store.items("mentions")
        assert (back.doc, back.text, back.fields) == ("d1", "Kessel", {"label": "PERSON"})
        assert store.state("d1").sha256 == doc.sha256
        assert store.kinds() == {"mentions": 1}


def test_resave_replaces_items_and_cascades(tmp_path):
    doc = _doc()
    first = make_item("mentions", doc.text, 9, 15)
    first.id = "m-1"
    with open_store(str(tmp_path / "s.db")) as store:
        store.save_document(doc, [first], {}, duplicates=[Duplicate("d1", "d0", "near", 0.9)])
        store.save_document(doc, [], {})
        assert list(store.items()) == []
        assert store.duplicates() == []


def test_failed_save_rolls_back(tmp_path):
    doc = _doc()
    good = make_item("mentions", doc.text, 9, 15)
    good.id = "same"
    clash = make_item("mentions", doc.text, 25, 30)
    clash.id = "same"  # primary key clash: the whole document must be rolled back
    with open_store(str(tmp_path / "s.db")) as store:
        with pytest.raises(sqlite3.IntegrityError):
            store.save_document(doc, [good, clash], {})
        assert store.document("d1") is None
        assert list(store.items()) == []


def test_actors_replaced_atomically(tmp_path):
    with open_store(str(tmp_path / "s.db")) as store:
        store.save_document(_doc(), [], {})
        store.replace_actors([Actor("a-1", "Kessel", "person", ["Kessel"])], {"m-1": "a-1"})
        store.replace_actors([Actor("a-2", "Varna", "place", ["Varna"])], {})
        assert [a.id for a in store.actors()] == ["a-2"]
        assert store.actor_links() == {}


def test_schema_version_and_newer_store_refused(tmp_path):
    path = tmp_path / "s.db"
    open_store(str(path)).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        open_store(str(path))


def test_not_a_database(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a usable rashomon store"):
        open_store(str(path))


def test_reading_never_creates_or_touches(tmp_path):
    """``create=False`` (every reading command) refuses anything but an existing store, and
    leaves the folder exactly as it was: no new file, no -wal/-shm, no changed bytes."""
    (tmp_path / "notes.txt").write_text("a plain text file\n")
    (tmp_path / "empty.db").write_bytes(b"")
    other = sqlite3.connect(tmp_path / "other.db")
    other.execute("CREATE TABLE t (x)")
    other.close()
    (tmp_path / "folder").mkdir()
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "a.txt").write_text("x")
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    for name in ("missing.db", "notes.txt", "empty.db", "other.db", "folder", "full", "new/"):
        with pytest.raises(StoreError, match="store"):
            open_store(str(tmp_path / name) + ("/" if name.endswith("/") else ""), create=False)
    after = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["notes.txt", "empty.db", "other.db", "folder", "full"]
    )


def test_reading_opens_an_existing_store(tmp_path):
    path = tmp_path / "s.db"
    with open_store(str(path)) as store:
        store.set_meta("k", "v")
    with open_store(str(path), create=False) as store:
        assert store.get_meta("k") == "v"


def test_export_during_writes_sees_whole_documents_only(tmp_path):
    """A reader exporting while a writer stores documents (each with ITEMS items) sees every
    document with all its items, or not at all (WAL + one transaction per document + one read
    transaction per export)."""
    import threading

    from rashomon.document import Document, Item
    from rashomon.export import build_export

    path = str(tmp_path / "s.db")
    items_per_doc = 40
    open_store(path).close()
    done = threading.Event()

    def write() -> None:
        with open_store(path) as store:
            for n in range(150):
                text = f"Document number {n} has forty short sentences in it."
                items = [
                    Item("sentences", 0, len(text), text, id=f"{n}-{i}")
                    for i in range(items_per_doc)
                ]
                store.save_document(Document(id=f"d{n:03d}", text=text), items, {})
        done.set()

    writer = threading.Thread(target=write)
    writer.start()
    exports = 0
    with open_store(path, create=False) as reader:
        while not done.is_set() or exports == 0:
            export = build_export(reader, with_text=False)
            ids = {d["id"] for d in export["documents"]}
            counts: dict[str, int] = {}
            for item in export["sentences"]:
                assert item["doc"] in ids, "an item of a document the export does not list"
                counts[item["doc"]] = counts.get(item["doc"], 0) + 1
            assert all(counts.get(i) == items_per_doc for i in ids), "a partial document"
            exports += 1
    writer.join()
    assert exports >= 2


def test_snapshot_hides_a_document_committed_after_the_first_read(tmp_path):
    from rashomon.document import Document, Item

    path = str(tmp_path / "s.db")
    with open_store(path) as store:
        store.save_document(
            Document(id="a", text="First."), [Item("sentences", 0, 6, "First.", id="s-a")], {}
        )
    with open_store(path, create=False) as reader, reader.snapshot():
        assert [d.id for d in reader.documents()] == ["a"]
        with open_store(path) as writer:
            second = [Item("sentences", 0, 7, "Second.", id="s-b")]
            writer.save_document(Document(id="b", text="Second."), second, {})
        assert {i.doc for i in reader.items("sentences")} == {"a"}
        assert reader.document("b") is None
    with open_store(path, create=False) as reader:
        assert {i.doc for i in reader.items("sentences")} == {"a", "b"}


def _open_new_store(path: str) -> str | None:
    try:
        open_store(path).close()
    except StoreError as exc:
        return str(exc)
    return None


def test_processes_opening_one_new_file_at_once_all_succeed(tmp_path):
    """Two `rashomon analyze` runs started together on a new --db both create its schema:
    before, the loser failed with "table meta already exists", "database is locked" or
    "not a rashomon store" (the schema seen between two reads)."""
    import multiprocessing

    paths = [str(tmp_path / f"new{i}.db") for i in range(12)]
    with multiprocessing.get_context("fork").Pool(6) as pool:
        for path in paths:
            assert pool.map(_open_new_store, [path] * 6) == [None] * 6
            with sqlite3.connect(path) as conn:
                assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
                assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
