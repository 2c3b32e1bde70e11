"""``rashomon report``: the self-contained HTML report."""

from __future__ import annotations

from pathlib import Path

import typer

from rashomon.commands.export import open_existing
from rashomon.console import console
from rashomon.errors import RashomonError
from rashomon.export import build_export, check_output
from rashomon.report import write_report


def register(app: typer.Typer) -> None:
    """Add the ``report`` command."""
    app.command("report")(report_command)


def report_command(
    db: str = typer.Option("rashomon.db", "--db", help="The store to read."),
    out: str = typer.Option("report.html", "--output", "-o", help="The HTML file to write."),
) -> None:
    """Write one HTML page (no external resources) with every value linked to its evidence."""
    check_output(Path(out), folder=False, what="report")
    with open_existing(db) as store:
        export = build_export(store)
    try:
        path = write_report(export, out)
    except OSError as exc:
        raise RashomonError(f"{out}: cannot write: {exc.strerror or exc}") from exc
    console.print(f"report: {path}", highlight=False)
