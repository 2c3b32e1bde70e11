"""``rashomon report``: the self-contained HTML report."""

from __future__ import annotations

import typer

from rashomon.commands.export import open_existing
from rashomon.console import console
from rashomon.export import build_export
from rashomon.report import write_report


def register(app: typer.Typer) -> None:
    """Add the ``report`` command."""
    app.command("report")(report_command)


def report_command(
    db: str = typer.Option("rashomon.db", "--db", help="The store to read."),
    out: str = typer.Option("report.html", "--output", "-o", help="The HTML file to write."),
) -> None:
    """Write one HTML page (no external resources) with every value linked to its evidence."""
    with open_existing(db) as store:
        path = write_report(build_export(store), out)
    console.print(f"report: {path}", highlight=False)
