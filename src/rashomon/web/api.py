"""The JSON API: per-kind SQL queries with filters and cursor pagination, and offline docs."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel

from rashomon.export import build_export
from rashomon.store import open_store
from rashomon.web import corpus, queries
from rashomon.web.pages import Site, limit_param, not_found, templates
from rashomon.web.views import filters


def _paged(page: queries.Page, request: Request) -> JSONResponse:
    """The rows as a JSON list; the next page's cursor in ``X-Next-Cursor`` and ``Link``."""
    headers = {}
    if page.next_cursor is not None:
        params = dict(request.query_params) | {"cursor": page.next_cursor}
        # Percent-encoded: header values must be Latin-1, the filters may be any Unicode.
        query = urlencode(params)
        headers = {"X-Next-Cursor": page.next_cursor, "Link": f'<?{query}>; rel="next"'}
    return JSONResponse(page.rows, headers=headers)


class Problem(BaseModel):
    """An error answer: what was wrong, in words."""

    detail: str


# Routes that look something up by id or kind also answer 404 with a Problem.
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem, "description": "Not found"}}


def register(app: FastAPI, site: Site) -> None:
    """Add the ``/api`` routes and the offline ``/docs`` page to ``app``."""

    @app.get("/api/overview")
    def overview() -> dict[str, Any]:
        """Counts, outlets, dates, biggest stories and most disputed facts."""
        with site.conn() as conn:
            return corpus.overview(conn)

    @app.get("/api/export")
    def whole_export() -> dict[str, Any]:
        """The whole export object (the JSON contract; large: prefer the routes below)."""
        with open_store(site.db, create=False) as store:  # never make one
            return build_export(store)

    @app.get("/api/documents")
    def documents(
        request: Request,
        f: queries.Filters = Depends(filters),
        cursor: str = Query("", pattern=queries.CURSOR_PATTERN),
        limit: int = Query(queries.MAX_LIMIT, ge=1, le=queries.MAX_LIMIT),
    ) -> Response:
        """Document metadata (no text), filtered, ``limit`` at a time from ``cursor``."""
        with site.conn() as conn:
            page = queries.documents(conn, f, after=cursor, limit=limit)
        return _paged(page, request)

    @app.get("/api/documents/{doc_id}", responses=NOT_FOUND)
    def document(doc_id: str) -> dict[str, Any]:
        """One document with its text and all of its items by kind."""
        with site.conn() as conn:
            doc = queries.document(conn, doc_id)
            if doc is None:
                raise not_found(f"document {doc_id!r}")
            return {**doc, "items": queries.document_items(conn, doc_id)}

    @app.get("/api/items/{kind}", responses=NOT_FOUND)
    def items(
        request: Request,
        kind: str,
        f: queries.Filters = Depends(filters),
        cursor: int = Query(0, ge=0),
        limit: int = Query(queries.MAX_LIMIT, ge=1, le=queries.MAX_LIMIT),
    ) -> Response:
        """Items of one kind (as in the export), filtered, ``limit`` at a time from ``cursor``."""
        with site.conn() as conn:
            if kind not in queries.all_kinds(conn):
                raise not_found(f"item kind {kind!r}")
            page = queries.items(conn, kind, f, after=cursor, limit=limit_param(limit))
        return _paged(page, request)

    @app.get("/api/stories/{story_id}", responses=NOT_FOUND)
    def story(story_id: str) -> dict[str, Any]:
        """One story laid out by outlet (the data of the story page)."""
        with site.conn() as conn:
            data = corpus.story(conn, story_id)
        if data is None:
            raise not_found(f"story {story_id!r}")
        return data

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        """The API's routes and parameters, rendered here (no CDN), and the OpenAPI link."""
        template = templates().get_template("api_docs.html")
        return HTMLResponse(template.render(spec=app.openapi()))
