"""``rashomon eval stories GOLD``: same-event linking scored as event coreference (CoNLL F1)."""

from __future__ import annotations

from pathlib import Path

import typer

from rashomon.commands.evaluate import eval_app


def register(app: typer.Typer) -> None:
    """Nothing to add at top level; the subcommand is attached to ``eval_app`` on import."""


@eval_app.command("stories")
def eval_stories(
    gold: Path = typer.Argument(..., help="gold stories JSONL (doc, trigger, occurrence, event)"),
    db: str = typer.Option("rashomon.db", "--db", help="an analysed store"),
) -> None:
    """Print MUC, B3, CEAF-e and CoNLL F1 of the stored stories against the gold events."""
    from rashomon.eval.stories import evaluate_stories, load_gold
    from rashomon.store import open_store

    with open_store(db) as store:
        scores = evaluate_stories(store, load_gold(gold))
    for name in ("muc", "b3", "ceaf_e", "conll"):
        typer.echo(f"{name:7s} F1 {scores[name]:.4f}")
    typer.echo(
        f"gold mentions {scores['gold_mentions']}, matched to system events {scores['matched']}"
    )
