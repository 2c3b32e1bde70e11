"""``rashomon info``: what the store holds."""

from __future__ import annotations

from collections import Counter

import typer
from rich.table import Table

from rashomon.commands.export import open_existing
from rashomon.console import console
from rashomon.linker_budget import stopped_linkers
from rashomon.store.migrations import SCHEMA_VERSION


def register(app: typer.Typer) -> None:
    """Add the ``info`` command."""
    app.command("info")(info_command)


def info_command(db: str = typer.Option("rashomon.db", "--db", help="The store to read.")) -> None:
    """Documents per outlet, items per kind, actors and duplicates in the store."""
    with open_existing(db) as store:
        outlets = Counter(d.outlet or "unknown" for d in store.documents())
        kinds = store.kinds()
        actors = len(store.actors())
        duplicates = store.duplicates()
        stopped = stopped_linkers(store)
    console.print(
        f"[bold]{db}[/bold] (schema v{SCHEMA_VERSION}): {sum(outlets.values())} documents, "
        f"{actors} actors, {len(duplicates)} duplicate links"
    )
    for linker in stopped:  # the last linking run is incomplete: say so first
        console.print(f"[yellow]partial[/yellow] {linker.warning()}", highlight=False)
    table = Table("outlet", "documents")
    for outlet, n in sorted(outlets.items()):
        table.add_row(outlet, str(n))
    console.print(table)
    table = Table("item kind", "count")
    for kind, n in kinds.items():
        table.add_row(kind, str(n))
    console.print(table)
