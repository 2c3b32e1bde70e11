"""``rashomon demo``: analyse the bundled example corpus and write the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from rashomon.console import console
from rashomon.errors import RashomonError
from rashomon.events.timeline import is_generic
from rashomon.export import build_export
from rashomon.report import write_report
from rashomon.store import open_store


def register(app: typer.Typer) -> None:
    """Add the ``demo`` command."""
    app.command("demo")(demo_command)


def find_corpus() -> Path:
    """The bundled example corpus: ./examples/corpus/articles, else the one beside the source tree."""
    for root in (Path.cwd(), Path(__file__).resolve().parents[3]):
        candidate = root / "examples" / "corpus" / "articles"
        if candidate.is_dir():
            return candidate
    raise RashomonError("example corpus not found; run from the rashomon source folder")


def demo_command(
    corpus: Path | None = typer.Option(None, "--corpus", help="Folder to analyse instead."),
    db: str = typer.Option("demo.db", "--db", help="The store to write."),
    out: str = typer.Option("demo-report.html", "--output", "-o", help="The report to write."),
) -> None:
    """Analyse the example corpus, print a short summary and write the report."""
    from rashomon.analyze import analyze  # here: it loads spaCy, and every command module is
    # imported when the CLI starts (`rashomon info` must not pay for it)

    folder = corpus or find_corpus()
    with open_store(db) as store:
        report = analyze([str(folder)], store)
        export = build_export(store)
    path = write_report(export, out)
    outlets = sorted({d["outlet"] or "unknown" for d in export["documents"]})
    console.print(
        f"[bold]rashomon demo[/bold]: {len(export['documents'])} documents from "
        f"{len(outlets)} outlets ({', '.join(outlets)})",
        highlight=False,
    )
    console.print(
        f"{len(report.analysed)} analysed, {len(report.skipped)} unchanged; "
        f"{len(export['actors'])} actors",
        highlight=False,
    )
    for kind in (
        "mentions",
        "quotes",
        "claims",
        "events",
        "stories",
        "contradictions",
        "techniques",
    ):
        if export.get(kind):
            console.print(f"  {kind}: {count_line(kind, export[kind])}", highlight=False)
    for problem in report.problems:
        console.print(f"[yellow]skipped[/yellow] {problem}", highlight=False)
    console.print(f"report: {path.resolve()}", highlight=False)


def count_line(kind: str, items: list[dict[str, Any]]) -> str:
    """'12', or for events the typed ones first: '168 typed (613 event mentions, 445 generic)'."""
    generic = sum(1 for i in items if is_generic(i)) if kind == "events" else 0
    if not generic:
        return str(len(items))
    # Generic events (learned "said", "happened") join no story, timeline or report section.
    return f"{len(items) - generic} typed ({len(items)} event mentions, {generic} generic)"
