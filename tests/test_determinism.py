"""Issue 19, deliver 4: the corpus-level result does not depend on how many runs brought the
documents in, and ``--force`` on an unchanged corpus changes nothing in the export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rashomon.analyze import analyze
from rashomon.export import build_export
from rashomon.store import open_store

pytestmark = pytest.mark.slow


def _files(corpus_dir: Path) -> list[str]:
    return sorted(str(p) for p in corpus_dir.iterdir() if p.name != "manifest.csv")


def _export(db: Path) -> dict:
    with open_store(str(db)) as store:
        return json.loads(json.dumps(build_export(store), sort_keys=True))


def _run(db: Path, batches: list[list[str]], manifest: str, pipeline, **kw) -> dict:
    with open_store(str(db)) as store:
        for batch in batches:
            analyze(batch, store, manifest=manifest, pipeline=pipeline, **kw)
    return _export(db)


def _differences(one: dict, other: dict) -> list[str]:
    """Top-level export lists that differ, with their sizes (a readable failure message)."""
    out = []
    for key in sorted(set(one) | set(other)):
        if one.get(key) != other.get(key):
            a, b = one.get(key), other.get(key)
            sizes = (len(a), len(b)) if isinstance(a, list) and isinstance(b, list) else ""
            out.append(f"{key} {sizes}")
    return out


@pytest.fixture(scope="module")
def whole(tmp_path_factory, corpus_dir, pipeline) -> dict:
    """The export of the example corpus analysed in one run."""
    db = tmp_path_factory.mktemp("whole") / "whole.db"
    return _run(db, [_files(corpus_dir)], str(corpus_dir / "manifest.csv"), pipeline)


def test_every_list_is_the_same_after_two_runs(whole, tmp_path, corpus_dir, pipeline):
    files = _files(corpus_dir)
    halves = [files[: len(files) // 2], files[len(files) // 2 :]]
    split = _run(tmp_path / "split.db", halves, str(corpus_dir / "manifest.csv"), pipeline)
    for key in whole:
        assert split[key] == whole[key], key


@pytest.mark.parametrize(
    "order",
    [
        "halves",  # the first half's stories are rebuilt when earlier-dated articles arrive
        "reversed-halves",  # the second half's articles are dated earlier: stories extend
        "one-by-one-reversed",  # many runs, each article dated before the ones stored
    ],
)
def test_two_runs_give_the_same_export_as_one(whole, tmp_path, corpus_dir, pipeline, order):
    files = _files(corpus_dir)
    halves = [files[: len(files) // 2], files[len(files) // 2 :]]
    if order == "reversed-halves":
        halves.reverse()
    if order == "one-by-one-reversed":
        halves = [[f] for f in reversed(files)]
    split = _run(tmp_path / "split.db", halves, str(corpus_dir / "manifest.csv"), pipeline)
    assert _differences(whole, split) == []
    assert split == whole


def test_force_on_an_unchanged_corpus_leaves_the_export_identical(
    whole, tmp_path, corpus_dir, pipeline
):
    db = tmp_path / "force.db"
    manifest = str(corpus_dir / "manifest.csv")
    first = _run(db, [_files(corpus_dir)], manifest, pipeline)
    forced = _run(db, [_files(corpus_dir)], manifest, pipeline, force=True)
    assert json.dumps(forced, sort_keys=True) == json.dumps(first, sort_keys=True)
    assert _differences(first, forced) == []


def test_a_re_saved_document_takes_its_duplicate_links_along(tmp_path):
    """Rows pointing at a replaced document go: the rerun finds them again, in the same way."""
    from rashomon.document import Document
    from rashomon.store.base import Duplicate

    with open_store(str(tmp_path / "dups.db")) as store:
        first = Document(id="first", text="An invented first text.")
        store.save_document(first, [], {})
        later = Document(id="later", text="An invented first text, again.")
        store.save_document(later, [], {}, duplicates=[Duplicate("later", "first", "near", 0.9)])
        assert [(d.doc, d.other) for d in store.duplicates()] == [("later", "first")]
        store.save_document(first, [], {})  # a forced rerun or a changed text of `first`
        assert store.duplicates() == []
