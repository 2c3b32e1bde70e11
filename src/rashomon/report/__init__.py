"""The HTML report: a self-contained page built from the export object only."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from rashomon import registry
from rashomon.report.page import RenderedSection, render_page

# What the page shows for a document with no outlet (the document id is no outlet name).
UNKNOWN_OUTLET = "unknown outlet"


@dataclass
class ReportContext:
    """What every section looks up: documents and actors by id (templates do the escaping)."""

    export: dict[str, Any]
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.documents = {d["id"]: d for d in self.export.get("documents", [])}
        self.actors = {a["id"]: a for a in self.export.get("actors", [])}

    def outlet(self, doc_id: str) -> str:
        """The outlet of a document, or "unknown outlet" (never the document id as a name)."""
        doc = self.documents.get(doc_id, {})
        return doc.get("outlet") or UNKNOWN_OUTLET

    def doc_title(self, doc_id: str) -> str:
        """A document's title, else its id (the small text beside an unknown outlet)."""
        return self.documents.get(doc_id, {}).get("title") or doc_id

    def actor_name(self, actor_id: str | None) -> str:
        """An actor's canonical name, or an empty string."""
        return self.actors.get(actor_id or "", {}).get("name", "")


def build_report(export: dict[str, Any], title: str = "rashomon report") -> str:
    """The whole report as one HTML string (no external resources)."""
    ctx = ReportContext(export)
    rendered = []
    for module in registry.registered(registry.sections).values():
        body = module.render(export, ctx)
        if body:
            section = RenderedSection(module.NAME, module.TITLE, Markup(body))
            rendered.append((module.POSITION, module.NAME, section))
    # Sections declare their position; the name breaks ties so the order never depends on a list.
    rendered.sort(key=lambda r: (r[0], r[1]))
    return render_page(title, [section for _, _, section in rendered])


def write_report(export: dict[str, Any], out: str | Path) -> Path:
    """Write the report for an export object to ``out``."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(build_report(export), encoding="utf-8")
    return path
