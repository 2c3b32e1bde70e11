"""``rashomon eval KIND GOLD``: the evaluation group. Feature modules add subcommands to ``eval_app``."""

from __future__ import annotations

import typer

eval_app = typer.Typer(
    help="Score rashomon's output against gold annotations.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Attach the eval group (its subcommands are added by the modules that define them)."""
    app.add_typer(eval_app, name="eval")
