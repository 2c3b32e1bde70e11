"""Drills: each hostile input gets one clear line and the valid article given alongside is stored.

Huge inputs are tested small, with the bounds in ``rashomon.limits`` lowered for the test;
``bench/long_document.py`` and docs/reliability.md cover the full sizes.
"""

from __future__ import annotations

import io
import os
import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from rashomon import limits
from rashomon.analyze import analyze
from rashomon.document import Document
from rashomon.errors import StoreError
from rashomon.export import build_export, export_schema
from rashomon.limits import LimitSettings, analyse_in_parts, cut_points
from rashomon.store import open_store

VALID = (
    "Harbour strike ends in Pellmouth\n\n"
    "Dock workers in Pellmouth returned to work on Monday, the union said. "
    '"We have an agreement," the union leader Mara Quist told reporters.'
)


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch, pipeline: Any) -> LimitSettings:
    """Bounds small enough to reach with test-sized inputs (the shared pipeline's, restored)."""
    settings = LimitSettings(
        part_chars=2_000, max_chars=20_000, max_sentence_tokens=60, analyser_seconds=10
    )
    monkeypatch.setattr(pipeline, "limits", settings)
    return settings


def run(tmp_path: Path, pipeline: Any, inputs: list[str], **kwargs: Any) -> tuple[Any, list[str]]:
    """Analyse the inputs plus one valid article; the report and the stored document ids."""
    (tmp_path / "valid.txt").write_text(VALID, encoding="utf-8")
    with open_store(str(tmp_path / "s.db")) as store:
        report = analyze([*inputs, str(tmp_path / "valid.txt")], store, pipeline=pipeline, **kwargs)
        ids = [doc.id for doc in store.documents()]
    assert "valid" in ids
    return report, ids


def test_document_over_the_character_limit_is_refused(tmp_path, pipeline, small_limits):
    (tmp_path / "huge.txt").write_text("word " * 10_000, encoding="utf-8")
    report, ids = run(tmp_path, pipeline, [str(tmp_path / "huge.txt")])
    assert ids == ["valid"]
    assert len(report.problems) == 1 and "over the limit of 20,000" in report.problems[0]


def test_deeply_nested_jsonl_line(tmp_path, pipeline):
    (tmp_path / "deep.jsonl").write_text("[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    report, ids = run(tmp_path, pipeline, [str(tmp_path / "deep.jsonl")])
    assert ids == ["valid"]
    assert report.problems == [f"{tmp_path / 'deep.jsonl'}:1: JSON nested too deeply; line skipped"]


def test_symlink_loops_in_a_folder(tmp_path, pipeline):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "self.txt").symlink_to(folder / "self.txt")
    (folder / "loop").symlink_to(folder)
    report, ids = run(tmp_path, pipeline, [str(folder)])
    assert ids == ["valid"]
    assert len(report.problems) == 1 and "self.txt" in report.problems[0]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused(tmp_path, pipeline, device):
    if not Path(device).exists():
        pytest.skip(f"{device} is not available")
    report, ids = run(tmp_path, pipeline, [device])
    assert report.problems == [f"{device}: not a regular file (a character device); not read"]


def test_fifo_is_refused_without_waiting(tmp_path, pipeline):
    os.mkfifo(tmp_path / "x.txt")  # no writer: opening it to read would wait for ever
    report, ids = run(tmp_path, pipeline, [str(tmp_path / "x.txt")])
    assert report.problems == [f"{tmp_path / 'x.txt'}: not a regular file (a FIFO); not read"]


def test_stray_byte_missing_bom_and_nuls_are_repaired(tmp_path, pipeline):
    body = "The caf\u00e9 on the quay reopened on Monday, its owner said.\n"
    (tmp_path / "stray.txt").write_bytes(body.encode() + b"\xff" + body.encode())
    (tmp_path / "wide.txt").write_bytes(body.encode("utf-16-le"))
    (tmp_path / "nuls.txt").write_bytes(body.encode() * 20 + b"\x00\x00" + body.encode())
    inputs = [str(tmp_path / name) for name in ("stray.txt", "wide.txt", "nuls.txt")]
    report, ids = run(tmp_path, pipeline, inputs)
    assert report.problems == []
    assert {"stray", "wide", "nuls"} <= set(ids)
    warned = " ".join(report.warnings)
    assert "invalid UTF-8" in warned and "no byte-order mark" in warned and "NUL" in warned


def test_long_document_in_parts_keeps_every_span_exact(pipeline):
    paragraph = (
        'The council said on Monday that the bridge would reopen. "We are ready," the mayor'
        " of Dunmere told reporters, adding that 40 workers had finished the repairs."
    )
    text = "\n\n".join(f"{paragraph} Section {i}." for i in range(40))
    doc = Document(id="long", text=text)
    assert len(cut_points(text, 2_000)) > 2
    [(done, items)] = analyse_in_parts(pipeline, [doc], LimitSettings(part_chars=2_000))
    assert done is doc and items
    assert len({item.id for item in items}) == len(items)
    for item in items:
        assert item.doc == "long"
        item.check(text)
        _check_nested(item.fields, text)
    whole = pipeline.analyse(Document(id="long", text=text))
    assert {i.kind for i in items} == {i.kind for i in whole}


def _check_nested(value: Any, text: str) -> None:
    if isinstance(value, dict):
        if isinstance(value.get("start"), int) and isinstance(value.get("text"), str):
            assert text[value["start"] : value["end"]] == value["text"]
        for inner in value.values():
            _check_nested(inner, text)
    elif isinstance(value, list):
        for inner in value:
            _check_nested(inner, text)


def test_cut_points_prefer_paragraphs_and_cover_the_text():
    text = ("One sentence here. " * 30 + "\n\n") * 5 + "x" * 5_000
    parts = cut_points(text, 1_000)
    assert all(end - start <= 1_000 for start, end in parts)
    assert parts[0][1] <= len("One sentence here. " * 30 + "\n\n")
    assert "".join(text[s:e] for s, e in parts).replace(" ", "").replace("\n", "") == (
        text.replace(" ", "").replace("\n", "")
    )


def test_sentence_without_punctuation_is_split_before_the_parser(tmp_path, pipeline, small_limits):
    words = " ".join(f"word{i}" for i in range(400))
    (tmp_path / "run.txt").write_text(words, encoding="utf-8")
    report, _ = run(tmp_path, pipeline, [str(tmp_path / "run.txt")])
    assert report.problems == []
    with open_store(str(tmp_path / "s.db")) as store:
        sentences = list(store.items("sentences", doc="run"))
    assert len(sentences) >= 400 // 60
    assert all(len(s.text.split()) <= 60 for s in sentences)


def test_stalled_analyser_is_stopped_and_the_document_marked_partial(
    tmp_path, pipeline, monkeypatch
):
    from rashomon.limits import guard_analysers

    list(pipeline.analyse_many([Document(id="warm", text=VALID)]))  # models loaded, not timed
    stuck = pipeline.analysers[-1]
    guard_analysers(pipeline, 2.0)  # not less: on a loaded machine others would be stopped too
    inner = stuck.analyse.analyse

    def spin(ctx: Any) -> list:
        if ctx.doc.id == "stall":
            while True:  # never ends: only the time limit stops it
                pass
        return inner(ctx)

    monkeypatch.setattr(stuck.analyse, "analyse", spin)
    monkeypatch.setattr(pipeline, "limits", LimitSettings(analyser_seconds=2.0))
    (tmp_path / "stall.txt").write_text(VALID.replace("Monday", "Friday"), encoding="utf-8")
    report, ids = run(tmp_path, pipeline, [str(tmp_path / "stall.txt")])
    assert set(ids) == {"stall", "valid"}
    with open_store(str(tmp_path / "s.db")) as store:
        stored = store.document("stall")
    assert stored is not None and stored.meta["partial"] == [stuck.name]
    assert any("stopped after" in w for w in stored.meta["warnings"])
    with open_store(str(tmp_path / "s.db")) as store:
        export = build_export(store)
    jsonschema.validate(export, export_schema())
    marked = {d["id"]: d.get("partial") for d in export["documents"]}
    assert marked == {"stall": True, "valid": None}  # the field only where items are missing


def test_unwritable_store_is_one_store_error(tmp_path, pipeline):
    with open_store(str(tmp_path / "s.db")) as store:
        store.conn.execute("PRAGMA query_only = ON")  # type: ignore[attr-defined]
        with pytest.raises(StoreError, match="read-only"):
            store.save_document(Document(id="x", text="Some text."), [], {})


def test_another_applications_database_is_not_touched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a rashomon store"):
        open_store(str(path))
    tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("notes",)]


def test_same_name_from_another_folder_is_not_replaced(tmp_path, pipeline):
    for folder, town in (("a", "Pellmouth"), ("b", "Arnholt")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(VALID.replace("Pellmouth", town))
    with open_store(str(tmp_path / "s.db")) as store:
        analyze([str(tmp_path / "a")], store, pipeline=pipeline)
        second = analyze([str(tmp_path / "b")], store, pipeline=pipeline)
        again = analyze([str(tmp_path / "b")], store, pipeline=pipeline)
        texts = {doc.id: doc.text for doc in store.documents()}
    assert sorted(texts) == ["report", "report-2"]
    assert "Pellmouth" in texts["report"] and "Arnholt" in texts["report-2"]
    assert any("already used by" in w for w in second.warnings)
    assert again.skipped == ["report-2"] and again.analysed == []


def test_stdin_documents_get_ids_from_their_text(tmp_path, pipeline):
    with open_store(str(tmp_path / "s.db")) as store:
        for town in ("Pellmouth", "Arnholt", "Pellmouth"):
            stream = io.BytesIO(VALID.replace("Pellmouth", town).encode())
            analyze(["-"], store, pipeline=pipeline, stdin=stream)
        ids = [doc.id for doc in store.documents()]
    assert len(ids) == 2 and all(i.startswith("stdin-") for i in ids)


def test_metadata_change_applies_without_reanalysis(tmp_path, pipeline):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(VALID, encoding="utf-8")
    with open_store(str(tmp_path / "s.db")) as store:
        analyze([str(tmp_path / "in")], store, pipeline=pipeline, outlet="Coast Herald")
        report = analyze([str(tmp_path / "in")], store, pipeline=pipeline, outlet="Bay Times")
        doc = store.document("a")
    assert report.analysed == [] and report.linked
    assert doc is not None and doc.outlet == "Bay Times"


def test_invalid_date_flag_is_an_error_before_any_work(tmp_path):
    from typer.testing import CliRunner

    from rashomon.cli import app

    result = CliRunner().invoke(
        app, ["analyze", str(tmp_path), "--db", str(tmp_path / "s.db"), "--date", "2016-13-45"]
    )
    assert result.exit_code != 0
    assert not (tmp_path / "s.db").exists()


def test_time_limit_never_breaks_an_import(tmp_path, monkeypatch):
    """An analyser stopped while importing (a first model load) must not leave a half-imported
    module behind: every later import of it would fail, and with it every later document."""
    import sys
    import types

    from rashomon.limits import _TimeLimited

    (tmp_path / "slow_module_for_limit_test.py").write_text(
        "import time\ntime.sleep(0.6)\nREADY = True\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))

    def analyse(ctx: Any) -> list:
        import slow_module_for_limit_test  # noqa: F401

        while True:  # then stalls: stopped once the import is done
            pass

    limited = _TimeLimited(analyse, "slow")
    limited.limit = 0.1
    ctx = types.SimpleNamespace(doc=Document(id="d", text="x"))
    assert limited(ctx) == []  # type: ignore[arg-type]
    assert sys.modules["slow_module_for_limit_test"].READY is True
    assert ctx.doc.meta["partial"] == ["slow"]
    sys.modules.pop("slow_module_for_limit_test")


def test_limits_come_from_the_configuration(tmp_path):
    """``--set pipeline.analyser_seconds=...`` (and the other bounds) reach the guards; no
    module-level state is changed, so other pipelines keep their own."""
    from rashomon import config as configuration
    from rashomon.pipeline import Pipeline

    config = configuration.load(
        None,
        [
            "pipeline.analyser_seconds=5",
            "pipeline.max_chars=500",
            "pipeline.max_sentence_tokens=40",
            "pipeline.part_chars=1000",
        ],
    )
    configured = Pipeline(config=config)
    assert configured.limits == LimitSettings(1000, 500, 40, 5.0)
    assert Pipeline().limits == limits.LIMITS
    list(configured.analyse_many([Document(id="d", text=VALID)]))
    assert {a.analyse.limit for a in configured.analysers} == {5.0}  # type: ignore[attr-defined]
    assert configured.nlp.get_pipe(limits.SENTENCE_CAP).max_tokens == 40
    (tmp_path / "long.txt").write_text("Word " * 200, encoding="utf-8")
    with open_store(str(tmp_path / "s.db")) as store:
        report = analyze([str(tmp_path / "long.txt")], store, pipeline=configured)
    assert any("over the limit of 500" in p for p in report.problems)


def test_serving_a_deleted_store_answers_503_and_creates_nothing(tmp_path):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from rashomon.web.app import create_app

    db = tmp_path / "s.db"
    with open_store(str(db)) as store:
        store.save_document(Document(id="a", text="The port reopened on Monday."), [], {})
    client = TestClient(create_app(str(db), index=False), base_url="http://localhost")
    assert client.get("/api/documents").status_code == 200
    for path in tmp_path.iterdir():
        path.unlink()
    for route in ("/api/export", "/api/documents", "/"):
        answer = client.get(route)
        assert answer.status_code == 503 and "cannot be read" in answer.json()["detail"]
    assert list(tmp_path.iterdir()) == []  # no new empty store


def test_failing_analyser_costs_its_items_not_the_run(tmp_path, pipeline, monkeypatch):
    from rashomon.limits import guard_analysers

    guard_analysers(pipeline, pipeline.limits.analyser_seconds)
    broken = pipeline.analysers[-1]
    inner = broken.analyse.analyse

    def fail(ctx: Any) -> list:
        if ctx.doc.id == "broken":
            raise KeyError("a missing language-data key")
        return inner(ctx)

    monkeypatch.setattr(broken.analyse, "analyse", fail)
    (tmp_path / "broken.txt").write_text(VALID.replace("Monday", "Sunday"), encoding="utf-8")
    report, ids = run(tmp_path, pipeline, [str(tmp_path / "broken.txt")])
    assert set(ids) == {"broken", "valid"}
    with open_store(str(tmp_path / "s.db")) as store:
        stored = store.document("broken")
        assert list(store.items("sentences", doc="broken"))  # the other analysers' items
    assert stored is not None and stored.meta["partial"] == [broken.name]
    assert any(f"analyser {broken.name} failed (KeyError" in w for w in report.warnings)
    with pytest.raises(KeyError):  # outside analyze() the pipeline raises as before
        list(pipeline.analyse_many([Document(id="broken", text=VALID)]))


def test_history_of_runs_does_not_change_duplicates_or_warnings(tmp_path, pipeline):
    """Namesakes and copies analysed run by run, then all again with --force: same documents."""
    other = VALID.replace("Pellmouth", "Arnholt")
    for folder, name, text in (
        ("a", "report", VALID),
        ("b", "report", other),
        ("c", "copy", VALID),
    ):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / f"{name}.txt").write_text(text, encoding="utf-8")
    inputs = [str(tmp_path / f) for f in ("a", "b", "c")]
    with open_store(str(tmp_path / "s.db")) as store:
        for path in inputs:
            analyze([path], store, pipeline=pipeline)
        before = build_export(store)["documents"]
        analyze(inputs, store, pipeline=pipeline, force=True)
        after = build_export(store)["documents"]
    assert [d["id"] for d in before] == ["copy", "report", "report-2"]
    assert before[0]["duplicates"] == [{"other": "report", "kind": "exact", "similarity": 1.0}]
    assert after == before


def test_new_date_resolves_the_stored_relative_dates(tmp_path, pipeline):
    """A date given later is analysis input, not only metadata: 'on Monday' gets its value."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(VALID, encoding="utf-8")
    with open_store(str(tmp_path / "s.db")) as store:
        analyze([str(tmp_path / "in")], store, pipeline=pipeline)
        before = [i.fields.get("value") for i in store.items("times", "a")]
        report = analyze([str(tmp_path / "in")], store, pipeline=pipeline, date="2016-09-21")
        after = [i.fields.get("value") for i in store.items("times", "a")]
    assert report.analysed == ["a"]
    assert before == [None] and after == ["2016-09-19"]
