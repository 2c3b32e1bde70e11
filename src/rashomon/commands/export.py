"""``rashomon export``: write the export contract as JSON, JSONL, CSV or Parquet."""

from __future__ import annotations

import typer

from rashomon.console import console
from rashomon.export import write_export
from rashomon.store import Store, open_store


def register(app: typer.Typer) -> None:
    """Add the ``export`` command."""
    app.command("export")(export_command)


def require_store(db: str) -> None:
    """Raise a clear StoreError unless ``db`` is an existing rashomon store (creates nothing)."""
    open_existing(db).close()


def open_existing(db: str) -> Store:
    """Open a store that must already exist (reading commands never create one)."""
    return open_store(db, create=False)


def export_command(
    db: str = typer.Option("rashomon.db", "--db", help="The store to read."),
    fmt: str = typer.Option("json", "--format", "-f", help="json | jsonl | csv | parquet"),
    out: str = typer.Option(
        "rashomon-export.json", "--output", "-o", help="File (json) or folder."
    ),
) -> None:
    """Export documents, actors and every item kind, each item with its exact span."""
    with open_existing(db) as store:
        written = write_export(store, fmt, out)
    console.print(f"wrote {len(written)} file(s): {out}", highlight=False)
