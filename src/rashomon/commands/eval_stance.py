"""``rashomon eval stance FILE`` and ``rashomon eval labels FILE``: stances against BASIL's
per-article author feelings, labels against its lexical-bias spans."""

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
    features: str | None = typer.Option(
        None, "--features", help="CV model's features, comma list; '+a,b' adds to the shipped"
    ),
    c: float | None = typer.Option(None, "--c", help="CV model's inverse L2 strength"),
) -> None:
    """Print sign accuracy, 3-way accuracy and Spearman of stances, constant baselines beside."""
    from rashomon.eval.stance import evaluate_stance, load_basil
    from rashomon.eval.stance_cv import ModelSpec

    try:
        spec = ModelSpec.parse(features, c)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error
    records = load_basil(gold)
    with _store_for(gold, db) as store:
        runs = {"stored stances": evaluate_stance(store, records)}
        spread: dict[str, dict[str, list[float]]] = {}
        if cv > 1 or fit is not None:
            from rashomon.eval.stance_cv import (
                article_cues_on_all,
                cross_validated_scores,
                fit_and_save,
                per_fold,
            )
        if cv > 1:
            scores, alone, fold_of, chosen = cross_validated_scores(store, records, cv, spec)
            on_all = article_cues_on_all(store, records)
            typer.echo(
                f"min_article_cues chosen per fold (on the other folds) {chosen}, on all {on_all}"
            )
            runs[f"model + cues, {cv}-fold CV by triplet"] = evaluate_stance(store, records, scores)
            runs[f"model alone, {cv}-fold CV by triplet"] = evaluate_stance(store, records, alone)
            spread = {
                n: per_fold(store, records, s, fold_of)
                for n, s in (("model + cues", scores), ("model alone", alone))
            }
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
    for title, folds in spread.items():
        typer.echo(f"{title}, 3-way accuracy per held-out fold (covered pairs):")
        for name, values in folds.items():
            typer.echo(_fold_row(name, values))


def _fold_row(name: str, values: list[float]) -> str:
    import statistics

    listed = " ".join(f"{v:.3f}" for v in values)
    mean, sd = statistics.fmean(values), statistics.pstdev(values)
    return f"  {name:18s} {listed}  mean {mean:.3f} ±{sd:.3f}"


def _pr_row(name: str, figures: dict[str, dict[str, Any]]) -> str:
    parts = [
        f"{figure} P {s['precision']:.3f} R {s['recall']:.3f}" for figure, s in figures.items()
    ]
    return f"  {name:24s} " + " | ".join(parts)


def _cv_row(name: str, figures: dict[str, dict[str, Any]]) -> str:
    parts = [
        f"{figure} P {s['precision']['mean']:.3f}±{s['precision']['sd']:.3f}"
        f" R {s['recall']['mean']:.3f}±{s['recall']['sd']:.3f}"
        for figure, s in figures.items()
    ]
    return f"  {name:24s} " + " | ".join(parts)


@eval_app.command("labels")
def eval_labels(
    gold: Path = typer.Argument(..., help="BASIL JSONL (lexical-bias spans with targets)"),
    cv: int = typer.Option(5, "--cv", help="folds (by triplet) for the learned lexicon"),
    min_rate: float = typer.Option(0.1, "--min-rate", help="share of uses inside spans"),
    write: Path | None = typer.Option(
        None, "--write", help="also learn from all of FILE and write the lexicon here (YAML)"
    ),
    ptc: Path | None = typer.Option(
        None, "--ptc", help="PTC train folder: recount its loaded-word rates (default: shipped)"
    ),
    fit_model: Path | None = typer.Option(
        None, "--fit-model", help="also fit the token model on all of FILE, write it here"
    ),
) -> None:
    """Print label precision/recall (span, target, outlet voice) beside baseline lexicons."""
    from rashomon.analysers.label_lexicon import LEXICON_FILE
    from rashomon.analysers.label_model import load_token_model
    from rashomon.eval import labels as ev
    from rashomon.eval import labels_learn as lv
    from rashomon.eval import labels_model as lm
    from rashomon.lang import table

    parsed = ev.parse(ev.load_records(gold))
    base = table(LEXICON_FILE)
    model = load_token_model()
    _label_rows(parsed, base, model)
    settings = lv.LearnSettings(min_rate=min_rate)
    rates = lm.ptc_stats(ptc) if ptc is not None else (model.ptc if model else None)
    threshold = model.threshold if model else lm.THRESHOLD
    evaluative = model.evaluative if model else None  # word-vector bins, if read
    if evaluative and fit_model is not None and ptc is not None and rates:
        evaluative = lm.refit_evaluative(rates, fit_model.parent) or evaluative
    if cv > 1 and rates:
        around = lm.around(threshold)
        runs = lm.cross_validate(parsed, base, rates, cv, around, settings, evaluative)
        typer.echo(
            f"{cv}-fold CV by triplet (held-out folds, mean±sd): words learned and token model "
            "fitted on the other folds"
        )
        for name, figures in runs.items():
            typer.echo(_cv_row(name, figures))
    if write is not None:
        learned = lv.learn(parsed, settings)
        lv.write_learned(learned, write, gold.name, len(parsed), settings)
        typer.echo(f"{len(learned)} loaded words learned from all {len(parsed)} articles: {write}")
    if fit_model is not None and rates:
        fitted = lm.fit(parsed, rates, threshold, evaluative=evaluative)
        lm.write_model(fitted, fit_model, gold.name, len(parsed))
        typer.echo(f"token model ({len(fitted.weights)} weights) fitted on all: {fit_model}")


def _label_rows(parsed: list[Any], base: dict[str, Any], model: Any) -> None:
    """Print the shipped labels' figures and the baseline lexicons' on all of ``parsed``."""
    from rashomon.analysers.label_lexicon import lexicon_from, load_lexicon
    from rashomon.eval import labels as ev
    from rashomon.eval import labels_model as lm

    gold_n = sum(len(p.lexical()) for p in parsed)
    typer.echo(f"{len(parsed)} articles, {gold_n} lexical-bias spans; all {len(parsed)}:")
    if model is not None:
        shipped = lm.run_model(parsed, load_lexicon(), model)
        typer.echo(_pr_row("shipped: + token model", ev.score(parsed, shipped)))
    lexicons = {"hand + learned words": load_lexicon(), "hand": lexicon_from(base)}
    lexicons["war vocabulary"] = lexicon_from(ev.war_lexicon(base))
    sentiment = ev.sentiment_lexicon(base)
    if sentiment is not None:
        lexicons[f"VADER |v|>={ev.VADER_MIN}"] = lexicon_from(sentiment)
    for name, lexicon in lexicons.items():
        typer.echo(_pr_row(name, ev.score(parsed, ev.run_lexicon(parsed, lexicon))))
