"""The page around the sections: header, navigation, the inline CSS and a few lines of JS."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from rashomon import __version__
from rashomon.report.render import asset, render


@dataclass(frozen=True)
class RenderedSection:
    """One section's anchor name, heading and rendered body."""

    name: str
    title: str
    body: Markup


def render_page(title: str, sections: list[RenderedSection]) -> str:
    """The whole self-contained page (CSS and JS inline, nothing loaded from elsewhere)."""
    return str(
        render(
            "page.html",
            title=title,
            sections=sections,
            css=asset("report.css"),
            js=asset("report.js"),
            version=__version__,
        )
    )
