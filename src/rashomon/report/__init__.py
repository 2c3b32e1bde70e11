"""The HTML report: a self-contained page built from the export object only."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from rashomon import registry
from rashomon.report.page import RenderedSection, render_page
from rashomon.report.safety import safe_url


@dataclass
class ReportContext:
    """Helpers every section uses: evidence links, escaping, lookups by id."""

    export: dict[str, Any]
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.documents = {d["id"]: d for d in self.export.get("documents", [])}
        self.actors = {a["id"]: a for a in self.export.get("actors", [])}

    @staticmethod
    def escape(value: object) -> str:
        """HTML-escape any value (article text is untrusted)."""
        return html.escape("" if value is None else str(value), quote=True)

    @staticmethod
    def link(item: dict[str, Any]) -> str:
        """The href of an item's highlighted span in the document viewer."""
        return f"#i-{item['id']}"

    @staticmethod
    def safe_url(url: object) -> str | None:
        """An http(s) URL fit for an href, or None (javascript:, data: and the like)."""
        return safe_url(url)

    def evidence(self, item: dict[str, Any], label: str | None = None) -> str:
        """An anchor showing the item's exact words, linked to them in the viewer."""
        text = label if label is not None else item["text"]
        return f'<a class="ev" href="{self.link(item)}">{self.escape(text)}</a>'

    def outlet(self, doc_id: str) -> str:
        """The outlet of a document, or its id when the outlet is unknown."""
        doc = self.documents.get(doc_id, {})
        return doc.get("outlet") or doc_id

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
