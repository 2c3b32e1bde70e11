"""Exports opened in a spreadsheet or shared as files: no formulas run, no local paths leak."""

from __future__ import annotations

import csv
from pathlib import Path

from rashomon.document import Document
from rashomon.export import build_export, csv_cell, portable_source, write_export
from rashomon.store import open_store


def test_formula_cells_are_neutralised():
    for bad in ('=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"):
        assert csv_cell(bad) == "'" + bad
    assert csv_cell("plain words") == "plain words"
    assert csv_cell(-3) == -3  # numbers are numbers, not formulas


def test_sources_lose_the_local_layout(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert portable_source(str(tmp_path / "in" / "a.txt")) == "in/a.txt"
    assert portable_source("/elsewhere/private/b.txt") == "b.txt"
    assert portable_source("https://news.example/x") == "https://news.example/x"
    assert portable_source("rel/c.txt") == "rel/c.txt"


def test_csv_export_and_paths(tmp_path: Path):
    db = tmp_path / "s.db"
    text = '=HYPERLINK("http://x") is an invented first line.'
    doc = Document(
        id="d1", text=text, title="@cmd", outlet="O", source="/home/someone/secret/d1.txt"
    )
    with open_store(str(db)) as store:
        store.save_document(doc, [], {})
        assert build_export(store)["documents"][0]["source"] == "d1.txt"
        assert build_export(store, with_paths=True)["documents"][0]["source"].startswith("/home")
        write_export(store, "csv", tmp_path / "out")
    with (tmp_path / "out" / "documents.csv").open(encoding="utf-8") as fh:
        row = next(csv.DictReader(fh))
    assert row["text"].startswith("'=") and row["title"] == "'@cmd"
    assert row["source"] == "d1.txt"
