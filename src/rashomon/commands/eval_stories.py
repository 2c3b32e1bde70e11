"""``rashomon eval stories|contradictions GOLD``: stories as event coreference; contradictions P/R."""

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
    from rashomon.commands.export import open_existing
    from rashomon.eval.stories import evaluate_stories, load_gold

    with open_existing(db) as store:
        scores = evaluate_stories(store, load_gold(gold))
    for name in ("muc", "b3", "ceaf_e", "conll"):
        typer.echo(f"{name:7s} F1 {scores[name]:.4f}")
    typer.echo(
        f"gold mentions {scores['gold_mentions']}, matched to system events {scores['matched']}"
    )


@eval_app.command("contradictions")
def eval_contradictions(
    gold: Path = typer.Argument(..., help="gold contradictions JSONL (type, kind, docs, evidence)"),
    db: str = typer.Option("rashomon.db", "--db", help="an analysed store"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="list false positives and misses"),
) -> None:
    """Print precision/recall of contradictions and agreements against the gold list."""
    from rashomon.commands.export import open_existing
    from rashomon.eval.contradictions import evaluate_contradictions
    from rashomon.eval.stories import load_gold

    with open_existing(db) as store:
        scores = evaluate_contradictions(store, load_gold(gold))
    for name, row in [("all", scores), *scores["per_kind"].items()]:
        typer.echo(
            f"{name:24s} P {row['precision']:.3f}  R {row['recall']:.3f}  F1 {row['f1']:.3f}"
            f"  ({row['hits']} of {row['system']} found, {row['gold']} expected)"
        )
    if verbose:
        for item in scores["false_positives"]:
            spans = " | ".join(f"{s['doc']}: {s['text'][:60]!r}" for s in item["items"])
            typer.echo(f"FP   {item['type']}/{item['kind']}: {spans}")
        for line in scores["missed"]:
            typer.echo(f"MISS {line['type']}/{line['kind']}: {' / '.join(line['docs'])}")


@eval_app.command("ecb")
def eval_ecb(
    data: Path = typer.Argument(..., help="ECB+ JSONL (id, topic, split, text, mentions)"),
    split: str = typer.Option("dev", "--split", help="train, dev or all"),
    learned: bool = typer.Option(
        True, "--learned/--no-learned", help="events.learned_triggers (the learned detector)"
    ),
    link_learned: bool = typer.Option(
        False, "--link-learned", help="events.link_learned: its generic events join stories"
    ),
    trigger_model: str | None = typer.Option(None, "--trigger-model", help="its model file"),
    db: str = typer.Option(
        "", "--db", help="keep the analysed store here (reused on the next run); default: temporary"
    ),
) -> None:
    """Event trigger P/R/F1 and cross-document coreference (MUC, B3, CEAF-e, CoNLL F1) of the
    exported events and stories on ECB+, beside singleton and lemma baselines."""
    import tempfile

    from rashomon.eval.ecb import analyse_ecb, load_ecb, score_ecb
    from rashomon.store import open_store

    docs = load_ecb(data, split)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(db or str(Path(tmp) / "ecb.db"))
        try:
            options = {
                "events": {
                    "learned_triggers": learned,
                    "link_learned": link_learned,
                    "trigger_model": trigger_model,
                }
            }
            analyse_ecb(docs, store, note=lambda line: typer.echo(line, err=True), options=options)
            scores = score_ecb(store, docs)
        finally:
            store.close()
    t = scores["triggers"]
    typer.echo(
        f"{scores['documents']} documents; event triggers P {t['precision']:.3f}  "
        f"R {t['recall']:.3f}  F1 {t['f1']:.3f}  ({t['hits']} of {t['predicted']} predicted, "
        f"{t['gold']} gold)"
    )
    typer.echo(f"{'CoNLL F1':24s} {'end to end':>30s}   {'on gold mentions':>30s}")
    for name, (e2e, gold) in scores["conll"].items():
        cells = [
            f"{r['muc']:.3f} {r['b3']:.3f} {r['ceaf_e']:.3f} {r['conll']:.3f}" for r in (e2e, gold)
        ]
        typer.echo(f"{name:24s} {cells[0]:>30s}   {cells[1]:>30s}")
    typer.echo(f"(columns: MUC B3 CEAF-e CoNLL; TF-IDF document groups: {scores['doc_groups']})")


@eval_app.command("timeml-triggers")
def eval_timeml_triggers(
    data: Path = typer.Argument(..., help="TimeML JSONL (id, text, events with start)"),
    learned: bool = typer.Option(True, "--learned/--no-learned", help="score the learned detector"),
    limit: int = typer.Option(0, "--limit", help="first N documents only (0: all)"),
) -> None:
    """Event trigger P/R/F1 on TimeML EVENTs: the lexicon with and without the figurative
    filter, with the learned detector, and every verb as the baseline, in one run."""
    import json

    from rashomon.eval.events import score_timeml_triggers
    from rashomon.events.learned import load_trigger_model
    from rashomon.pipeline import load_spacy

    lines = [line for line in data.read_text("utf-8").splitlines() if line.strip()]
    rows = [json.loads(line) for line in lines[: limit or None]]
    model = load_trigger_model() if learned else None
    scores = score_timeml_triggers(rows, load_spacy(), model)
    gold = scores.pop("gold")
    for name, row in scores.items():
        typer.echo(
            f"{name:30s} P {row['precision']:.3f}  R {row['recall']:.3f}  F1 {row['f1']:.3f}"
            f"  ({row['hits']:.0f} of {row['predicted']:.0f} predicted)"
        )
    typer.echo(
        f"{gold['documents']:.0f} documents, {gold['events']:.0f} gold EVENTs (the learned "
        "detector was trained on these TimeML files: read its row as a fit, not held out)"
    )


@eval_app.command("doclink")
def eval_doclink(
    data: Path = typer.Argument(
        ..., help="triplets JSONL (id, triplet, outlet, date, title, text)"
    ),
    db: str = typer.Option(
        "", "--db", help="keep the analysed store here (reused on the next run); default: temporary"
    ),
) -> None:
    """Pairwise same-story document linking P/R/F1 of the stories, beside TF-IDF cosine at a
    fixed threshold and at its best threshold on the same file."""
    import tempfile

    from rashomon.eval.doclink import FIXED_COSINE, analyse_articles, load_triplets, score_doclink
    from rashomon.store import open_store

    articles = load_triplets(data)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(db or str(Path(tmp) / "doclink.db"))
        try:
            analyse_articles(articles, store, note=lambda line: typer.echo(line, err=True))
            scores = score_doclink(store, articles)
        finally:
            store.close()
    rows = [
        ("coverage (document stories)", scores["system"]),
        ("event stories only", scores["event_stories"]),
        (f"TF-IDF cosine >= {FIXED_COSINE}", scores["tfidf_fixed"]),
        (f"TF-IDF best (>= {scores['best_threshold']:.2f})", scores["tfidf_best"]),
    ]
    for name, row in rows:
        typer.echo(
            f"{name:28s} P {row['precision']:.3f}  R {row['recall']:.3f}  F1 {row['f1']:.3f}"
        )
    typer.echo(
        f"{scores['articles']} articles, {scores['groups']} coverage groups of 2+ articles, "
        f"{scores['stories']} event stories; {scores['in_no_story']} articles in no event story"
    )
