"""Timeline: rows from dated events, the CLI and the report section."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from rashomon.cli import app
from rashomon.events.timeline import timeline_rows
from rashomon.report import ReportContext
from rashomon.report.sections import timeline


def test_rows_sorted_and_dated(corpus_export) -> None:
    rows = timeline_rows(corpus_export)
    assert rows and [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert any(r["date"] == "2019-04-09" and r["type"] == "ASSAULT" for r in rows)


def test_section_links_each_point(corpus_export) -> None:
    html = timeline.render(corpus_export, ReportContext(corpus_export))
    assert html.count("<circle") == len(timeline_rows(corpus_export))
    assert "<a href='#i-e-" in html and "<title>" in html


def test_cli_json(analysed_corpus) -> None:
    result = CliRunner().invoke(app, ["timeline", "--db", str(analysed_corpus), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["date"]
