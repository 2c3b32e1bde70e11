"""``rashomon eval KIND GOLD``: the evaluation group. Feature modules add subcommands to ``eval_app``."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import typer

from rashomon.eval.spans import check_gold

eval_app = typer.Typer(
    help="Score rashomon's output against gold annotations.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Attach the eval group (its subcommands are added by the modules that define them)."""
    app.add_typer(eval_app, name="eval")


# The store options every ``eval`` subcommand that scores an export takes.
DB_OPTION = typer.Option("rashomon.db", "--db", help="an analysed store (read only)")
CORPUS_OPTION = typer.Option(
    None, "--corpus", help="analyse this folder into a temporary store instead of using --db"
)


def export_for_eval(
    db: str, corpus: str | None = None, gold: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """The export to score: of ``corpus`` analysed into a temporary store, else of the store ``db``.

    A missing ``db`` is an error (evaluation never creates an empty store and scores zero).
    Gold records whose document is missing or whose text does not match their span are
    reported on stderr.
    """
    export = _export(db, corpus)
    texts = {d["id"]: d.get("text", "") for d in export["documents"]}
    for problem in check_gold(gold or [], texts):
        typer.echo(f"warning: gold {problem}", err=True)
    return export


def _export(db: str, corpus: str | None) -> dict[str, Any]:
    from rashomon.commands.export import open_existing
    from rashomon.export import build_export
    from rashomon.store import open_store

    if corpus is None:
        with open_existing(db) as store:
            return build_export(store)
    from rashomon.analyze import analyze

    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "eval.db")) as store:
        analyze([corpus], store)
        return build_export(store)
