"""``rashomon eval stance FILE``: stances against BASIL's per-article author feelings."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from rashomon.commands.evaluate import eval_app
from rashomon.store.base import Store

DB_HELP = "a store where FILE is already analysed (default: analyse FILE into a temporary one)"


def register(app: typer.Typer) -> None:
    """Nothing to add at top level; the subcommands are attached to ``eval_app`` on import."""


@contextmanager
def _store_for(path: Path, db: str | None) -> Iterator[Store]:
    from rashomon.commands.export import open_existing

    if db is not None:
        with open_existing(db) as store:
            yield store
        return
    from rashomon.analyze import analyze
    from rashomon.store import open_store

    with tempfile.TemporaryDirectory() as tmp, open_store(str(Path(tmp) / "eval.db")) as store:
        analyze([str(path)], store)
        yield store


def _row(name: str, s: dict[str, Any]) -> str:
    return (
        f"  {name:18s} sign acc {s['sign_accuracy']:.3f} (of {s['non_neutral']})"
        f"  3-way acc {s['accuracy3']:.3f} (of {s['n']})  Spearman {s['spearman']:+.3f}"
    )


@eval_app.command("stance")
def eval_stance(
    gold: Path = typer.Argument(..., help="BASIL JSONL (feelings per article and entity)"),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    cv: int = typer.Option(5, "--cv", help="folds (by triplet) for the cross-validated model"),
    fit: Path | None = typer.Option(
        None, "--fit", help="also fit the stance model on all of FILE and write it here (YAML)"
    ),
) -> None:
    """Print sign accuracy, 3-way accuracy and Spearman of stances, constant baselines beside."""
    from rashomon.eval.stance import evaluate_stance, load_basil

    records = load_basil(gold)
    with _store_for(gold, db) as store:
        runs = {"stored stances": evaluate_stance(store, records)}
        if cv > 1 or fit is not None:
            from rashomon.eval.stance_cv import cross_validated_scores, fit_and_save
        if cv > 1:
            scores = cross_validated_scores(store, records, folds=cv)
            runs[f"model, {cv}-fold CV by triplet"] = evaluate_stance(store, records, scores)
        if fit is not None:
            fit_and_save(store, records, fit)
            typer.echo(f"model fitted on all {len(records)} articles written to {fit}")
    for title, result in runs.items():
        typer.echo(
            f"{title}: gold pairs {result['pairs']} {result['gold']}, matched to an actor "
            f"{result['matched']}, with a stance {result['covered']}"
        )
        for part in ("system_covered", "system_all"):
            typer.echo(" covered pairs" if part == "system_covered" else " all pairs")
            for name, row in result[part].items():
                typer.echo(_row(name, row))
