"""``rashomon quotes train``: fit the attribution model on PolNeAR-style JSONL."""

from __future__ import annotations

from pathlib import Path

import typer

quotes_app = typer.Typer(
    help="The learned attribution model of the quotes analyser.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add the ``quotes`` group to the CLI."""
    app.add_typer(quotes_app, name="quotes")


def _default_out() -> Path:
    return Path(__file__).resolve().parents[1] / "quotes" / "model" / "attribution.json.gz"


@quotes_app.command("train")
def train(
    data: Path = typer.Argument(..., help="PolNeAR JSONL (id, text, quotes with cue spans)"),
    out: Path = typer.Option(None, "--out", help="model file (default: the packaged one)"),
    seed: int = typer.Option(13, "--seed", help="seed of the held-out split and the fit"),
    limit: int | None = typer.Option(None, "--limit", help="only the first N articles"),
) -> None:
    """Parse the articles, fit the model, choose its threshold on a held-out fifth, save it."""
    from rashomon.eval.attribution import load_jsonl
    from rashomon.pipeline import load_spacy
    from rashomon.quotes.training import save
    from rashomon.quotes.training import train as fit

    records = load_jsonl(data)[:limit] if limit else load_jsonl(data)
    nlp = load_spacy()
    docs = nlp.pipe((r["text"] for r in records), batch_size=16)
    data_fields = fit(list(zip(docs, records, strict=True)), seed=seed, log=typer.echo)
    path = out or _default_out()
    save(data_fields, path)
    typer.echo(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB)")
