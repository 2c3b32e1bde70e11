"""The command line: a thin Typer shell over the library. Commands live in rashomon.commands."""

from __future__ import annotations

import gc
import sys

import typer

from rashomon import __version__
from rashomon.commands import register_all
from rashomon.console import err_console
from rashomon.errors import RashomonError

app = typer.Typer(
    name="rashomon",
    help="Read conflicting news accounts of the same events and lay out who claims what, with evidence.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"rashomon {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """rashomon: who claims what, how each outlet frames each actor, where accounts contradict."""


register_all(app)


# A collection every 10,000 new objects instead of 700: the loaded models stay in memory, so each
# older-generation pass walked them all (`analyze` of 50 articles: collector 0.80 -> 0.24 CPU s,
# the same peak RSS; docs/performance.md). The older generations keep Python's thresholds.
GC_THRESHOLDS = (10_000, 10, 10)


def run() -> None:
    """Entry point: user mistakes become one clear line and exit code 2, never a traceback."""
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        app()
    except RashomonError as exc:
        err_console.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(2)
    except KeyboardInterrupt:
        err_console.print("interrupted: what was finished is stored; run again to resume")
        sys.exit(130)
    finally:
        # The command is done: the collector's passes over every loaded model at interpreter
        # exit cost 0.45 of the 3.3 CPU s of `analyze` of one article (docs/performance.md).
        # Exit handlers, flushes and reference-count frees still run.
        gc.freeze()
