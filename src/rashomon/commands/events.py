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
    coref: bool = typer.Option(
        False, "--coref", help="train the pairwise event-coreference model instead"
    ),
    db: str = typer.Option(
        "ecb.db", "--db", help="--coref: the analysed ECB+ store (made or completed here)"
    ),
) -> None:
    """Cross-validate the threshold over ECB+ topics, fit on all, write the model (seeded)."""
    from rashomon.events.learned import MODEL_PATH

    if coref:
        _train_coref(ecb, db, split, out)
        return
    from rashomon.events.train import train_triggers

    model = train_triggers(ecb, timeml, split, lambda line: typer.echo(line, err=True))
    scores = model.meta["cv_f1"]
    assert isinstance(scores, dict)
    for threshold, f1 in scores.items():
        typer.echo(f"threshold {threshold}: cross-validated token F1 {f1:.3f}")
    target = out or MODEL_PATH
    model.save(target)
    typer.echo(f"threshold {model.threshold}; {len(model.weights)} weights -> {target}")


def _train_coref(ecb: Path, db: str, split: str, out: Path | None) -> None:
    """``--coref``: the pairwise event-coreference model, its threshold cross-validated."""
    from rashomon.events.coref import MODEL_PATH
    from rashomon.events.coref_train import train_coref

    model, cv = train_coref(ecb, db, split, lambda line: typer.echo(line, err=True))
    for threshold, value in cv["conll"].items():
        typer.echo(f"threshold {threshold}: cross-validated CoNLL F1 {value:.3f} (gold mentions)")
    typer.echo(f"same lemma in a TF-IDF group, same folds: CoNLL F1 {cv['baseline']:.3f}")
    target = out or MODEL_PATH
    target.write_text(model.to_json(), "utf-8")
    typer.echo(f"threshold {model.threshold} -> {target}")
