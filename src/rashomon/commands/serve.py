"""``rashomon serve``: the web app (story-first pages + JSON API) on localhost, read-only."""

from __future__ import annotations

from pathlib import Path

import typer

from rashomon.errors import RashomonError


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command."""
    app.command("serve")(serve_command)


def serve_command(
    db: str = typer.Option("rashomon.db", "--db", help="The store to serve."),
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    allow_host: list[str] = typer.Option(
        [],
        "--allow-host",
        help="Also answer requests for this Host name (repeatable; localhost always works).",
    ),
    index: bool = typer.Option(
        True,
        "--index/--no-index",
        help="Keep a search index (FTS5, actor lookups) in STORE.index beside the store.",
    ),
) -> None:
    """Serve the explorer at / and the JSON API under /api (docs at /docs), read-only."""
    from rashomon.commands.export import require_store

    require_store(db)
    if Path(db).is_dir():  # the web app's pages are SQL over the SQLite schema
        raise RashomonError(
            f"{db}: serve reads an SQLite store; convert this Parquet store first:"
            f" rashomon migrate {db} news.db"
        )
    try:
        import uvicorn
    except ImportError as exc:
        raise RashomonError("serving needs uvicorn: pip install 'rashomon[web]'") from exc
    from rashomon.web.app import create_app

    # Listening on another interface means being reached by that name: allow it too.
    hosts = [*allow_host, *([host] if host not in ("127.0.0.1", "localhost", "::1") else [])]
    web = create_app(db, allowed_hosts=hosts, index=index)
    if index:
        # Built before serving (a rebuild happens only when the store's content changes).
        typer.echo("Checking the search index...", err=True)
        where = web.state.site.index.current()
        typer.echo(f"Search index: {where or 'unavailable, lists scan the store'}", err=True)
    uvicorn.run(web, host=host, port=port)
