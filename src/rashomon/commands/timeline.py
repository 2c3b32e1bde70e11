"""``rashomon timeline``: dated events by outlet, as a table or JSON."""

from __future__ import annotations

import json

import typer
from rich.table import Table

from rashomon.commands.export import open_existing
from rashomon.console import console
from rashomon.events.timeline import timeline_rows
from rashomon.export import build_export


def register(app: typer.Typer) -> None:
    """Add the ``timeline`` command."""
    app.command("timeline")(timeline_command)


def timeline_command(
    db: str = typer.Option("rashomon.db", "--db", help="The store to read."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    everything: bool = typer.Option(
        False, "--all", help="Also the learned detector's generic events (linked: false)."
    ),
) -> None:
    """Every dated event: date, outlet, type, agent, patient, place and its words."""
    with open_existing(db) as store:
        rows = timeline_rows(build_export(store), unlinked=everything)
    if as_json:
        out = [
            {k: v for k, v in r.items() if k != "event"}
            | {"id": r["event"]["id"], "doc": r["event"]["doc"]}
            for r in rows
        ]
        print(json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True))
        return
    table = Table("date", "outlet", "type", "agent", "patient", "place", "evidence")
    for r in rows:
        table.add_row(
            r["date"],
            r["outlet"],
            f"{r['type']} ({r['modality']})",
            r["agent"] or "",
            r["patient"] or "",
            r["place"] or "",
            r["evidence"],
        )
    console.print(table)
