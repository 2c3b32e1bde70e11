"""Tests for manifests: rows applying to files, precedence, and bad rows."""

from __future__ import annotations

import json
from pathlib import Path

from rashomon.document import Document
from rashomon.errors import InputError
from rashomon.ingest import load_documents, load_manifest

ARTICLE = "Storm warning\n\n2020-01-05\n\nHigh winds closed the coast road on Sunday, police said."


def load(paths: list[str], **kwargs: object) -> tuple[list[Document], list[InputError]]:
    """Documents and errors from load_documents, in order."""
    results = list(load_documents(paths, **kwargs))  # type: ignore[arg-type]
    docs = [r for r in results if isinstance(r, Document)]
    return docs, [r for r in results if isinstance(r, InputError)]


def corpus(tmp_path: Path, manifest: str, name: str = "meta.csv") -> Path:
    """A folder with storm.txt and other.txt, and a manifest (not auto-found) in it."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "storm.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "other.txt").write_text("Other news entirely, with no metadata.", encoding="utf-8")
    (folder / name).write_text(manifest, encoding="utf-8")
    return folder


def test_row_applies_to_file_given_on_command_line(tmp_path: Path) -> None:
    folder = corpus(
        tmp_path, "path,outlet,date,author\nstorm.txt,Coast Herald,2020-01-06,Lu Chen\n"
    )
    docs, errors = load([str(folder / "storm.txt")], manifest=str(folder / "meta.csv"))
    assert errors == []
    assert [d.id for d in docs] == ["storm"]
    doc = docs[0]
    assert (doc.outlet, doc.date, doc.author, doc.title) == (
        "Coast Herald",
        "2020-01-06",
        "Lu Chen",
        "Storm warning",
    )
    assert doc.meta["detected"] == ["title"]
    assert doc.meta["manifest"] == f"{folder / 'meta.csv'}:2"


def test_row_applies_to_file_found_in_folder(tmp_path: Path) -> None:
    folder = corpus(tmp_path, "path,outlet\nstorm.txt,Coast Herald\n")
    docs, _ = load([str(folder)], manifest=str(folder / "meta.csv"))
    outlets = {d.id: d.outlet for d in docs}
    assert outlets == {"storm": "Coast Herald", "other": None}


def test_file_named_only_in_manifest_is_loaded(tmp_path: Path) -> None:
    folder = corpus(tmp_path, "path,outlet\nstorm.txt,Coast Herald\n")
    docs, errors = load([], manifest=str(folder / "meta.csv"))
    assert errors == []
    assert [(d.id, d.outlet) for d in docs] == [("storm", "Coast Herald")]


def test_absolute_paths_and_jsonl_manifest(tmp_path: Path) -> None:
    folder = corpus(tmp_path, "")
    row = {"path": str(folder / "storm.txt"), "url": "https://www.coastherald.example/storm"}
    (tmp_path / "m.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    docs, errors = load([], manifest=str(tmp_path / "m.jsonl"))
    assert errors == []
    assert (docs[0].url, docs[0].outlet) == (row["url"], "coastherald.example")


def test_precedence_flag_over_manifest_over_text(tmp_path: Path) -> None:
    folder = corpus(tmp_path, "path,outlet,date\nstorm.txt,Coast Herald,2020-01-06\n")
    manifest = str(folder / "meta.csv")
    path = [str(folder / "storm.txt")]
    from_text = load(path)[0][0]
    from_manifest = load(path, manifest=manifest)[0][0]
    from_flag = load(path, manifest=manifest, outlet="Flag Times", date="2020-01-07")[0][0]
    assert (from_text.outlet, from_text.date) == (None, "2020-01-05")
    assert (from_manifest.outlet, from_manifest.date) == ("Coast Herald", "2020-01-06")
    assert (from_flag.outlet, from_flag.date) == ("Flag Times", "2020-01-07")
    assert from_text.meta["detected"] == ["title", "date"]
    assert from_flag.meta["detected"] == ["title"]


def test_manifest_csv_in_folder_is_used_automatically(tmp_path: Path) -> None:
    folder = corpus(tmp_path, "path,outlet\nstorm.txt,Coast Herald\n", name="manifest.csv")
    docs, errors = load([str(folder)])
    assert errors == []
    assert {d.id: d.outlet for d in docs} == {"other": None, "storm": "Coast Herald"}


def test_row_with_missing_file(tmp_path: Path) -> None:
    folder = corpus(tmp_path, "path,outlet\nstorm.txt,Coast Herald\ngone.txt,Nobody\n")
    docs, errors = load([], manifest=str(folder / "meta.csv"))
    assert [d.id for d in docs] == ["storm"]
    assert len(errors) == 1
    assert errors[0].source == f"{folder / 'meta.csv'}:3"
    assert errors[0].problem.startswith("file not found")


def test_manifest_without_path_column(tmp_path: Path) -> None:
    folder = corpus(tmp_path, "file,outlet\nstorm.txt,Coast Herald\n")
    docs, errors = load([str(folder / "storm.txt")], manifest=str(folder / "meta.csv"))
    assert [(d.id, d.outlet) for d in docs] == [("storm", None)]
    assert len(errors) == 1
    assert errors[0].source == str(folder / "meta.csv")
    assert "no 'path' column" in errors[0].problem


def test_row_without_path_and_bad_date(tmp_path: Path) -> None:
    folder = corpus(tmp_path, "path,date\n,2020-01-01\nstorm.txt,not a date\n")
    docs, errors = load([], manifest=str(folder / "meta.csv"))
    assert [(e.source, e.problem) for e in errors] == [
        (f"{folder / 'meta.csv'}:2", "row has no 'path'")
    ]
    assert docs[0].date == "2020-01-05"  # the unreadable manifest date is ignored...
    assert any("not a date" in w for w in docs[0].meta["warnings"])  # ...with a warning


def test_missing_manifest(tmp_path: Path) -> None:
    docs, errors = load([], manifest=str(tmp_path / "none.csv"))
    assert docs == []
    assert errors[0].problem == "no such file or directory"


def test_load_manifest_keys_are_resolved_paths(tmp_path: Path) -> None:
    folder = corpus(tmp_path, "path,title\n./storm.txt,Storm\nstorm.txt,Again\n")
    loaded = load_manifest(folder / "meta.csv")
    assert list(loaded.rows) == [(folder / "storm.txt").resolve()]
    assert loaded.rows[(folder / "storm.txt").resolve()].fields == {"title": "Storm"}
    assert "already listed" in loaded.errors[0].problem
