"""The Parquet store keeps the store contract the SQLite store keeps, and writes atomically."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

from rashomon.document import Document, Item, make_item  # noqa: E402
from rashomon.errors import StoreError  # noqa: E402
from rashomon.scale import layout  # noqa: E402
from rashomon.store import Actor, open_store  # noqa: E402
from rashomon.store.base import Duplicate, Store  # noqa: E402
from rashomon.store.parquet import ParquetStore  # noqa: E402

TEXT = "Minister Okafor spoke in Lund on Tuesday. Rebels denied it."


def _doc(doc_id: str = "d1", text: str = TEXT, **meta: str) -> Document:
    return Document(id=doc_id, text=text, outlet="Test Wire", date="2031-03-14", **meta)


def _item(doc: Document, kind: str, start: int, end: int, item_id: str, **fields) -> Item:
    item = make_item(kind, doc.text, start, end, **fields)
    item.id, item.doc = item_id, doc.id
    return item


@pytest.fixture(params=["sqlite", "parquet"])
def store(request, tmp_path: Path) -> Store:
    path = tmp_path / "s.db" if request.param == "sqlite" else tmp_path / "store/"
    with open_store(str(path) + ("/" if request.param == "parquet" else "")) as opened:
        yield opened


def test_open_store_picks_the_back_end(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "a.db")) as a, open_store(str(tmp_path / "b") + "/") as b:
        assert type(a).__name__ == "SQLiteStore" and isinstance(b, ParquetStore)
    with open_store(str(tmp_path / "b")) as again:  # an existing folder needs no slash
        assert isinstance(again, ParquetStore)


def test_save_and_read_back(store: Store) -> None:
    doc = _doc(title="A title")
    items = [
        _item(doc, "mentions", 9, 15, "m-1", label="PERSON"),
        _item(doc, "places", 25, 29, "p-1"),
        _item(doc, "mentions", 42, 48, "m-2", label="NORP"),
    ]
    store.save_document(doc, items, {"entities": "1"}, signature=b"\x00\x01sig")
    back = store.document("d1")
    assert back == doc
    assert [i.id for i in store.items("mentions")] == ["m-1", "m-2"]
    assert [i.id for i in store.items()] == ["m-1", "p-1", "m-2"]  # analyser order kept
    (place,) = store.items("places", doc="d1")
    assert (place.doc, place.text, place.fields) == ("d1", "Lund", {})
    assert list(store.items("places", doc="nope")) == []
    state = store.state("d1")
    assert (state.sha256, state.analysers, state.metadata["title"]) == (
        doc.sha256,
        {"entities": "1"},
        "A title",
    )
    assert store.state("nope") is None
    assert store.kinds() == {"mentions": 2, "places": 1}
    assert list(store.hashes()) == [("d1", doc.sha256)]
    assert list(store.signatures()) == [("d1", b"\x00\x01sig")]


def test_documents_are_ordered_by_id(store: Store) -> None:
    for doc_id in ("b", "a", "c"):
        store.save_document(_doc(doc_id, f"Text of {doc_id}."), [], {})
    assert [d.id for d in store.documents()] == ["a", "b", "c"]


def test_resave_replaces_items_and_duplicates(store: Store) -> None:
    doc = _doc()
    first = _item(doc, "mentions", 9, 15, "m-1")
    store.save_document(doc, [first], {}, duplicates=[Duplicate("d1", "d0", "near", 0.9)])
    assert store.duplicates() == [Duplicate("d1", "d0", "near", 0.9)]
    store.save_document(doc, [], {"entities": "2"})
    assert list(store.items()) == []
    assert store.duplicates() == []
    assert store.state("d1").analysers == {"entities": "2"}
    assert [d.id for d in store.documents()] == ["d1"]


def test_update_metadata_keeps_text_and_items(store: Store) -> None:
    doc = _doc()
    doc.meta = {"partial": ["techniques"]}
    store.save_document(doc, [_item(doc, "mentions", 9, 15, "m-1")], {"x": "1"}, signature=b"s")
    changed = _doc(title="New title")
    changed.meta = {"warnings": ["a note"]}
    store.update_metadata(changed)
    back = store.document("d1")
    assert (back.title, back.text) == ("New title", TEXT)
    assert back.meta == {"partial": ["techniques"], "warnings": ["a note"]}
    assert [i.id for i in store.items(doc="d1")] == ["m-1"]
    assert store.state("d1").analysers == {"x": "1"}
    assert list(store.signatures()) == [("d1", b"s")]


def test_failed_save_leaves_nothing(store: Store) -> None:
    doc = _doc()
    clash = [_item(doc, "mentions", 9, 15, "same"), _item(doc, "mentions", 25, 29, "same")]
    with pytest.raises((sqlite3.IntegrityError, StoreError)):
        store.save_document(doc, clash, {})
    assert store.document("d1") is None
    assert list(store.items()) == []


def test_actors_and_linked_replaced_atomically(store: Store) -> None:
    store.save_document(_doc(), [], {})
    store.replace_actors(
        [Actor("a-1", "Okafor", "person", ["Okafor"], {"parent": None})], {"m-1": "a-1"}
    )
    assert store.actor_links() == {"m-1": "a-1"}
    assert store.actors()[0].as_dict() == {
        "id": "a-1",
        "name": "Okafor",
        "type": "person",
        "aliases": ["Okafor"],
        "parent": None,
    }
    store.replace_actors([Actor("a-2", "Lund", "place", ["Lund"])], {})
    assert [a.id for a in store.actors()] == ["a-2"] and store.actor_links() == {}
    story = Item("stories", 0, 8, "Minister", {"docs": ["d1"]}, "s-1", "d1")
    store.replace_linked("stories", [story])
    store.replace_linked("stances", [Item("stances", 0, 8, "Minister", {}, "t-1", "d1")])
    assert [i.id for i in store.linked("stories")] == ["s-1"]
    assert next(store.linked("stories")).fields == {"docs": ["d1"]}
    store.replace_linked("stories", [])
    assert [i.id for i in store.linked()] == ["t-1"]
    assert store.kinds() == {"stances": 1}


def test_meta(store: Store) -> None:
    assert store.get_meta("links_stale") is None
    store.set_meta("links_stale", "1")
    store.set_meta("linkers", "{}")
    store.set_meta("links_stale", "0")
    assert (store.get_meta("links_stale"), store.get_meta("linkers")) == ("0", "{}")


def test_a_failed_write_is_never_visible(tmp_path: Path, monkeypatch) -> None:
    """A writer killed mid-partition leaves only a folder under _tmp, which readers ignore."""
    store = ParquetStore(tmp_path / "s")
    store.save_document(_doc("d0", "First."), [], {})

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(layout, "write_table", crash)
    with pytest.raises(KeyboardInterrupt):
        store.save_document(_doc(), [], {})
    monkeypatch.undo()
    (tmp_path / "s" / "_tmp" / "123-killed").mkdir()  # as a kill -9 would leave it
    (tmp_path / "s" / "_tmp" / "123-killed" / "documents.parquet").write_bytes(b"PAR1 half")
    reopened = ParquetStore(tmp_path / "s")
    assert [d.id for d in reopened.documents()] == ["d0"]
    assert len(list((tmp_path / "s" / "parts").iterdir())) == 1


def test_stale_tmp_removed_on_open(tmp_path: Path) -> None:
    ParquetStore(tmp_path / "s").close()
    old = tmp_path / "s" / "_tmp" / "old"
    old.mkdir(parents=True)
    os.utime(old, (1, 1))
    ParquetStore(tmp_path / "s").close()
    assert not old.exists()


def test_resume_sees_documents_written_by_another_process(tmp_path: Path) -> None:
    store = ParquetStore(tmp_path / "s")
    assert store.state("d1") is None
    doc = _doc()
    layout.write_partition(tmp_path / "s", [layout.Record(doc, [], {"a": "1"})])
    store.refresh()
    assert store.state("d1").sha256 == doc.sha256


def test_compact_keeps_the_live_rows(tmp_path: Path) -> None:
    store = ParquetStore(tmp_path / "s")
    for n in range(5):
        doc = _doc(f"d{n}", f"Text number {n} here.")
        store.save_document(doc, [_item(doc, "mentions", 0, 4, f"m-{n}")], {"v": "1"})
    doc = _doc("d2", "Text number 2 changed.")
    store.save_document(doc, [_item(doc, "mentions", 5, 11, "m-2b")], {"v": "2"})
    before = (list(store.documents()), list(store.items()), store.state("d2"))
    assert store.compact() == 6
    assert len(list((tmp_path / "s" / "parts").iterdir())) == 1
    assert (list(store.documents()), list(store.items()), store.state("d2")) == before


def test_schema_version_and_foreign_folders(tmp_path: Path) -> None:
    ParquetStore(tmp_path / "s").close()
    marker = tmp_path / "s" / layout.MARKER
    info = json.loads(marker.read_text())
    assert info == {"format": "rashomon-parquet", "schema_version": layout.SCHEMA_VERSION}
    marker.write_text(json.dumps(info | {"schema_version": layout.SCHEMA_VERSION + 1}))
    with pytest.raises(StoreError, match="newer"):
        ParquetStore(tmp_path / "s")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a rashomon store"):
        open_store(str(tmp_path / "other"))
    assert (tmp_path / "other" / "notes.txt").read_text() == "mine"


# -- read caches: a linker's document-by-document questions cost one scan per kind ----------

KINDS = ("mentions", "sentences", "labels", "quotes", "events", "techniques")


def _many_kinds(root: Path, docs: int = 4) -> ParquetStore:
    """A store of ``docs`` documents in two partitions, one item of each of six kinds each."""
    store = ParquetStore(root)
    records = []
    for n in range(docs):
        doc = _doc(f"d{n}", f"Text number {n} here.")
        items = [_item(doc, kind, 0, 4, f"{kind[0]}-{n}") for kind in KINDS]
        records.append(layout.Record(doc, items, {"v": "1"}))
    store.save_many(records[: docs // 2])
    store.save_many(records[docs // 2 :])
    return store


def test_items_of_a_document_read_each_kind_once(tmp_path: Path, monkeypatch) -> None:
    store = _many_kinds(tmp_path / "s")
    scans: list[str] = []
    real = store._live_items
    monkeypatch.setattr(store, "_live_items", lambda where: scans.append("x") or real(where))
    for rounds in (1, 2):  # six kinds asked document by document, twice
        for doc in store.documents():
            for kind in KINDS:
                got = list(store.items(kind, doc=doc.id))
                assert [(i.id, i.doc, i.kind) for i in got] == [
                    (f"{kind[0]}-{doc.id[1:]}", doc.id, kind)
                ]
        # one scan per kind and pass (a four-kind cache re-read a kind at every question);
        # a kind every document has been asked for is dropped: its pass is over
        assert len(scans) == rounds * len(KINDS) and store._grouped.rows() == 0
    assert list(store.items("events", doc="nowhere")) == []


def test_kind_cache_drops_the_least_recent_kind_over_its_budget(tmp_path: Path) -> None:
    store = _many_kinds(tmp_path / "s")
    store._grouped.budget = 8  # four documents a kind: two kinds fit
    for kind in ("mentions", "events", "labels"):
        assert len(list(store.items(kind, doc="d1"))) == 1
    assert [k for k in store._grouped._kinds] == ["events", "labels"]
    assert store._grouped.rows() == 8
    store._grouped.budget = 1  # one kind always stays, whatever its size
    assert len(list(store.items("quotes", doc="d0"))) == 1 and store._grouped.rows() == 4


def test_document_reads_its_partition_once_and_gives_a_copy(tmp_path: Path, monkeypatch) -> None:
    store = _many_kinds(tmp_path / "s", docs=6)
    reads: list[str | None] = []
    real = store._documents
    monkeypatch.setattr(store, "_documents", lambda batch=None: reads.append(batch) or real(batch))
    for doc_id in ("d0", "d1", "d2", "d3", "d4", "d5", "d1"):
        assert store.document(doc_id).id == doc_id
    assert len(reads) == 2 and len(set(reads)) == 2  # one read per partition
    first = store.document("d1")
    first.title, first.meta["x"] = "changed", 1
    assert store.document("d1").title is None and "x" not in store.document("d1").meta
    assert store.document("nowhere") is None
    doc = _doc("d1", "Text number 1 changed.")  # a newer partition supersedes the cached one
    store.save_document(doc, [], {"v": "2"})
    assert store.document("d1").text == "Text number 1 changed."


def test_large_metadata_values_live_in_files_of_their_own(tmp_path: Path) -> None:
    store = ParquetStore(tmp_path / "s")
    big = "x" * 10_000  # a story index: rewriting one JSON of every key per set_meta was slow
    store.set_meta("links_stale", "0")
    store.set_meta("stories.index/v1", big)
    assert store.get_meta("stories.index/v1") == big and store.get_meta("links_stale") == "0"
    assert len((tmp_path / "s" / "meta.json").read_text()) < 100
    assert store.meta_items() == {"links_stale": "0", "stories.index/v1": big}
    store.set_meta("stories.index/v1", "")  # back to small: the file goes
    assert store.get_meta("stories.index/v1") == "" and not list(
        (tmp_path / "s" / "meta").iterdir()
    )
    store.set_meta("links_stale", big)
    assert ParquetStore(tmp_path / "s").get_meta("links_stale") == big
    assert store.get_meta("absent") is None


def _story_items(groups: dict[str, list[str]]) -> list[Item]:
    """Items of several stories in story order; each item id names its story and place."""
    return [
        Item("contradictions", 0, 8, "Minister", {"story": s, "n": n}, f"{s}/{n}", doc)
        for s, docs in groups.items()
        for n, doc in enumerate(docs)
    ]


@pytest.mark.parametrize("back_end", ["sqlite", "parquet"])
def test_update_linked_equals_a_whole_rewrite(tmp_path: Path, back_end: str) -> None:
    """Replacing a few groups gives what a whole replace_linked of the new output gives: kept
    groups untouched, stale ones replaced, gone ones dropped, the reading order the same."""
    from rashomon.store.base import LinkedUpdate

    def opened(name: str) -> Store:
        return open_store(str(tmp_path / name) + ("/" if back_end == "parquet" else ".db"))

    old = {"s-a": ["d1", "d2"], "s-b": ["d1"], "s-c": ["d2", "d1"], "s-gone": ["d1"]}
    new = {"s-b": ["d2", "d1", "d1"], "s-a": ["d1", "d2"], "s-new": ["d1"], "s-c": ["d2", "d1"]}
    with opened("updated") as updated, opened("whole") as whole:
        for store in (updated, whole):
            store.save_document(_doc(), [], {})
            store.save_document(_doc("d2"), [], {})
        updated.replace_linked("contradictions", _story_items(old))
        stale = {"s-b", "s-new"}
        update = LinkedUpdate(
            ("contradictions",),
            "story",
            list(new),
            stale,
            _story_items({s: d for s, d in new.items() if s in stale}),
        )
        updated.update_linked("contradictions", update)
        whole.replace_linked("contradictions", _story_items(new))
        got = [(i.id, i.doc, i.fields) for i in updated.linked("contradictions")]
        assert got == [(i.id, i.doc, i.fields) for i in whole.linked("contradictions")]
        assert "s-gone/0" not in {i for i, _, _ in got} and "s-new/0" in {i for i, _, _ in got}
        update.stale, update.items = set(), []  # an update of nothing changes nothing
        updated.update_linked("contradictions", update)
        assert [(i.id, i.doc, i.fields) for i in updated.linked("contradictions")] == got


def test_changed_since_names_the_documents_saved_after_a_mark(tmp_path: Path) -> None:
    store = ParquetStore(tmp_path / "s")
    store.save_document(_doc("d1"), [], {})
    store.save_document(_doc("d2"), [], {})
    mark, changed = store.changed_since(None)
    assert mark and changed is None  # no mark: unknown, so everything counts as changed
    assert store.changed_since(mark) == (mark, set())
    store.save_document(_doc("d3"), [], {})
    store.save_document(_doc("d1", "The first text, changed."), [], {})
    later, changed = store.changed_since(mark)
    assert later > mark and changed == {"d1", "d3"}
    store.compact()  # rewrites every document: all of them are newer than any earlier mark
    assert store.changed_since(later)[1] == {"d1", "d2", "d3"}


def test_writes_are_chunked_by_characters_as_well_as_rows() -> None:
    rows = [{"data": "x" * n} for n in (3, 3, 3, 10, 1)]
    assert [len(c) for c in layout.batched(rows, 100, chars=6)] == [2, 2, 1]
    assert [len(c) for c in layout.batched(rows, 2)] == [2, 2, 1]
    assert list(layout.batched([], 2, chars=6)) == [[]]  # a file with no rows still has a schema


def test_items_read_back_share_their_short_strings(tmp_path: Path) -> None:
    store = ParquetStore(tmp_path / "s")
    doc = _doc()
    items = [_item(doc, "mentions", 0, 8, f"m-{n}", label="PERSON", note="a" * 40) for n in (1, 2)]
    store.save_document(doc, items, {})
    a, b = store.items("mentions")
    assert a.fields == items[0].fields and b.fields == items[1].fields
    assert a.kind is b.kind and a.doc is b.doc and a.fields["label"] is b.fields["label"]


def test_item_fields_read_a_few_fields_in_store_order(store: Store) -> None:
    """``item_fields`` gives (id, doc, text, *fields) of one kind, documents in id order and
    each document's items in analyser order, numbers as numbers, absent fields as None; a
    linker's items likewise."""
    second, first = _doc("d2"), _doc("d1")
    store.save_document(
        second, [_item(second, "places", 25, 29, "p-2", place_id="pl:1", lat=1.5)], {}
    )
    store.save_document(
        first,
        [
            _item(first, "places", 25, 29, "p-1b", place_id="pl:2", lat=-3, lon=2.25),
            _item(first, "mentions", 9, 15, "m-1", label="PERSON"),
            _item(first, "places", 25, 29, "p-1a", name="Lund"),
        ],
        {},
    )
    got = list(store.item_fields("places", ("place_id", "lat", "lon", "name")))
    assert got == [
        ("p-1b", "d1", "Lund", "pl:2", -3, 2.25, None),
        ("p-1a", "d1", "Lund", None, None, None, "Lund"),
        ("p-2", "d2", "Lund", "pl:1", 1.5, None, None),
    ]
    store.replace_linked("stances", [_item(first, "stances", 9, 15, "s-1", outlet="W", score=-0.5)])
    assert list(store.item_fields("stances", ("outlet", "score"), linked=True)) == [
        ("s-1", "d1", "Okafor", "W", -0.5)
    ]
    assert list(store.item_fields("events", ("type",))) == []
    within = list(store.item_fields("places", ("lat",), within=("place_id", {"pl:1", "pl:9"})))
    assert within == [("p-2", "d2", "Lund", 1.5)]
    assert list(store.item_fields("stances", (), linked=True, within=("outlet", {"X"}))) == []


def test_sqlite_change_marks_name_the_documents_saved_since(tmp_path: Path) -> None:
    """SQLite's mark is the time: documents saved in a later second are changed, and a
    document saved in the mark's own second counts as changed too (never one missed)."""
    import time

    with open_store(str(tmp_path / "s.db")) as store:
        store.save_document(_doc("d1"), [], {})
        time.sleep(1.1)
        mark, changed = store.changed_since(None)
        assert changed is None
        assert store.changed_since(mark)[1] == set()
        store.save_document(_doc("d2"), [], {})
        store.save_document(_doc("d1"), [], {})  # re-analysed
        assert store.changed_since(mark)[1] == {"d1", "d2"}


def test_update_actors_keeps_the_others_and_drops_stale_links(store: Store) -> None:
    """Stale actors and every link to them go, the new ones come, the rest stays: the same
    actors and links as a whole replace with the result."""
    kept, old = Actor("a-1", "Lund", "place"), Actor("a-2", "Okafor", "person")
    gone = Actor("a-3", "Rebels", "collective")
    store.replace_actors([kept, old, gone], {"m-1": "a-2", "m-2": "a-3", "m-3": "a-1"})
    store.actor_links()  # cached for this generation: the update must be seen
    renamed = Actor("a-4", "Minister Okafor", "person", ["Okafor"])
    store.update_actors([renamed], {"m-1": "a-4"}, {"a-2", "a-3"})
    assert [a.id for a in store.actors()] == ["a-1", "a-4"]
    assert store.actors()[1].aliases == ["Okafor"]
    assert store.actor_links() == {"m-1": "a-4", "m-3": "a-1"}


def test_actor_heads_are_each_actors_name_type_and_parent(store: Store) -> None:
    """The narrow read of every actor equals what the actors give (parents of any JSON kind,
    absent or null alike None)."""
    store.replace_actors(
        [
            Actor("a-1", "Ostland", "place"),
            Actor("a-2", "Army", "group", ["the army"], {"parent": "a-1", "notes": [1, 2]}),
            Actor("a-3", "Odd", "group", [], {"parent": None}),
            Actor("a-4", "Odder", "group", [], {"parent": ["a-1", 3]}),
        ],
        {},
    )
    expected = {a.id: (a.name, a.type, a.fields.get("parent")) for a in store.actors()}
    assert store.actor_heads() == expected
    assert list(store.actor_heads()) == ["a-1", "a-2", "a-3", "a-4"]
    assert expected["a-2"] == ("Army", "group", "a-1")


def test_doc_items_reads_the_documents_and_ids_asked(store: Store) -> None:
    first, second = _doc("d1"), _doc("d2")
    store.save_document(first, [_item(first, "mentions", 9, 15, "m-1", label="PERSON")], {})
    items = [
        _item(second, "mentions", 9, 15, "m-2", label="PERSON"),
        _item(second, "places", 25, 29, "p-2"),
        _item(second, "mentions", 42, 48, "m-3", label="NORP"),
    ]
    store.save_document(second, items, {})
    assert [i.id for i in store.doc_items("mentions", {"d2", "d1"})] == ["m-1", "m-2", "m-3"]
    assert [i.id for i in store.doc_items("mentions", {"d2"}, {"m-3", "m-1"})] == ["m-3"]
    assert list(store.doc_items("mentions", set())) == []


def test_doc_actors_are_the_actors_of_each_documents_live_mentions(store: Store) -> None:
    """Each document's linked actors, from its live mentions only (a re-saved document's old
    mentions are gone); a mention with no link and a document with none add nothing."""
    first, second, third = _doc("d1"), _doc("d2"), _doc("d3")
    store.save_document(first, [_item(first, "mentions", 9, 15, "m-1", label="PERSON")], {})
    items = [
        _item(second, "mentions", 9, 15, "m-2", label="PERSON"),
        _item(second, "mentions", 42, 48, "m-3", label="NORP"),
        _item(second, "mentions", 0, 3, "m-4", label="ORG"),
    ]
    store.save_document(second, items, {})
    store.save_document(third, [_item(third, "mentions", 9, 15, "m-5", label="PERSON")], {})
    store.save_document(third, [], {})  # re-saved: m-5 is no longer its mention
    links = {"m-1": "a-1", "m-2": "a-1", "m-3": "a-2", "m-5": "a-3"}
    store.replace_actors([Actor(a, a, "person") for a in ("a-1", "a-2", "a-3")], links)
    assert store.doc_actors() == {"d1": {"a-1"}, "d2": {"a-1", "a-2"}}
    assert store.doc_actors() == Store.doc_actors(store)
