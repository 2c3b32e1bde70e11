"""analyze(): skip unchanged, --force, problems reported, duplicates linked, linkers run."""

from __future__ import annotations

import json
import shutil

from rashomon.analyze import analyze
from rashomon.store import open_store

ARTICLE = (
    "Bridge talks stall in Corvenna\n\n"
    "Envoy Tomas Reyner said on Tuesday that the talks in Corvenna had stalled again.\n"
    "Both delegations blamed each other for the delay, and no new date was set for a meeting."
)


def _write(folder, name, text):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_rerun_skips_unchanged_and_force_redoes(tmp_path, pipeline):
    _write(tmp_path / "in", "a.txt", ARTICLE)
    with open_store(str(tmp_path / "s.db")) as store:
        first = analyze([str(tmp_path / "in")], store, pipeline=pipeline)
        assert first.analysed == ["a"] and first.linked
        again = analyze([str(tmp_path / "in")], store, pipeline=pipeline)
        assert again.analysed == [] and again.skipped == ["a"] and not again.linked
        forced = analyze([str(tmp_path / "in")], store, pipeline=pipeline, force=True)
        assert forced.analysed == ["a"]


def test_changed_text_is_redone(tmp_path, pipeline):
    _write(tmp_path / "in", "a.txt", ARTICLE)
    with open_store(str(tmp_path / "s.db")) as store:
        analyze([str(tmp_path / "in")], store, pipeline=pipeline)
        _write(tmp_path / "in", "a.txt", ARTICLE + "\nA late paragraph was added.")
        report = analyze([str(tmp_path / "in")], store, pipeline=pipeline)
        assert report.analysed == ["a"]
        assert "late paragraph" in store.document("a").text


def test_problems_do_not_stop_the_run_or_touch_the_store(tmp_path, pipeline):
    _write(tmp_path / "in", "a.txt", ARTICLE)
    with open_store(str(tmp_path / "s.db")) as store:
        analyze([str(tmp_path / "in")], store, pipeline=pipeline)
        before = store.kinds()
        _write(tmp_path / "in", "empty.txt", "")
        (tmp_path / "in" / "blob.txt").write_bytes(b"\x00\x01\x02" * 50)
        report = analyze(
            [str(tmp_path / "in"), str(tmp_path / "missing.txt")], store, pipeline=pipeline
        )
        assert report.skipped == ["a"] and report.ok
        assert len(report.problems) == 3
        assert any("empty" in p for p in report.problems)
        assert any("missing.txt" in p for p in report.problems)
        assert store.kinds() == before


def test_nothing_readable_is_not_ok(tmp_path, pipeline):
    _write(tmp_path / "in", "empty.txt", "   \n")
    with open_store(str(tmp_path / "s.db")) as store:
        report = analyze([str(tmp_path / "in")], store, pipeline=pipeline)
    assert not report.ok and report.problems


def test_duplicates_are_linked_not_dropped(tmp_path, pipeline):
    _write(tmp_path / "in", "a.txt", ARTICLE)
    _write(tmp_path / "in", "b.txt", ARTICLE)
    _write(
        tmp_path / "in", "c.txt", ARTICLE.replace("Tuesday", "Wednesday") + "\nMore talks follow."
    )
    with open_store(str(tmp_path / "s.db")) as store:
        report = analyze([str(tmp_path / "in")], store, pipeline=pipeline)
        assert report.analysed == ["a", "b", "c"]
        links = {(d.doc, d.other, d.kind) for d in store.duplicates()}
    assert ("b", "a", "exact") in links
    assert any(doc == "c" and kind == "near" for doc, _, kind in links)


def test_jobs_give_the_same_items(tmp_path, pipeline, corpus_dir):
    shutil.copytree(corpus_dir, tmp_path / "corpus")
    with open_store(str(tmp_path / "one.db")) as one, open_store(str(tmp_path / "two.db")) as two:
        analyze([str(tmp_path / "corpus")], one, pipeline=pipeline)
        analyze([str(tmp_path / "corpus")], two, jobs=2)
        assert sorted(i.id for i in one.items()) == sorted(i.id for i in two.items())
        assert [d.id for d in one.documents()] == [d.id for d in two.documents()]
        # With --jobs the workers encode the story-linking vectors: the same links and caches.
        assert sorted(_rows(one.linked())) == sorted(_rows(two.linked()))
        for key in ("stories.doc_vectors", "stories.event_vectors"):
            assert one.get_meta(key) and one.get_meta(key) == two.get_meta(key)


def _rows(items):
    return [
        (i.kind, i.doc, i.start, i.end, i.id, json.dumps(i.fields, sort_keys=True)) for i in items
    ]


def test_progress_shows_total_stage_and_eta(tmp_path, pipeline):
    """The bar counts documents of those found, names the stage (ingest, analyse, link) and
    gives an ETA; ``analyze`` reports the link stage."""
    import io

    from rich.console import Console
    from rich.progress import Progress

    from rashomon.commands.analyze import _progress, _progress_note

    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder, "a.txt", "Harbour talks resume\n\nNegotiators met on Tuesday, officials said.")
    _write(
        folder, "b.txt", "Ferry service restored\n\nBoats sailed again on Friday, the port said."
    )
    columns = _progress(quiet=False).columns
    bar = Progress(*columns, console=Console(file=io.StringIO(), force_terminal=True, width=120))
    task = bar.add_task("ingest", total=2)
    stages: list[str] = []
    note = _progress_note(bar, task)

    def watch(event: str, detail: str) -> None:
        note(event, detail)
        stages.append(bar.tasks[0].description)

    with open_store(str(tmp_path / "s.db")) as store:
        analyze([str(folder)], store, pipeline=pipeline, progress=watch)
    assert stages == ["models", "analyse", "analyse", "link"]  # models: loading, first document
    assert bar.tasks[0].completed == 2 and bar.tasks[0].total == 2
    line = bar.get_renderable()
    text = io.StringIO()
    Console(file=text, width=120).print(line)
    assert "2/2" in text.getvalue() and "link" in text.getvalue() and "eta" in text.getvalue()


def test_duplicates_and_repeated_warnings_are_summarised(capsys):
    """300 copies print a few lines and a count, not one line each."""
    from rashomon.analyze import AnalyzeReport
    from rashomon.commands.analyze import SHOWN_DUPLICATES, _summarise
    from rashomon.store.base import Duplicate

    report = AnalyzeReport(analysed=[f"copy-{i}" for i in range(300)])
    report.duplicates = [Duplicate(f"copy-{i}", "copy-0", "exact", 1.0) for i in range(1, 300)]
    report.warnings = [f"copy-{i}: no outlet found in the text" for i in range(300)]
    _summarise(report, "s.db", quiet=False)
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == SHOWN_DUPLICATES + 2  # the first few, a count, the total
    assert "and 294 more documents with duplicates" in out
    assert len(err.splitlines()) == 1 and "and 295 more: no outlet found" in err
    assert "300 documents, copy-0, copy-1" in err


def test_documents_are_parsed_in_groups_bounded_by_characters():
    from rashomon.analyze import _by_chars
    from rashomon.document import Document

    docs = [Document(id=str(i), text="x" * n) for i, n in enumerate([30, 30, 50, 200, 10, 10])]
    groups = [[d.id for d in g] for g in _by_chars(docs, 100)]
    assert groups == [["0", "1"], ["2"], ["3"], ["4", "5"]]  # a longer one alone
    assert [d.id for g in _by_chars(docs, 100) for d in g] == [d.id for d in docs]
