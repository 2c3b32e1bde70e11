"""Rendering and caching shared by the views: one answer as HTML or JSON, with an ETag."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from email.utils import formatdate
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment

from rashomon import __version__
from rashomon.report.render import environment
from rashomon.web import queries
from rashomon.web.index import SearchIndex, ro_uri, store_stamp


class Site:
    """The store the app serves, and how to open it read-only."""

    def __init__(self, db: str, *, index: SearchIndex | None = None) -> None:
        self.db = db
        self.index = index if index is not None else SearchIndex(db)

    @contextmanager
    def conn(self) -> Iterator[queries.StoreConnection]:
        """A read-only connection for one request, with the search index when it is fresh.

        Every query of the request runs in one read transaction: with the store in WAL mode, an
        ``analyze`` committing meanwhile is invisible to it, so a page never mixes two states
        (an item whose document is not yet listed)."""
        conn = queries.connect(self.db)
        try:
            path = self.index.current()
            if path is not None:
                conn.execute("ATTACH DATABASE ? AS idx", (ro_uri(path),))
                conn.indexed = True
            conn.execute("BEGIN")  # after ATTACH, which a transaction does not allow
            yield conn
        finally:
            conn.close()

    def stamp(self) -> tuple[str, float]:
        """An ETag and a modification time that change whenever the store file does."""
        latest = max(
            (p.stat().st_mtime for p in (Path(self.db), Path(self.db + "-wal")) if p.exists()),
            default=0.0,
        )
        digest = hashlib.sha256(f"{__version__}|{store_stamp(self.db)}".encode()).hexdigest()
        return digest[:20], latest


def templates() -> Environment:
    """The app's templates (then the report's), autoescaped, with the app's helpers."""
    env = environment("rashomon.web", "rashomon.report")
    env.globals.update(page_url=page_url, version=__version__)
    return env


def wants_json(request: Request) -> bool:
    """``?format=json`` or an Accept header that prefers JSON."""
    if request.query_params.get("format") == "json":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def answer(
    request: Request, site: Site, template: str, context: dict[str, Any], data: Any = None
) -> Response:
    """The view's answer: JSON (``data``, else the context) or the rendered template."""
    etag, modified = site.stamp()
    as_json = wants_json(request)
    tag = f'W/"{etag}-{"j" if as_json else "h"}-{hashlib.sha1(str(request.url).encode()).hexdigest()[:8]}"'
    headers = {"ETag": tag, "Last-Modified": formatdate(modified, usegmt=True)}
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=headers)
    if as_json:
        return JSONResponse(context if data is None else data, headers=headers)
    html = templates().get_template(template).render(request=request, **context)
    return HTMLResponse(html, headers=headers)


def page_url(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None removes one)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return f"{request.url.path}?{urlencode(params)}" if params else request.url.path


def not_found(what: str) -> HTTPException:
    """A 404 whose message says what was missing."""
    return HTTPException(404, f"no {what}")


def limit_param(value: int | None) -> int:
    """A page size within 1..MAX_LIMIT."""
    return max(1, min(value or queries.DEFAULT_LIMIT, queries.MAX_LIMIT))
