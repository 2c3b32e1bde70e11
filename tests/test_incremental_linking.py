"""Incremental linking: after documents are added, a linker that recomputes only the groups
whose inputs changed writes what a whole run writes, on both stores."""

from __future__ import annotations

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
from rashomon.linking.story_digests import stale_closure  # noqa: E402
from rashomon.store import open_store  # noqa: E402
from rashomon.store.base import Store  # noqa: E402

ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
COMPARED = ("contradictions", "agreements")


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


@pytest.mark.parametrize("back_end", ["sqlite", "parquet"])
def test_contradictions_after_adding_documents_equal_a_whole_run(
    analysed_corpus: Path, tmp_path: Path, back_end: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two copies of the example corpus linked, a third added: only the stories of the new
    copy (and those whose actors, camps or labels changed) are compared again, and the items
    equal both a whole recomputation on the same store and a store linked in one go."""
    computed: list[int] = []
    compare = ContradictionLinker.compare

    def spy(self: ContradictionLinker, store: Store, stories: list[Item], plan: Any) -> Any:
        computed.append(len(stories))
        return compare(self, store, stories, plan)

    monkeypatch.setattr(ContradictionLinker, "compare", spy)
    first, second, third = (_copies(analysed_corpus, c) for c in range(3))
    with _open(tmp_path, "inc", back_end) as inc, _open(tmp_path, "whole", back_end) as whole:
        _save(inc, first + second)
        if back_end == "sqlite":
            time.sleep(1.1)  # SQLite's change mark has whole seconds: link in a later one
        run_linkers(inc)
        if back_end == "sqlite":
            time.sleep(1.1)
        _save(inc, third)
        run_linkers(inc)
        stories = len(list(inc.linked("stories")))
        assert 0 < computed[-1] < stories  # the old copies' stories were kept
        got = _compared(inc)
        assert any(i[0] == "contradictions" for i in got)
        run_linkers(inc)  # nothing new: nothing compared, nothing lost
        assert computed[-1] == 0 and _compared(inc) == got
        inc.set_meta(INCREMENTAL_KEY.format("contradictions"), "")
        ContradictionLinker().link(inc)  # a whole recomputation on the same store
        assert computed[-1] == stories and _compared(inc) == got
        _save(whole, first + second + third)
        run_linkers(whole)
        assert _compared(whole) == got


def test_renamed_actor_recomputes_the_stories_naming_it(
    analysed_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An input outside the documents (an actor's name) changes: the stories whose mentions
    resolve to that actor are compared again, and the result is a whole run's."""
    computed: list[int] = []
    compare = ContradictionLinker.compare

    def spy(self: ContradictionLinker, store: Store, stories: list[Item], plan: Any) -> Any:
        computed.append(len(stories))
        return compare(self, store, stories, plan)

    monkeypatch.setattr(ContradictionLinker, "compare", spy)
    with _open(tmp_path, "s", "parquet") as store:
        _save(store, _copies(analysed_corpus, 0) + _copies(analysed_corpus, 1))
        run_linkers(store)
        actors, links = store.actors(), store.actor_links()
        named = max(actors, key=lambda a: sum(v == a.id for v in links.values()))
        renamed = [replace(a, name=a.name + " Renamed") if a is named else a for a in actors]
        store.replace_actors(renamed, links)
        ContradictionLinker().link(store)
        assert computed[-1] > 0
        got = _compared(store)
        store.set_meta(INCREMENTAL_KEY.format("contradictions"), "")
        ContradictionLinker().link(store)
        assert _compared(store) == got


def test_stale_closure_takes_whole_components_of_shared_documents() -> None:
    def story(sid: str, *docs: str) -> Item:
        return Item("stories", 0, 0, "", {"docs": list(docs), "events": []}, sid, docs[0])

    stories = [story("a", "d1", "d2"), story("b", "d2", "d3"), story("c", "d3"), story("e", "d9")]
    assert stale_closure({"c"}, stories) == {"a", "b", "c"}
    assert stale_closure({"e"}, stories) == {"e"}
    assert stale_closure({"gone"}, stories) == {"gone"}
