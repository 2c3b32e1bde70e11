"""``rashomon analyze PATHS...``: ingest and analyse articles into a store."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from rashomon.commands.config import CONFIG_OPTION, SET_OPTION
from rashomon.console import console, err_console
from rashomon.errors import ConfigError

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.progress import TaskID

    from rashomon.analyze import AnalyzeReport
    from rashomon.profiling import StageTimes
    from rashomon.store.base import Duplicate

# Printed one a line; more are counted (``rashomon export`` lists them all).
SHOWN_DUPLICATES = 5


def register(app: typer.Typer) -> None:
    """Add the ``analyze`` command."""
    app.command("analyze")(analyze_command)


def analyze_command(
    paths: list[str] = typer.Argument(..., help="Files, folders, glob patterns, or - for stdin."),
    db: str = typer.Option("rashomon.db", "--db", help="The store (SQLite file) to write."),
    manifest: str | None = typer.Option(None, "--manifest", help="CSV/JSONL with path + metadata."),
    outlet: str | None = typer.Option(None, "--outlet", help="Outlet for every document given."),
    date: str | None = typer.Option(
        None, "--date", help="Publication date (ISO) for every document."
    ),
    force: bool = typer.Option(False, "--force", help="Redo documents already stored unchanged."),
    replace: bool = typer.Option(
        False,
        "--replace",
        help="Replace a stored document of another source that has the same id (by default the"
        " new one gets a new id).",
    ),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes."),
    max_bytes: int = typer.Option(20_000_000, "--max-bytes", help="Skip files larger than this."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only problems and errors."),
    profile: bool = typer.Option(
        False, "--profile", help="Print seconds per stage (spaCy, each analyser, each linker)."
    ),
    engine: str = typer.Option(
        "sqlite", "--engine", help="sqlite (this machine, --jobs) or ray (Ray workers; --store)."
    ),
    ray_address: str | None = typer.Option(
        None, "--ray-address", help="Ray cluster (default RAY_ADDRESS, else a local Ray)."
    ),
    store_dir: str | None = typer.Option(
        None, "--store", help="A Parquet store folder to write instead of --db."
    ),
    config_file: str | None = CONFIG_OPTION,
    settings: list[str] = SET_OPTION,
) -> None:
    """Analyse articles into the store; unchanged documents are skipped, so a rerun resumes."""
    # Imported here so that `rashomon --help` and other commands start without them.
    from rashomon import config as configuration
    from rashomon.ingest.metadata import normalize_date
    from rashomon.pipeline import Pipeline
    from rashomon.store import open_store

    if date is not None and normalize_date(date) is None:
        raise ConfigError(f"--date {date!r} is not a date (use YYYY-MM-DD)")
    pipeline = Pipeline(config=configuration.load(config_file, settings))
    db = store_dir.rstrip("/") + "/" if store_dir else db  # a folder: the Parquet store
    with open_store(db) as store, _progress(quiet) as bar:
        from rashomon.scale.engine import engine_runner

        run, extra = engine_runner(engine, store, address=ray_address, jobs=jobs)
        times = _stage_times(profile, engine)
        if times is not None:
            extra["profile"] = times
        task = bar.add_task("ingest", total=_total(paths, bar))
        note = _progress_note(bar, task)

        try:
            report = run(
                paths,
                store,
                manifest=manifest,
                outlet=outlet,
                date=date,
                force=force,
                replace=replace,
                max_bytes=max_bytes,
                stdin=sys.stdin.buffer,
                progress=note,
                pipeline=pipeline,
                **extra,
            )
        except KeyboardInterrupt:
            err_console.print("interrupted: finished documents are stored; run again to resume")
            raise typer.Exit(130) from None
        bar.update(task, description="done")
    _summarise(report, db, quiet)
    if times is not None:
        console.print(times.table(), highlight=False)
    if not report.ok:
        err_console.print("error: nothing could be analysed")
        raise typer.Exit(1)


def _stage_times(profile: bool, engine: str) -> StageTimes | None:
    """A stage timer for ``--profile`` (the sqlite engine only)."""
    if not profile:
        return None
    if engine != "sqlite":
        raise ConfigError("--profile times the sqlite engine only")
    from rashomon.profiling import StageTimes

    return StageTimes()


def _progress(quiet: bool) -> Progress:
    """Stage (ingest, analyse, link), documents done of those found, elapsed time and ETA."""
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description:<8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("docs"),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
        console=err_console,
        disable=quiet or not err_console.is_terminal,
        transient=True,
    )


def _total(paths: list[str], bar: Progress) -> int | None:
    """Documents found in the inputs (a quick count), only when the bar is shown."""
    if bar.disable:
        return None
    from rashomon.ingest import count_documents

    return count_documents(paths)


def _progress_note(bar: Progress, task: TaskID) -> Callable[[str, str], None]:
    """The ``progress`` callback of ``analyze``: advances the bar and names the stage."""

    def note(event: str, detail: str) -> None:
        if event == "stage":  # loading models, linking: a stage name, nothing to count
            bar.update(task, description=detail)
            return
        if event == "problem":
            bar.console.print(f"[yellow]skipped[/yellow] {detail}", highlight=False)
        elif event == "analysed":
            bar.update(task, description="analyse")
        bar.advance(task)

    return note


def _summarise(report: AnalyzeReport, db: str, quiet: bool) -> None:
    _warnings(report.warnings)
    if quiet:
        return
    _duplicates(report.duplicates)
    updated = f"{len(report.updated)} metadata updated, " if report.updated else ""
    console.print(
        f"{len(report.analysed)} analysed, {updated}{len(report.skipped)} unchanged, "
        f"{len(report.problems)} skipped with problems -> {db}",
        highlight=False,
    )


def _duplicates(duplicates: list[Duplicate]) -> None:
    """One line per document with duplicates, the first few only, then a count."""
    by_doc: dict[str, list[Duplicate]] = {}
    for dup in duplicates:
        by_doc.setdefault(dup.doc, []).append(dup)
    for doc_id, dups in list(by_doc.items())[:SHOWN_DUPLICATES]:
        best = max(dups, key=lambda d: d.similarity)
        more = f" (and {len(dups) - 1} more)" if len(dups) > 1 else ""
        console.print(
            f"{doc_id}: {best.kind} duplicate of {best.other} ({best.similarity:.2f}){more}",
            highlight=False,
        )
    if len(by_doc) > SHOWN_DUPLICATES:
        console.print(
            f"... and {len(by_doc) - SHOWN_DUPLICATES} more documents with duplicates"
            " (all are in `rashomon export`)",
            highlight=False,
        )


def _warnings(warnings: list[str]) -> None:
    """Each distinct warning once, with the first few documents it concerns and a count."""
    by_message: dict[str, list[str]] = {}
    for warning in warnings:
        doc_id, sep, message = warning.partition(": ")
        by_message.setdefault(message if sep else warning, []).append(doc_id if sep else "")
    for message, ids in by_message.items():
        named = [i for i in ids if i]
        shown = ", ".join(named[:SHOWN_DUPLICATES])
        more = f" and {len(named) - SHOWN_DUPLICATES} more" if len(named) > SHOWN_DUPLICATES else ""
        count = f"{len(named)} documents, " if len(named) > 1 else ""
        where = f"{count}{shown}{more}: " if named else ""
        err_console.print(f"[yellow]warning[/yellow] {where}{message}", highlight=False)
