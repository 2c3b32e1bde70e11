"""The pages: overview, story, documents, document, items (search and filters), actor.

Each view answers HTML, or JSON with ``?format=json`` (the same data the page shows).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import Response

from rashomon.events.timeline import is_generic
from rashomon.report.sections.documents import highlight
from rashomon.report.sections.timeline import COLOURS, OTHER_COLOUR, layout
from rashomon.web import corpus, profiles, queries
from rashomon.web.pages import Site, answer, limit_param, not_found

# Kinds the document viewer does not paint (whole sentences, corpus-level items).
UNPAINTED = {"sentences"}
SEARCHED_KINDS = ("quotes", "claims", "labels", "events", "mentions")
# The highlight class of generic events when the document view shows them (k-generic-events).
GENERIC_KIND = "generic-events"


def filters(
    doc: str | None = None,
    outlet: str | None = None,
    actor: str | None = None,
    story: str | None = None,
    q: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> queries.Filters:
    """The shared list filters from query parameters (empty strings mean no filter)."""
    return queries.Filters(
        doc=doc or None,
        outlet=outlet or None,
        actor=actor or None,
        story=story or None,
        q=(q or "").strip() or None,
        date_from=date_from or None,
        date_to=date_to or None,
    )


def painted(
    by_kind: dict[str, list[dict[str, Any]]], shown: list[str], all_events: bool
) -> list[dict[str, Any]]:
    """The spans to highlight: each shown kind's items; generic events only with
    ``all_events``, and then as their own quieter kind (they cover most clauses)."""
    spans = []
    for k in shown:
        for item in by_kind[k]:
            if not is_generic(item):
                spans.append({**item, "_kind": k})
            elif all_events:
                spans.append({**item, "_kind": GENERIC_KIND})
    return spans


def register(app: FastAPI, site: Site) -> None:
    """Add the HTML/JSON pages to ``app``."""

    @app.get("/", include_in_schema=False)
    def overview(request: Request) -> Response:
        """Outlets, dates, stories, the most disputed facts and counts that link to lists."""
        with site.conn() as conn:
            data = corpus.overview(conn)
        return answer(request, site, "overview.html", {"o": data}, data)

    @app.get("/stories/{story_id}", include_in_schema=False)
    def story(request: Request, story_id: str) -> Response:
        """One story, outlet by outlet: headlines, then one row per disputed or agreed fact."""
        with site.conn() as conn:
            data = corpus.story(conn, story_id)
        if data is None:
            raise not_found(f"story {story_id!r}")
        return answer(request, site, "story.html", data)

    @app.get("/documents", include_in_schema=False)
    def documents(
        request: Request,
        outlet: str | None = None,
        actor: str | None = None,
        story: str | None = None,
        q: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        cursor: str = Query("", pattern=queries.CURSOR_PATTERN),
        limit: int | None = Query(None, ge=1, le=queries.MAX_LIMIT),
    ) -> Response:
        """Documents matching the filters, a page at a time."""
        f = filters(None, outlet, actor, story, q, date_from, date_to)
        with site.conn() as conn:
            page = queries.documents(conn, f, after=cursor, limit=limit_param(limit))
            outlets = profiles.outlet_names(conn)
        context = {"page": page, "f": f, "outlets": outlets}
        data = {"documents": page.rows, "next_cursor": page.next_cursor}
        return answer(request, site, "documents.html", context, data)

    @app.get("/documents/{doc_id}", include_in_schema=False)
    def document(
        request: Request,
        doc_id: str,
        kind: list[str] = Query(default=[]),
        all_events: bool = False,
    ) -> Response:
        """One article with its spans highlighted; ``kind`` keeps only some kinds, and
        ``all_events`` adds the generic events (quietly) to the typed ones."""
        with site.conn() as conn:
            doc = queries.document(conn, doc_id)
            if doc is None:
                raise not_found(f"document {doc_id!r}")
            by_kind = queries.document_items(conn, doc_id)
        shown = [k for k in by_kind if k not in UNPAINTED and (not kind or k in kind)]
        if all_events and "events" in by_kind and "events" not in shown:
            shown.append("events")  # "show all detected events" shows the typed ones too
        spans = painted(by_kind, shown, all_events)
        body = highlight(doc["text"], spans)
        generic = [e for e in by_kind.get("events", []) if is_generic(e)]
        context: dict[str, Any] = {"doc": doc, "body": body, "kinds": sorted(by_kind)}
        context |= {"shown": shown, "by_kind": by_kind, "generic": len(generic)}
        context["all_events"] = all_events
        data = {**doc, "items": by_kind, "highlighted": sorted(s["id"] for s in spans)}
        return answer(request, site, "document.html", context, data)

    @app.get("/items/{kind}", include_in_schema=False)
    def item_list(
        request: Request,
        kind: str,
        f: queries.Filters = _filter_dependency(),
        cursor: int = 0,
        limit: int | None = Query(None, ge=1, le=queries.MAX_LIMIT),
        all_events: bool = False,
    ) -> Response:
        """Items of one kind with the filters, a page at a time (search with ``q``); events
        are the typed ones unless ``all_events`` (the API lists them all)."""
        typed = kind == "events" and not all_events
        with site.conn() as conn:
            if kind not in queries.all_kinds(conn):
                raise not_found(f"item kind {kind!r}")
            page = queries.items(
                conn, kind, f, after=cursor, limit=limit_param(limit), typed_only=typed
            )
            kinds = queries.all_kinds(conn)
            spans = [s for i in page.rows for s in i.get("items") or []]
            docs = queries.outlets_of(conn, {str(s["doc"]) for s in spans})
        context = {"kind": kind, "page": page, "f": f, "kinds": kinds, "docs": docs}
        context |= {"all_events": all_events}
        data = {"items": page.rows, "next_cursor": page.next_cursor}
        return answer(request, site, "items.html", context, data)

    @app.get("/search", include_in_schema=False)
    def search(request: Request, f: queries.Filters = _filter_dependency()) -> Response:
        """The first matches of ``q`` among documents, quotes, claims, labels, events, mentions."""
        results: dict[str, Any] = {}
        with site.conn() as conn:
            results["documents"] = queries.documents(conn, f, limit=10).rows
            for kind in SEARCHED_KINDS:
                # Typed events only: "said" would otherwise find every reporting verb.
                results[kind] = queries.items(conn, kind, f, limit=10, typed_only=True).rows
            found = {str(i["doc"]) for k, rows in results.items() if k != "documents" for i in rows}
            docs = queries.outlets_of(conn, found)
        context = {"f": f, "results": results, "docs": docs}
        return answer(request, site, "search.html", context, results)

    @app.get("/actors/{actor_id}", include_in_schema=False)
    def actor_page(request: Request, actor_id: str) -> Response:
        """An actor: names and aliases, and the quotes, labels, stances and events about them."""
        f = queries.Filters(actor=actor_id)
        with site.conn() as conn:
            record = queries.actor(conn, actor_id)
            if record is None:
                raise not_found(f"actor {actor_id!r}")
            lists = {
                kind: queries.items(conn, kind, f, limit=25)
                for kind in ("quotes", "labels", "stances", "events", "claims", "mentions")
            }
            docs = queries.outlets_of(conn, {i["doc"] for p in lists.values() for i in p.rows})
        data = {"actor": record, **{k: p.rows for k, p in lists.items()}}
        context = {"actor": record, "lists": lists, "docs": docs}
        return answer(request, site, "actor.html", context, data)


def register_profiles(app: FastAPI, site: Site) -> None:
    """Add the outlet profile and the timeline to ``app``."""

    @app.get("/outlets/{name:path}", include_in_schema=False)
    def outlet_page(request: Request, name: str) -> Response:
        """An outlet: documents, labels and stance per actor, technique rates, quotes by speaker."""
        with site.conn() as conn:
            data = profiles.outlet(conn, name)
        if data is None:
            raise not_found(f"outlet {name!r}")
        return answer(request, site, "outlet.html", {"o": data}, data)

    @app.get("/timeline", include_in_schema=False)
    def timeline_page(
        request: Request,
        f: queries.Filters = _filter_dependency(),
        type: str | None = None,  # noqa: A002 - the query parameter's name
    ) -> Response:
        """Dated events by outlet on a time axis, filtered by outlet, actor, story, type, dates."""
        with site.conn() as conn:
            rows = profiles.timeline(conn, f, type or None)
            outlets = profiles.outlet_names(conn)
            types = profiles.event_types(conn)
        context = {
            "rows": rows,
            "f": f,
            "event_type": type,
            "outlets": outlets,
            "types": types,
            "colours": [*COLOURS.items(), ("other", OTHER_COLOUR)],
            "g": layout(rows) if rows else None,
            "limit": profiles.TIMELINE_ROWS,
        }
        return answer(request, site, "timeline.html", context, rows)


def _filter_dependency() -> Any:
    """``filters`` as a FastAPI dependency (query parameters doc, outlet, actor, story, q...)."""
    from fastapi import Depends

    return Depends(filters)
