"""Incremental linking: after documents are added, a linker that recomputes only the groups
whose inputs changed writes what a whole run writes, on both stores."""

from __future__ import annotations

import json
import re
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

from rashomon.analyze import run_linkers  # noqa: E402
from rashomon.document import Document, Item  # noqa: E402
from rashomon.linking.base import INCREMENTAL_KEY  # noqa: E402
from rashomon.linking.contradictions import ContradictionLinker  # noqa: E402
from rashomon.store import open_store  # noqa: E402
from rashomon.store.base import Store  # noqa: E402

ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
COMPARED = ("contradictions", "agreements")


def _stances(store: Store) -> list[tuple[Any, ...]]:
    return [(i.id, i.doc, i.start, i.end, i.text, i.fields) for i in store.linked("stances")]


def _shift(value: str, days: int) -> str:
    def move(m: re.Match[str]) -> str:
        try:
            day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return m.group(0)
        return (day + timedelta(days=days)).isoformat()

    return ISO.sub(move, value)


def _renamed(value: Any, ids: dict[str, str], days: int) -> Any:
    if isinstance(value, dict):
        return {k: _renamed(v, ids, days) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, ids, days) for v in value]
    if isinstance(value, str):
        return ids.get(value) or _shift(value, days)
    return value


def _copies(source: Path, copy: int) -> list[tuple[Document, list[Item], dict[str, str]]]:
    """Copy ``copy`` of every analysed document: ids suffixed, dates 120 days later per copy
    (another story: stories merge within 30 days), items' pointers renamed along."""
    days, out = 120 * copy, []
    with open_store(str(source), create=False) as store:
        for doc in store.documents():
            items = list(store.items(doc=doc.id))
            state = store.state(doc.id)
            ids = {it.id: f"{it.id}~{copy}" for it in items} if copy else {}
            new_doc = replace(
                doc, id=f"{doc.id}~{copy}" if copy else doc.id, date=_shift(doc.date or "", days)
            )
            new_items = [
                replace(
                    it,
                    id=ids.get(it.id, it.id),
                    doc=new_doc.id,
                    fields=_renamed(it.fields, ids, days),
                )
                for it in items
            ]
            out.append((new_doc, new_items, state.analysers if state else {}))
    return out


def _save(store: Store, docs: list[tuple[Document, list[Item], dict[str, str]]]) -> None:
    for doc, items, analysers in docs:
        store.save_document(doc, items, analysers)


def _compared(store: Store) -> list[tuple[Any, ...]]:
    return [
        (i.kind, i.id, i.doc, i.start, i.end, i.text, i.fields)
        for kind in COMPARED
        for i in store.linked(kind)
    ]


def _open(tmp_path: Path, name: str, back_end: str) -> Store:
    return open_store(str(tmp_path / name) + ("/" if back_end == "parquet" else ".db"))


def _tick(back_end: str) -> None:
    """SQLite's change mark has whole seconds: a save in the second a linker starts counts as
    changed again next time (never missed), so the tests wait a second around each run."""
    if back_end == "sqlite":
        time.sleep(1.1)


@pytest.fixture
def compare_sizes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of stories each ``ContradictionLinker.compare`` call was given."""
    sizes: list[int] = []
    compare = ContradictionLinker.compare

    def spy(self: ContradictionLinker, store: Store, stories: list[Item], *rest: Any) -> Any:
        sizes.append(len(stories))
        return compare(self, store, stories, *rest)

    monkeypatch.setattr(ContradictionLinker, "compare", spy)
    return sizes


@pytest.mark.parametrize("back_end", ["sqlite", "parquet"])
def test_contradictions_after_adding_documents_equal_a_whole_run(
    analysed_corpus: Path, tmp_path: Path, back_end: str, compare_sizes: list[int]
) -> None:
    """Two copies of the example corpus linked, a third added: only the stories of the new
    copy (and those whose actors, camps or labels changed) are compared again, and the items
    equal both a whole recomputation on the same store and a store linked in one go."""
    first, second, third = (_copies(analysed_corpus, c) for c in range(3))
    with _open(tmp_path, "inc", back_end) as inc, _open(tmp_path, "whole", back_end) as whole:
        _save(inc, first + second)
        _tick(back_end)
        run_linkers(inc)
        _tick(back_end)
        _save(inc, third)
        _tick(back_end)
        run_linkers(inc)
        stories = len(list(inc.linked("stories")))
        assert 0 < compare_sizes[-1] < stories  # the old copies' stories were kept
        got = _compared(inc)
        assert any(i[0] == "contradictions" for i in got)
        run_linkers(inc)  # nothing new: nothing compared, nothing lost
        assert compare_sizes[-1] == 0 and _compared(inc) == got
        inc.set_meta(INCREMENTAL_KEY.format("contradictions"), "")
        ContradictionLinker().link(inc)  # a whole recomputation on the same store
        assert compare_sizes[-1] == stories and _compared(inc) == got
        _save(whole, first + second + third)
        run_linkers(whole)
        assert _compared(whole) == got


def test_renamed_actor_recomputes_the_stories_naming_it(
    analysed_corpus: Path, tmp_path: Path, compare_sizes: list[int]
) -> None:
    """An input outside the documents (an actor's name) changes: the stories whose mentions
    resolve to that actor are compared again, and the result is a whole run's."""
    with _open(tmp_path, "s", "parquet") as store:
        _save(store, _copies(analysed_corpus, 0) + _copies(analysed_corpus, 1))
        run_linkers(store)
        actors, links = store.actors(), store.actor_links()
        named = max(actors, key=lambda a: sum(v == a.id for v in links.values()))
        renamed = [replace(a, name=a.name + " Renamed") if a is named else a for a in actors]
        store.replace_actors(renamed, links)
        ContradictionLinker().link(store)
        assert compare_sizes[-1] > 0
        got = _compared(store)
        store.set_meta(INCREMENTAL_KEY.format("contradictions"), "")
        ContradictionLinker().link(store)
        assert _compared(store) == got


def _story(sid: str, docs: list[str], events: list[str]) -> Item:
    return Item("stories", 0, 0, "", {"docs": docs, "events": events}, sid, docs[0])


def test_anchored_adds_the_stories_whose_documents_anchor_among_other_events(
    tmp_path: Path,
) -> None:
    """A figure anchors to the nearest event of its document in any story: a story is
    recomputed when one of its documents gains or loses events in stories (here d2 gains
    e3 through a new story, d3 loses e4 with a gone story), never because another story over
    the same document changed elsewhere (a's new document)."""
    from rashomon.linking.story_keys import Past, anchor_digests, anchored

    events = {"d1": ["e1"], "d2": ["e2", "e3"], "d3": ["e4"], "d4": ["e5"], "d5": ["e6"]}
    with open_store(str(tmp_path / "s") + "/") as store:
        for doc, ids in events.items():
            found = [Item("events", 0, 1, "x", {}, e, doc) for e in ids]
            store.save_document(Document(doc, "x" * 9), found, {})
        past_events = {"d1": [Item("events", 0, 1, "x", {}, "e1", "d1")]}
        past_events |= {"d2": [Item("events", 0, 1, "x", {}, "e2", "d2")]}
        past_events |= {"d3": [Item("events", 0, 1, "x", {}, "e4", "d3")]}
        past = Past("m", anchors=anchor_digests(past_events))
        past.stories = {s: [[], [], docs] for s, docs in [("a", ["d1", "d2"]), ("b", ["d2"])]}
        past.stories |= {"gone": [[], [], ["d3", "d4"]], "c": [[], [], ["d3"]]}
        # a gained d5; e4 left with the gone story
        stories = [_story("a", ["d1", "d2", "d5"], ["e1", "e2", "e6"]), _story("b", ["d2"], [])]
        stories.append(_story("c", ["d3"], []))
        story_of = {e: s.id for s in stories for e in s.fields["events"]}
        stale, read, events = anchored(store, stories, {"a"}, past, story_of)
        assert stale == {"a", "c"} and read["d3"] == "" and read["d2"] == past.anchors["d2"]
        assert [e.id for e in events["d2"]] == ["e2"] and events["d3"] == []
        stories.append(_story("new", ["d2", "d4"], ["e3", "e5"]))  # e3 joins a story
        story_of = {e: s.id for s in stories for e in s.fields["events"]}
        stale, _, _ = anchored(store, stories, {"new"}, past, story_of)
        assert stale == {"new", "a", "b", "c"}  # d2 and d3 moved; a shares d2


def test_once_affected_are_the_kept_stories_whose_repeats_change() -> None:
    """A kept story is recomputed when an earlier story now gives one of its items (it would
    be dropped) or no longer gives one it dropped; the others keep their items."""
    from rashomon.linking.story_keys import Past, item_key, once_affected

    def item(story: str, doc: str) -> Item:
        spans = [{"doc": doc, "start": 0, "end": 1}]
        return Item("agreements", 0, 1, "x", {"kind": "figures", "story": story, "items": spans})

    k1, k2, k3 = (item_key(item("x", d)) for d in ("d1", "d2", "d3"))
    past = Past("m", {"b": [[k1], [], ["d1"]], "c": [[], [k2], ["d2"]], "e": [[k3], [], ["d3"]]})
    fresh = {"a": [item("a", "d1")]}  # now repeats b's item and no longer gives c's
    assert once_affected(["a", "b", "c", "e"], fresh, past) == {"b", "c"}
    assert once_affected(["b", "a", "c", "e"], fresh, past) == {"c"}  # b comes first


@pytest.mark.parametrize("back_end", ["sqlite", "parquet"])
def test_stances_after_adding_documents_equal_a_whole_run(
    analysed_corpus: Path, tmp_path: Path, back_end: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the new articles are scored again (their actors' other articles keep their
    parts), and the stances equal a whole run's, on the same store and on a fresh one."""
    from rashomon.linking import stance_parts
    from rashomon.linking.stances import StanceLinker

    scored: list[str] = []
    link = stance_parts.link_stances

    def spy(linker: Any, store: Store, actors: Any, score_docs: Any, build: Any) -> None:
        def counted(doc_ids: list[str]) -> Any:
            scored.extend(doc_ids)
            yield from score_docs(doc_ids)

        link(linker, store, actors, counted, build)

    monkeypatch.setattr("rashomon.linking.stances.link_stances", spy)
    first, second = (_copies(analysed_corpus, c) for c in range(2))
    with _open(tmp_path, "inc", back_end) as inc, _open(tmp_path, "whole", back_end) as whole:
        _save(inc, first)
        _tick(back_end)
        run_linkers(inc)
        _tick(back_end)
        _save(inc, second)
        _tick(back_end)
        scored.clear()
        run_linkers(inc)
        assert 0 < len(set(scored)) < len(first) + len(second)
        got = _stances(inc)
        assert got
        inc.set_meta(INCREMENTAL_KEY.format("stances"), "")
        StanceLinker().link(inc)
        assert _stances(inc) == got
        _save(whole, first + second)
        run_linkers(whole)
        assert _stances(whole) == got


def _actors(store: Store) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    return [a.as_dict() for a in store.actors()], sorted(store.actor_links().items())


@pytest.mark.parametrize("back_end", ["sqlite", "parquet"])
def test_actors_after_adding_documents_equal_a_whole_run(
    analysed_corpus: Path, tmp_path: Path, back_end: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A third copy of the corpus joins the actors of the first two (their mention counts
    change, so those actors are written again); actors no new mention touches are kept; the
    actors and links equal a whole run's, on the same store and on a fresh one."""
    from rashomon.linking.actor_state import STATE_KEY
    from rashomon.linking.actors import ActorLinker

    written: list[int] = []
    first, second, third = (_copies(analysed_corpus, c) for c in range(3))
    with _open(tmp_path, "inc", back_end) as inc, _open(tmp_path, "whole", back_end) as whole:
        update = type(inc).update_actors

        def spy(self: Store, actors: Any, links: Any, stale: Any) -> None:
            actors = list(actors)
            written.append(len(actors))
            update(self, actors, links, stale)

        monkeypatch.setattr(type(inc), "update_actors", spy)
        _save(inc, first + second)
        _tick(back_end)
        ActorLinker().link(inc)
        assert written == []  # the first run is whole
        _tick(back_end)
        _save(inc, third)
        _tick(back_end)
        ActorLinker().link(inc)
        total = len(inc.actors())
        assert len(written) == 1 and 0 < written[0] < total
        got = _actors(inc)
        ActorLinker().link(inc)  # nothing new: nothing named again or written, nothing lost
        assert len(written) == 1 and _actors(inc) == got
        inc.set_meta(STATE_KEY, "")
        ActorLinker().link(inc)  # a whole recomputation on the same store
        assert _actors(inc) == got
        _save(whole, first + second + third)
        ActorLinker().link(whole)
        assert _actors(whole) == got


def _dated(
    docs: list[tuple[Document, list[Item], dict[str, str]]],
) -> list[tuple[Document, list[Item], dict[str, str]]]:
    """Every event given its document's date where it has none (the stories' canonical order
    places an undated event by its article's day: the same order, other event items)."""
    out = []
    for doc, items, analysers in docs:
        dated = [
            replace(it, fields=it.fields | {"date": it.fields.get("date") or doc.date})
            if it.kind == "events"
            else it
            for it in items
        ]
        out.append((doc, dated, analysers))
    return out


def _stories(store: Store) -> list[tuple[Any, ...]]:
    return [
        (i.kind, i.id, i.doc, i.start, i.end, i.text, i.fields)
        for kind in ("stories", "coverage")
        for i in store.linked(kind)
    ]


def _moved(
    docs: list[tuple[Document, list[Item], dict[str, str]]], days: int
) -> list[tuple[Document, list[Item], dict[str, str]]]:
    """The documents and every date in their items ``days`` later."""
    return [
        (
            replace(doc, date=_shift(doc.date or "", days)),
            [replace(it, fields=_renamed(it.fields, {}, days)) for it in items],
            analysers,
        )
        for doc, items, analysers in docs
    ]


@pytest.mark.parametrize("back_end", ["sqlite", "parquet"])
@pytest.mark.parametrize(("days", "dated"), [(0, True), (-119, True), (0, False)])
def test_stories_after_adding_documents_equal_a_whole_run(
    analysed_corpus: Path,
    tmp_path: Path,
    back_end: str,
    days: int,
    dated: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A third copy dated after the others (0), or among the second copy's articles (-119:
    the placed events after its first one are placed again): the stored index is extended
    (only the records of the events placed again are built), only the stories whose inputs
    changed are written, and the stories and coverage equal a whole run's, on the same store
    and on a fresh one. Undated events (``dated`` False) are placed by their article's day,
    so a later copy's undated events extend the index too."""
    from rashomon.linking import stories as stories_module
    from rashomon.linking.stories import STATE_KEY, StoryLinker

    built: list[int] = []
    build = stories_module.build_records

    def spy(store: Store, events: list[Item], kinds: dict[str, str]) -> Any:
        built.append(len(events))
        return build(store, events, kinds)

    monkeypatch.setattr(stories_module, "build_records", spy)
    first, second, third = (_copies(analysed_corpus, c) for c in range(3))
    if dated:
        first, second, third = _dated(first), _dated(second), _dated(third)
    third = _moved(third, days)
    with _open(tmp_path, "inc", back_end) as inc, _open(tmp_path, "whole", back_end) as whole:
        _save(inc, first + second)
        _tick(back_end)
        run_linkers(inc)
        placed = built[-1]
        _tick(back_end)
        _save(inc, third)
        _tick(back_end)
        run_linkers(inc)
        assert 0 < built[-1] < placed  # the new copy's events only
        got = _stories(inc)
        assert any(i[0] == "stories" for i in got)
        built.clear()
        run_linkers(inc)  # nothing new: nothing placed, nothing lost
        assert built == [] and _stories(inc) == got
        inc.set_meta(INCREMENTAL_KEY.format("stories"), "")
        inc.set_meta(STATE_KEY, "")
        StoryLinker().link(inc)  # a whole rebuild on the same store
        assert _stories(inc) == got
        _save(whole, first + second + third)
        run_linkers(whole)
        assert _stories(whole) == got


def test_stances_follow_an_article_moved_to_another_outlet(
    analysed_corpus: Path, tmp_path: Path
) -> None:
    """An article's outlet changes without a new save (SQLite's metadata update keeps the
    change mark): it is scored again, the stances of the outlets it left and joined are
    rebuilt, and the others keep their kept digests; the stances equal a whole run's."""
    from rashomon.linking.stances import StanceLinker

    with _open(tmp_path, "inc", "sqlite") as inc:
        _save(inc, _copies(analysed_corpus, 0))
        _tick("sqlite")
        run_linkers(inc)
        doc = next(d for d in inc.documents() if d.outlet)
        before = {i.id for i in inc.linked("stances") if i.fields["outlet"] == doc.outlet}
        inc.update_metadata(replace(doc, outlet="Moved Outlet Desk"))
        assert inc.changed_since(datetime_mark(inc))[1] == set()  # not a change by the mark
        StanceLinker().link(inc)
        got = _stances(inc)
        assert any(i[5]["outlet"] == "Moved Outlet Desk" for i in got)
        assert before  # the old outlet had stances, some now rebuilt without the article
        inc.set_meta(INCREMENTAL_KEY.format("stances"), "")
        StanceLinker().link(inc)
        assert _stances(inc) == got


def datetime_mark(store: Store) -> str:
    """The stances linker's recorded change mark."""
    return json.loads(store.get_meta(INCREMENTAL_KEY.format("stances")) or "{}")["mark"]


def test_contradictions_read_only_the_changed_documents_inputs(
    analysed_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The story digests' per-document inputs (mentions, labels, places) are kept with the
    run: an incremental run reads only the new copy's, and a run with nothing new none."""
    from rashomon.linking import story_inputs

    read: list[set[str]] = []
    original = story_inputs.read_inputs

    def spy(store: Store, docs: Any) -> Any:
        read.append(set(docs))
        return original(store, docs)

    monkeypatch.setattr(story_inputs, "read_inputs", spy)
    first, second, third = (_copies(analysed_corpus, c) for c in range(3))
    with _open(tmp_path, "inc", "parquet") as inc:
        _save(inc, first + second)
        run_linkers(inc)
        assert len(read[-1]) > len(first)  # a first run reads every story's documents
        _save(inc, third)
        run_linkers(inc)
        assert read[-1] and read[-1] <= {doc.id for doc, _, _ in third}
        run_linkers(inc)
        assert read[-1] == set()


def test_contradictions_killed_while_writing_recompute_the_written_stories(
    analysed_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compare_sizes: list[int]
) -> None:
    """A run killed after writing its stories' items but before recording itself leaves
    them noted as pending: the next run compares them again, and the output is a whole run's."""
    from rashomon.linking.story_keys import PENDING_KEY

    first, second, third = (_copies(analysed_corpus, c) for c in range(3))
    with _open(tmp_path, "inc", "parquet") as inc:
        _save(inc, first + second)
        run_linkers(inc)
        _save(inc, third)

        def killed(*_: Any) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(ContradictionLinker, "record_run", killed)
        with pytest.raises(KeyboardInterrupt):
            run_linkers(inc)
        monkeypatch.undo()
        pending = json.loads(inc.get_meta(PENDING_KEY.format("contradictions")) or "{}")
        assert pending["stories"] and len(pending["stories"]) == compare_sizes[-1]
        spy = list[int]()
        compare = ContradictionLinker.compare

        def counted(
            self: ContradictionLinker, store: Store, stories: list[Item], *rest: Any
        ) -> Any:
            spy.append(len(stories))
            return compare(self, store, stories, *rest)

        monkeypatch.setattr(ContradictionLinker, "compare", counted)
        ContradictionLinker().link(inc)
        assert spy[0] >= len(pending["stories"])
        got = _compared(inc)
        inc.set_meta(INCREMENTAL_KEY.format("contradictions"), "")
        ContradictionLinker().link(inc)
        assert _compared(inc) == got


def test_document_placement_kept_for_unchanged_first_articles_equals_a_fresh_one() -> None:
    """group_documents given the last placement keeps the groups of the first articles whose
    inputs are unchanged and places the rest: the same groups as placing every article, when
    articles are added at the end, one early article's actors or lead change, one goes, or an
    undated one comes first; other settings place everything again."""
    import numpy as np

    from rashomon.linking import story_docs
    from rashomon.linking.story_docs import DocRecord, DocSettings, group_documents

    rng = np.random.default_rng(5)
    topics = rng.normal(size=(6, 16))

    def record(n: int, day: int | None) -> DocRecord:
        topic = n % 6
        vector = (topics[topic] + rng.normal(scale=0.6, size=16)).astype(np.float32)
        actors = frozenset(f"a{topic}-{k}" for k in rng.choice(4, size=2, replace=False))
        return DocRecord(f"d{n:03d}", day, vector, actors)

    settings = DocSettings()
    base = [record(n, n // 5 if n % 11 else None) for n in range(80)]
    base.sort(key=lambda r: (r.day if r.day is not None else -1, r.id))
    past = story_docs.placement_state(base, settings, group_documents(base, settings))
    later = base + [record(n, 20 + n // 40) for n in range(80, 100)]
    moved = list(base)
    moved[40] = replace(moved[40], actors=frozenset({"a9-9"}))
    relead = list(base)
    relead[10] = replace(relead[10], vector=relead[10].vector * 2)
    first = [record(100, None), *base]
    for case in (later, moved, relead, base[:30] + base[31:], first):
        assert group_documents(case, settings, past) == group_documents(case, settings)
    assert len(story_docs._kept(later, settings, past)) == len(base)
    assert len(story_docs._kept(moved, settings, past)) == 40
    assert len(set(group_documents(later, settings, past).values())) > 3  # groups were made
    other = DocSettings(threshold=0.3)
    assert story_docs._kept(later, other, past) == []
    assert group_documents(later, other, past) == group_documents(later, other)


def test_linkers_run_with_the_cyclic_collector_paused() -> None:
    """Every linker's link runs with gc disabled and leaves it as it found it, on an error
    too (an outer pause, e.g. a linker calling another, stays paused)."""
    import gc

    from rashomon.linking.base import Linker

    seen: list[bool] = []

    class Probe(Linker):
        name = "probe"

        def link(self, store: Store) -> None:
            seen.append(gc.isenabled())
            if store is None:
                raise RuntimeError("failed")

    assert gc.isenabled()
    Probe().link(object())  # type: ignore[arg-type]
    with pytest.raises(RuntimeError):
        Probe().link(None)  # type: ignore[arg-type]
    assert seen == [False, False] and gc.isenabled()
    gc.disable()
    try:
        Probe().link(object())  # type: ignore[arg-type]
        assert not gc.isenabled()
    finally:
        gc.enable()
