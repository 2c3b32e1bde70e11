"""FastAPI app: story-first pages over the store, the JSON API under ``/api``, docs offline."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from rashomon.errors import RashomonError, StoreError


def create_app(db: str, *, allowed_hosts: Iterable[str] = (), index: bool = True) -> Any:
    """An ASGI app reading the store at ``db`` read-only; Host must be local or allowed;
    ``index`` keeps a search index beside the store (``rashomon.web.index``), else lists scan."""
    try:
        from fastapi import FastAPI
        from fastapi.staticfiles import StaticFiles
    except ImportError as exc:
        raise RashomonError("the web app needs FastAPI: pip install 'rashomon[web]'") from exc
    from rashomon.web import api, views
    from rashomon.web.guard import Guard
    from rashomon.web.index import SearchIndex
    from rashomon.web.pages import Site

    # Swagger UI and ReDoc load their assets from a CDN: off, and /docs lists the API itself.
    app = FastAPI(
        title="rashomon",
        description="Who claims what across conflicting news accounts.",
        docs_url=None,
        redoc_url=None,
    )
    site = Site(db, index=SearchIndex(db, enabled=index))
    app.state.site = site
    app.mount(
        "/static",
        StaticFiles(packages=[("rashomon.web", "static"), ("rashomon.report", "static")]),
        name="static",
    )
    views.register(app, site)
    views.register_profiles(app, site)
    api.register(app, site)
    app.add_middleware(Guard, allowed_hosts=list(allowed_hosts))
    for error in (sqlite3.Error, StoreError):  # e.g. the store deleted while serving
        app.add_exception_handler(error, _unreadable)
    return app


def _unreadable(request: Any, exc: Exception) -> Any:
    """503 with one line instead of a bare 500 when the store cannot be read."""
    from fastapi.responses import JSONResponse

    return JSONResponse({"detail": f"the store cannot be read: {exc}"}, status_code=503)
