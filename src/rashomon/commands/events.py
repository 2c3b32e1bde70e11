"""``rashomon events train``: fit the learned event-trigger detector on ECB+ and TimeML."""

from __future__ import annotations

from pathlib import Path

import typer

events_app = typer.Typer(help="The event-trigger detector.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the ``events`` command group."""
    app.add_typer(events_app, name="events")


@events_app.command("train")
def train_command(
    ecb: Path = typer.Argument(..., help="ECB+ JSONL (id, topic, split, text, mentions)"),
    timeml: Path | None = typer.Option(None, "--timeml", help="TimeML JSONL with EVENT triggers"),
    split: str = typer.Option("train", "--split", help="ECB+ split to train on: train or all"),
    out: Path | None = typer.Option(None, "--out", help="model file (default: the shipped one)"),
) -> None:
    """Cross-validate the threshold over ECB+ topics, fit on all, write the model (seeded)."""
    from rashomon.events.learned import MODEL_PATH
    from rashomon.events.train import train_triggers

    model = train_triggers(ecb, timeml, split, lambda line: typer.echo(line, err=True))
    scores = model.meta["cv_f1"]
    assert isinstance(scores, dict)
    for threshold, f1 in scores.items():
        typer.echo(f"threshold {threshold}: cross-validated token F1 {f1:.3f}")
    target = out or MODEL_PATH
    model.save(target)
    typer.echo(f"threshold {model.threshold}; {len(model.weights)} weights -> {target}")
