"""``rashomon serve``: the web app (story-first pages + JSON API) on localhost, read-only."""

from __future__ import annotations

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
) -> None:
    """Serve the explorer at / and the JSON API under /api (docs at /docs), read-only."""
    from rashomon.commands.export import require_store

    require_store(db)
    try:
        import uvicorn
    except ImportError as exc:
        raise RashomonError("serving needs uvicorn: pip install 'rashomon[web]'") from exc
    from rashomon.web.app import create_app

    # Listening on another interface means being reached by that name: allow it too.
    hosts = [*allow_host, *([host] if host not in ("127.0.0.1", "localhost", "::1") else [])]
    uvicorn.run(create_app(db, allowed_hosts=hosts), host=host, port=port)
