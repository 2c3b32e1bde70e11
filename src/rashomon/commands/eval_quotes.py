"""``rashomon eval quotes GOLD``: quote spans, speakers and scare quotes against gold annotations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


POLNEAR_HELP = "PolNeAR JSONL (id, text, quotes with kind, speaker, cue spans)"


@eval_app.command("quotes-real")
def eval_quotes_real(
    polnear: Path | None = typer.Option(None, "--polnear", help=POLNEAR_HELP),
    basil: Path | None = typer.Option(None, "--basil", help="BASIL JSONL (quoted phrases)"),
    limit: int | None = typer.Option(None, "--limit", help="only the first N articles"),
    peer: bool = typer.Option(True, "--peer/--no-peer", help="textacy's direct_quotations too"),
) -> None:
    """Quote P/R/F1 and speaker accuracy on real annotated news, textacy beside rashomon."""
    from rashomon.eval import attribution as a

    if polnear is None and basil is None:
        raise typer.BadParameter("give --polnear FILE and/or --basil FILE")
    systems = ("ours", "peer") if peer else ("ours",)
    if polnear is not None:
        articles = a.load_polnear(polnear, limit)
        a.run_articles(articles, peer=peer)
        typer.echo(
            f"PolNeAR {polnear} ({len(articles)} articles; match: overlap >= half the longer span)"
        )
        for system in systems:
            _print_polnear("rashomon" if system == "ours" else "textacy", a.score(articles, system))
    if basil is not None:
        articles = a.load_basil(basil, limit)
        a.run_articles(articles, peer=peer)
        typer.echo(f"BASIL {basil} ({len(articles)} articles; quoted phrases with a speaker)")
        for system in systems:
            scores = a.score_basil(articles, system)
            s = scores["named"]
            split = "  ".join(
                f"{k} {scores[k]['accuracy']:.3f} ({scores[k]['right']}/{scores[k]['found']})"
                for k in ("person", "group")
            )
            typer.echo(
                f"  {'rashomon' if system == 'ours' else 'textacy':9s} named speakers: found "
                f"{s['found']}/{s['gold']}, speaker accuracy {s['accuracy']:.3f}; {split}"
            )
            g = scores["group"]  # strict above; this one also takes the speaker's party/parent
            typer.echo(
                f"            lenient (a group or organisation value matched by the predicted"
                f" speaker's recorded group or parent): named {s['lenient']:.3f},"
                f" group {g['lenient']:.3f}"
                f" ({g['lenient_right']}/{g['found']})"
            )


def _print_polnear(label: str, s: dict[str, Any]) -> None:
    order = ("direct", "indirect", "mixed", "plain")
    rows = sorted(s["recall_by_kind"].items(), key=lambda kv: (order + (kv[0],)).index(kv[0]))
    recall = "  ".join(f"{k} {v[0]:.3f} (of {v[1]})" for k, v in rows)
    prec = "  ".join(
        f"{k} {v[0]:.3f} (of {v[1]})" for k, v in sorted(s["precision_by_kind"].items())
    )
    spk = "  ".join(f"{k} {v[0]:.3f} (of {v[1]})" for k, v in sorted(s["speakers"].items()))
    typer.echo(
        f"  {label:9s} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
        f"  (gold {s['gold']}, predicted {s['predicted']})"
    )
    typer.echo(f"            recall by kind: {recall}")
    typer.echo(f"            precision by kind: {prec}")
    typer.echo(f"            speaker accuracy: {spk}")


@eval_app.command("actors")
def eval_actors(
    basil: Path | None = typer.Option(None, "--basil", help="BASIL JSONL (main_entities)"),
    polnear: Path | None = typer.Option(None, "--polnear", help=POLNEAR_HELP),
    limit: int | None = typer.Option(None, "--limit", help="only the first N articles"),
) -> None:
    """Precision and recall of the actor linker's merges of people, beside exact-name matching."""
    from rashomon.eval import attribution as a
    from rashomon.eval.attribution_actors import evaluate_actors

    articles = []
    if basil is not None:
        articles += a.load_basil(basil, limit)
    if polnear is not None:
        articles += a.load_polnear(polnear, limit)
    if not articles:
        raise typer.BadParameter("give --basil FILE and/or --polnear FILE")
    scores = evaluate_actors(a.run_articles(articles, peer=False), articles)
    typer.echo(f"actors: merges of person mentions over {len(articles)} articles")
    for label, s in scores.items():
        typer.echo(
            f"  {label:10s} pairwise P {s['precision']:.4f}  R {s['recall']:.4f}  F1 {s['f1']:.4f}"
            f"  B3 P {s['b3_precision']:.4f}  R {s['b3_recall']:.4f}"
            f"  ({s['mentions']} mentions; actors with 2+ full names: {s['impure']})"
        )
        for names in s["impure_examples"][:5]:
            typer.echo(f"             e.g. {' | '.join(names[:6])}")
