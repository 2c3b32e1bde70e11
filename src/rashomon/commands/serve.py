"""``rashomon serve``: the web app (report + JSON API) on localhost."""

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
) -> None:
    """Serve the report at / and the export as JSON under /api (docs at /docs)."""
    from rashomon.commands.export import require_store

    require_store(db)
    try:
        import uvicorn
    except ImportError as exc:
        raise RashomonError("serving needs uvicorn: pip install 'rashomon[web]'") from exc
    from rashomon.web.app import create_app

    uvicorn.run(create_app(db), host=host, port=port)
