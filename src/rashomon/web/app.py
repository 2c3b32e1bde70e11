"""FastAPI app: the report at ``/`` and the export contract as JSON under ``/api``."""

from __future__ import annotations

from typing import Any

from rashomon.errors import RashomonError
from rashomon.export import build_export
from rashomon.report import build_report
from rashomon.store import open_store


def create_app(db: str) -> Any:
    """An ASGI app reading the store at ``db`` (opened per request: safe beside a running analyze)."""
    try:
        from fastapi import FastAPI, HTTPException
        from fastapi.responses import HTMLResponse
    except ImportError as exc:
        raise RashomonError("the web app needs FastAPI: pip install 'rashomon[web]'") from exc

    app = FastAPI(title="rashomon", description="Who claims what across conflicting news accounts.")

    def export() -> dict[str, Any]:
        with open_store(db) as store:
            return build_export(store)

    @app.get("/", response_class=HTMLResponse)
    def report() -> str:
        """The full HTML report."""
        return build_report(export())

    @app.get("/api/export")
    def whole_export() -> dict[str, Any]:
        """The whole export object (the JSON contract)."""
        return export()

    @app.get("/api/documents")
    def documents() -> list[dict[str, Any]]:
        """Document metadata, without the text."""
        with open_store(db) as store:
            return [{**d.metadata(), "source": d.source} for d in store.documents()]

    @app.get("/api/documents/{doc_id}")
    def document(doc_id: str) -> dict[str, Any]:
        """One document with its text and all of its items by kind."""
        with open_store(db) as store:
            doc = store.document(doc_id)
            if doc is None:
                raise HTTPException(404, f"no document {doc_id!r}")
            items: dict[str, list[dict[str, Any]]] = {}
            for item in store.items(doc=doc_id):
                items.setdefault(item.kind, []).append(item.as_dict())
        return {**doc.metadata(), "text": doc.text, "items": items}

    @app.get("/api/items/{kind}")
    def items(kind: str, doc: str | None = None) -> list[dict[str, Any]]:
        """Items of one kind (as in the export), optionally of one document."""
        data = export()
        if kind not in data or kind in ("documents", "schema_version"):
            raise HTTPException(404, f"no item kind {kind!r}")
        return [i for i in data[kind] if doc is None or i.get("doc") == doc]

    return app
