"""End-to-end CLI: analyze, info, export, report, demo; user mistakes give one line, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from rashomon import __version__
from rashomon.cli import app

runner = CliRunner()


def _rashomon(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rashomon", *args], input=stdin, capture_output=True, text=True
    )


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_analyze_export_report_info(tmp_path, corpus_dir, analysed_corpus):
    out = tmp_path / "x.json"
    result = runner.invoke(app, ["export", "--db", str(analysed_corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert len(data["documents"]) == 10
    html = tmp_path / "r.html"
    result = runner.invoke(app, ["report", "--db", str(analysed_corpus), "-o", str(html)])
    assert result.exit_code == 0 and html.read_text().startswith("<!DOCTYPE html>")
    result = runner.invoke(app, ["info", "--db", str(analysed_corpus)])
    assert (
        result.exit_code == 0 and "Meridian Wire" in result.output and "mentions" in result.output
    )


@pytest.mark.slow
def test_bad_inputs_one_line_each_and_exit_codes(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "big.txt").write_text("word " * 400)
    (folder / "feed.jsonl").write_text(
        '{"id": "a1", "text": "A short wire item about talks."}\n{oops\n'
    )
    db = tmp_path / "s.db"
    result = _rashomon("analyze", str(folder), "--db", str(db), "--max-bytes", "1000")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for needle in ("empty.txt", "binary.txt", "big.txt", "feed.jsonl:2"):
        assert (
            sum(needle in line for line in result.stdout.splitlines() + result.stderr.splitlines())
            == 1
        )
    assert "1 analysed" in result.stdout
    nothing = _rashomon("analyze", str(folder / "empty.txt"), "--db", str(tmp_path / "t.db"))
    assert nothing.returncode == 1 and "nothing could be analysed" in nothing.stderr


def test_missing_store_is_one_clear_line(tmp_path):
    result = _rashomon("export", "--db", str(tmp_path / "nope.db"))
    assert result.returncode == 2
    assert "no such store" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("command", "target"),
    [
        (["export"], "missing.db"),
        (["report"], "notes.txt"),
        (["info"], "folder"),
        (["timeline"], "missing.db"),
        (["serve"], "notes.txt"),
        (["eval", "quotes", "gold.jsonl"], "missing.db"),
        (["export"], "folder/"),
    ],
)
def test_reading_commands_never_create_a_store(tmp_path, command, target):
    """Missing or non-rashomon --db: one line, exit 2, nothing created (store tests: the rest)."""
    (tmp_path / "notes.txt").write_text("not a store\n")
    (tmp_path / "folder").mkdir()
    (tmp_path / "gold.jsonl").write_text("")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    db = str(tmp_path / target) + ("/" if target.endswith("/") else "")
    args = [str(tmp_path / a) if a.endswith(".jsonl") else a for a in command]
    result = _rashomon(*args, "--db", db)
    assert result.returncode == 2, result.stderr
    assert "store" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


@pytest.mark.slow
def test_stdin(tmp_path):
    text = "Harbour reopens\n\nThe harbour in Corvenna reopened on Friday, officials said.\n"
    result = _rashomon(
        "analyze", "-", "--db", str(tmp_path / "s.db"), "--outlet", "Test Post", stdin=text
    )
    assert result.returncode == 0, result.stderr
    out = _rashomon("export", "--db", str(tmp_path / "s.db"), "-o", str(tmp_path / "o.json"))
    assert out.returncode == 0
    (doc,) = json.loads((tmp_path / "o.json").read_text())["documents"]
    assert doc["outlet"] == "Test Post" and doc["title"] == "Harbour reopens"


@pytest.mark.slow
def test_demo_writes_report(tmp_path, corpus_dir):
    result = runner.invoke(
        app, ["demo", "--db", str(tmp_path / "d.db"), "-o", str(tmp_path / "demo.html")]
    )
    assert result.exit_code == 0, result.output
    assert "10 documents" in result.output and "demo.html" in result.output
    assert (tmp_path / "demo.html").stat().st_size > 10_000


@pytest.mark.parametrize("command", [["info"], ["export", "-o", "out.json"]])
def test_reading_commands_start_without_spacy_or_torch(tmp_path, command):
    """Every command module is imported when the CLI starts: none may load spaCy or torch at
    import (`python -X importtime`: about 9.7 s -> 0.7 s for `rashomon info` when one did)."""
    from rashomon.document import Document
    from rashomon.store import open_store

    db = tmp_path / "s.db"
    with open_store(str(db)) as store:
        store.save_document(Document(id="a", text="A short text.", outlet="Wire"), [], {})
    args = [str(tmp_path / a) if a.endswith(".json") else a for a in command]
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "rashomon", *args, "--db", str(db)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    modules = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()}
    assert not {"spacy", "torch", "thinc", "rashomon.analyze"} & modules


def test_config_show_lists_the_limits():
    result = runner.invoke(app, ["config", "show", "--set", "pipeline.analyser_seconds=5"])
    assert result.exit_code == 0, result.output
    for line in ("analyser_seconds = 5.0", "part_chars = 100000", "max_chars = 2000000"):
        assert line in result.output
    assert "max_sentence_tokens = 250" in result.output


def test_output_path_problems_are_one_line(tmp_path):
    from rashomon.document import Document
    from rashomon.store import open_store

    db = str(tmp_path / "s.db")
    with open_store(db) as store:
        store.save_document(Document(id="a", text="The port reopened on Monday."), [], {})
    (tmp_path / "folder").mkdir()
    (tmp_path / "file.txt").write_text("x")
    cases = [
        (["export", "-o", str(tmp_path / "folder")], "is a folder"),
        (["export", "--format", "csv", "-o", str(tmp_path / "out.csv")], "writes a folder"),
        (["export", "--format", "csv", "-o", str(tmp_path / "file.txt")], "is a file"),
        (["export", "-o", str(tmp_path / "file.txt" / "x.json")], "cannot write"),
        (["report", "-o", str(tmp_path / "folder")], "is a folder"),
        (["report", "-o", str(tmp_path / "file.txt" / "r.html")], "cannot write"),
    ]
    for args, message in cases:
        result = _rashomon(*args, "--db", db)
        assert result.returncode == 2, (args, result.stderr)
        assert "Traceback" not in result.stderr and message in result.stderr, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.csv").exists()
