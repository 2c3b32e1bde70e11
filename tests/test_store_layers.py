"""A linker's output kept as layers in the Parquet store reads exactly as the SQLite store's
rewritten rows, update after update, through compactions, and a failed update shows nothing."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

from rashomon.document import Document, Item  # noqa: E402
from rashomon.scale import layers  # noqa: E402
from rashomon.store import open_store  # noqa: E402
from rashomon.store.base import LinkedUpdate, Store  # noqa: E402

DOCS = ["d1", "d2", "d3"]


def _stores(tmp_path: Path) -> tuple[Store, Store]:
    parquet, sqlite = open_store(f"{tmp_path}/p/"), open_store(str(tmp_path / "s.db"))
    for store in (parquet, sqlite):
        for doc in DOCS:
            store.save_document(Document(id=doc, text="A council met."), [], {})
    return parquet, sqlite


def _items(rng: random.Random, groups: list[str], tag: str) -> list[Item]:
    """Each group's items, groups in the order given, on documents drawn at random (so items
    of one document interleave across groups, as a story's do)."""
    return [
        Item(
            "contradictions",
            0,
            7,
            "council",
            {"story": g, "n": n, "tag": tag},
            f"{g}/{tag}/{n}",
            rng.choice(DOCS),
        )
        for g in groups
        for n in range(rng.randint(1, 4))
    ]


def _read(store: Store) -> list[tuple[str, str, dict]]:
    """Each kind's items in reading order (the order across linkers is not part of the store
    contract: SQLite leaves ties of ``doc, seq`` between linkers unordered)."""
    return [(i.id, i.doc, i.fields) for k in ("contradictions", "stories") for i in store.linked(k)]


def _layer_files(store: Store) -> list[Path]:
    folder = Path(store.path) / "linked" / "contradictions"  # type: ignore[attr-defined]
    (generation,) = folder.iterdir()
    return sorted(generation.glob("layer-*.parquet"))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_layers_read_as_the_rewritten_rows_update_after_update(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Random updates (stale, dropped and new groups; another linker's rows in the same
    documents): after each, both stores read the same items in the same order; layers
    accumulate as hard links and are compacted past MAX_LAYERS."""
    monkeypatch.setattr(layers, "MAX_LAYERS", 4)
    monkeypatch.setattr(layers, "DEAD_SHARE", 0.9)
    rng = random.Random(seed)
    parquet, sqlite = _stores(tmp_path)
    order = [f"s{n}" for n in range(8)]
    first = _items(rng, order, "0")
    other = [
        Item("stories", 0, 7, "council", {"n": n}, f"st{n}", rng.choice(DOCS)) for n in range(5)
    ]
    for store in (parquet, sqlite):
        store.replace_grouped(
            "contradictions", LinkedUpdate(("contradictions",), "story", order, set(order), first)
        )
        store.replace_linked("stories", other)
    assert _read(parquet) == _read(sqlite)
    layer_counts = []
    for step in range(1, 9):
        order = [g for g in order if rng.random() > 0.15] + [f"s{step}x{n}" for n in range(2)]
        rng.shuffle(order)
        stale = {g for g in order if rng.random() < 0.3} | {g for g in order if "x" in g}
        new = _items(rng, [g for g in order if g in stale], str(step))
        for store in (parquet, sqlite):
            store.update_linked(
                "contradictions", LinkedUpdate(("contradictions",), "story", order, stale, new)
            )
        assert _read(parquet) == _read(sqlite), step
        assert parquet.kinds() == sqlite.kinds()
        files = _layer_files(parquet)
        layer_counts.append(len(files))
        if len(files) > 1:  # the earlier layers are the previous generation's files, linked
            assert files[0].stat().st_nlink == 1 and len(files) <= 4
    assert layer_counts[:3] == [2, 3, 4] and 1 in layer_counts  # compacted once past 4 layers


def test_a_plain_generation_is_rewritten_as_layers_then_layered(tmp_path: Path) -> None:
    """replace_linked's one file (no group column) becomes a base layer at the first update;
    new items of a group kept as stored (rows in two layers) rewrite too; both as SQLite."""
    rng = random.Random(7)
    parquet, sqlite = _stores(tmp_path)
    order = ["a", "b", "c"]
    first = _items(rng, order, "0")
    for store in (parquet, sqlite):
        store.replace_linked("contradictions", first)
    steps = [(order, {"b"}, ["b"]), (order, {"c"}, ["c"]), (order, set(), ["a"])]
    for n, (now, stale, groups) in enumerate(steps):
        new = _items(rng, groups, str(n + 1))
        for store in (parquet, sqlite):
            store.update_linked(
                "contradictions", LinkedUpdate(("contradictions",), "story", now, stale, new)
            )
        assert _read(parquet) == _read(sqlite)
    assert len(_layer_files(parquet)) == 1  # the last step kept "a" and added to it: rewritten


def test_a_failed_update_leaves_the_stored_layers_as_they_were(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An update that dies before its generation is published shows nothing, and the files the
    stored generation reads are untouched (the new one only linked them)."""
    rng = random.Random(3)
    parquet, _ = _stores(tmp_path)
    order = ["a", "b", "c"]
    parquet.replace_grouped(
        "contradictions",
        LinkedUpdate(("contradictions",), "story", order, set(order), _items(rng, order, "0")),
    )
    parquet.update_linked(
        "contradictions",
        LinkedUpdate(("contradictions",), "story", order, {"a"}, _items(rng, ["a"], "1")),
    )
    before = _read(parquet)

    def killed(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(layers, "_finish", killed)
    with pytest.raises(KeyboardInterrupt):
        parquet.update_linked(
            "contradictions",
            LinkedUpdate(("contradictions",), "story", order, {"b"}, _items(rng, ["b"], "2")),
        )
    assert _read(parquet) == before and len(_layer_files(parquet)) == 2
    assert not any((Path(parquet.path) / "_tmp").iterdir())  # type: ignore[attr-defined]
