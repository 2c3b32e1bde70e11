"""The event_clusters linker: generic events left out of stories corefer by trigger lemma."""

from __future__ import annotations

from pathlib import Path

from rashomon.document import Document, Item
from rashomon.linking.event_clusters import (
    EventClusterLinker,
    EventClusterSettings,
    cluster_assignment,
    cluster_items,
)
from rashomon.store import open_store

TEXTS = {
    "a": "The council voted late on Tuesday. Crowds gathered outside.",
    "b": "Crowds gathered outside the hall while the council voted.",
    "c": "A storm flooded the valley and crowds gathered in the square.",
}


def _event(doc: str, word: str, lemma: str, **fields: object) -> Item:
    start = TEXTS[doc].index(word)
    end = start + len(word)
    trigger = {"start": start, "end": end, "text": word, "lemma": lemma}
    data = {"type": "OCCURRENCE", "trigger": trigger, "linked": False, **fields}
    return Item("events", start, end, word, data, f"e-{doc}-{lemma}", doc)


def _events() -> list[Item]:
    return [
        _event("a", "voted", "vote"),
        _event("a", "gathered", "gather"),
        _event("b", "gathered", "gather"),
        _event("b", "voted", "vote", background=True),
        _event("c", "gathered", "gather"),
        _event("c", "flooded", "flood"),
    ]


def test_same_lemma_within_a_coverage_group_is_one_cluster() -> None:
    events = [e for e in _events() if not e.fields.get("background")]
    groups = {"a": "cv-1", "b": "cv-1"}  # c is in no coverage group
    items = cluster_items(events, groups, EventClusterSettings())
    assert [i.fields["events"] for i in items] == [["e-a-gather", "e-b-gather"]]
    assert items[0].fields["coverage"] == "cv-1" and items[0].fields["lemma"] == "gather"
    corpus = cluster_items(events, groups, EventClusterSettings(within="corpus"))
    assert [len(i.fields["events"]) for i in corpus] == [3]
    assert cluster_items(events, groups, EventClusterSettings(within="document")) == []


def test_split_places_keeps_two_known_places_apart() -> None:
    events = [
        _event("a", "gathered", "gather", location="Norvale"),
        _event("b", "gathered", "gather", location="Eastmoor"),
        _event("c", "gathered", "gather"),
    ]
    plain = cluster_items(events, {}, EventClusterSettings(within="corpus"))
    assert len(plain) == 1
    split = cluster_items(events, {}, EventClusterSettings(within="corpus", split_places=True))
    # the placeless one joins the commonest place (a tie: the first name in sort order)
    assert [i.fields["events"] for i in split] == [["e-b-gather", "e-c-gather"]]


def test_linker_exports_clusters_and_keeps_events_unlinked(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "s.db")) as store:
        for doc_id, text in TEXTS.items():
            found = [e for e in _events() if e.doc == doc_id]
            store.save_document(Document(doc_id, text), found, {})
        cover = Item("coverage", 0, 5, TEXTS["a"][:5], {"docs": ["a", "b"]}, "cv-1", "a")
        store.replace_linked("stories", [cover])
        EventClusterLinker().link(store)
        items = list(store.linked("event_clusters"))
        assert len(items) == 1
        item = items[0]
        assert TEXTS[item.doc][item.start : item.end] == item.text == "gathered"
        assert cluster_assignment(store) == {"e-a-gather": item.id, "e-b-gather": item.id}
        assert all(e.fields["linked"] is False for e in store.items("events"))
        # a second run with nothing changed keeps the same output
        EventClusterLinker().link(store)
        assert [i.id for i in store.linked("event_clusters")] == [item.id]


def _save(store: object, doc_ids: list[str], covered: list[str]) -> None:
    for doc_id in doc_ids:
        found = [e for e in _events() if e.doc == doc_id]
        store.save_document(Document(doc_id, TEXTS[doc_id]), found, {})  # type: ignore[attr-defined]
    cover = Item("coverage", 0, 5, TEXTS["a"][:5], {"docs": covered}, "cv-1", "a")
    store.replace_linked("stories", [cover])  # type: ignore[attr-defined]


def _dump(store: object) -> list[dict[str, object]]:
    return [i.as_dict() for i in store.linked("event_clusters")]  # type: ignore[attr-defined]


def test_incremental_runs_equal_a_whole_run(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "inc.db")) as inc, open_store(str(tmp_path / "all.db")) as whole:
        _save(inc, ["a", "b"], ["a", "b"])
        EventClusterLinker().link(inc)
        _save(inc, ["c"], ["a", "b", "c"])  # c arrives and joins the group
        EventClusterLinker().link(inc)
        _save(whole, ["a", "b", "c"], ["a", "b", "c"])
        EventClusterLinker().link(whole)
        assert _dump(inc) == _dump(whole)
        assert [len(i["events"]) for i in _dump(inc)] == [3]  # type: ignore[arg-type]


def test_report_events_are_left_out_on_request(tmp_path: Path) -> None:
    said = [_event(d, "gathered", "gather", type="REPORT") for d in ("a", "b")]
    with open_store(str(tmp_path / "r.db")) as store:
        for event in said:
            store.save_document(Document(event.doc, TEXTS[event.doc]), [event], {})
        cover = Item("coverage", 0, 5, TEXTS["a"][:5], {"docs": ["a", "b"]}, "cv-1", "a")
        store.replace_linked("stories", [cover])
        EventClusterLinker(EventClusterSettings(reports=False)).link(store)
        assert list(store.linked("event_clusters")) == []
        EventClusterLinker().link(store)
        assert [len(i.fields["events"]) for i in store.linked("event_clusters")] == [2]


def test_lemma_families_join_clusters_within_a_group_only() -> None:
    events = [
        _event("a", "voted", "vote"),
        _event("b", "gathered", "gather"),
        _event("c", "flooded", "flood"),
    ]
    groups = {"a": "cv-1", "b": "cv-1"}  # c is alone
    pairs = {"vote": frozenset({"gather", "flood"}), "gather": frozenset({"vote"}),
             "flood": frozenset({"vote"})}  # fmt: skip
    items = cluster_items(events, groups, EventClusterSettings(), pairs)
    assert [i.fields["events"] for i in items] == [["e-a-vote", "e-b-gather"]]
    assert items[0].fields["lemmas"] == ["gather", "vote"] and items[0].fields["lemma"] == "gather"
    off = EventClusterSettings(families=False)
    assert cluster_items(events, groups, off, pairs) == []
    assert cluster_items(events, groups, EventClusterSettings(), {}) == []


def test_lemma_families_chain_through_present_lemmas_only() -> None:
    events = [_event("a", "voted", "vote"), _event("b", "gathered", "gather")]
    # vote ~ flood ~ gather, but no flood event is there to carry the chain
    pairs = {"vote": frozenset({"flood"}), "flood": frozenset({"vote", "gather"}),
             "gather": frozenset({"flood"})}  # fmt: skip
    assert cluster_items(events, {"a": "g", "b": "g"}, EventClusterSettings(), pairs) == []
    chained = [*events, _event("c", "flooded", "flood")]
    groups = {"a": "g", "b": "g", "c": "g"}
    items = cluster_items(chained, groups, EventClusterSettings(), pairs)
    assert [len(i.fields["events"]) for i in items] == [3]


def test_shipped_lemma_pairs_are_symmetric_word_pairs() -> None:
    from rashomon.linking.event_clusters import lemma_pairs

    pairs = lemma_pairs()
    assert all(a in pairs[b] and a != b for a, bs in pairs.items() for b in bs)
    assert all(a.isalpha() for a in pairs)
