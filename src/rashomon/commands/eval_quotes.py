"""``rashomon eval quotes GOLD``: quote spans, speakers and scare quotes against gold annotations."""

from __future__ import annotations

from pathlib import Path

import typer

from rashomon.commands.evaluate import CORPUS_OPTION, DB_OPTION, eval_app, export_for_eval


def register(app: typer.Typer) -> None:
    """Nothing to add at top level; the subcommand is attached to ``eval_app`` on import."""


@eval_app.command("quotes")
def eval_quotes(
    gold: Path = typer.Argument(
        ..., help="gold quotes JSONL (doc, start, end, text, kind, speaker)"
    ),
    db: str = DB_OPTION,
    corpus: str | None = CORPUS_OPTION,
    errors: bool = typer.Option(False, "--errors", help="also list the speaker errors"),
) -> None:
    """Print quote-span P/R/F1, speaker accuracy and the scare quotes reported as speech."""
    from rashomon.eval.quotes import evaluate_quotes, load_gold

    records = load_gold(gold)
    s = evaluate_quotes(export_for_eval(db, corpus, records), records)
    typer.echo(
        f"quotes    P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  (gold {s['gold']}, predicted {s['predicted']})"
    )
    for kind in ("direct", "indirect"):
        k = s[kind]
        typer.echo(
            f"{kind:9s} P {k['precision']:.3f}  R {k['recall']:.3f}  F1 {k['f1']:.3f}  (gold {k['gold']}, predicted {k['predicted']})"
        )
    typer.echo(
        f"speaker accuracy {s['speaker_accuracy']:.3f} over {s['speakers_scored']} matched quotes"
    )
    typer.echo(
        f"scare quotes reported as speech: {s['scare_as_speech']} of {s['scare_gold']} (found as scare quotes: {s['scare_recall']:.3f})"
    )
    if errors:
        for e in s["speaker_errors"]:
            g = e["gold"]
            typer.echo(
                f"  {g['doc']} {g['text'][:60]!r}: gold {g['speaker']!r}, predicted {e['predicted']!r}"
            )
