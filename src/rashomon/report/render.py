"""Jinja2 for the report (and the web app): autoescaping on, one place for the filters."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from jinja2 import BaseLoader, ChoiceLoader, Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from rashomon.report.safety import safe_url

# The static report shows this many rows of a long list; the rest sit in a closed <details>
# (still in the file, so every evidence link resolves, but not in the page's height).
REPORT_TOP_ROWS = 50


def split_rows(rows: list[Any], top: int = REPORT_TOP_ROWS) -> tuple[list[Any], list[Any]]:
    """The rows shown at once and the rows behind "show all"."""
    return rows[:top], rows[top:]


@cache
def environment(*packages: str) -> Environment:
    """An autoescaping environment over the templates of ``packages`` (first match wins)."""
    loaders: list[BaseLoader] = [PackageLoader(p, "templates") for p in packages]
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        # A missing value shows as nothing, never as the word "None".
        finalize=lambda value: "" if value is None else value,
    )
    env.filters["safe_url"] = safe_url
    env.globals["split_rows"] = split_rows
    return env


def render(template: str, **context: Any) -> Markup:
    """Render one report template to markup that a surrounding template will not re-escape."""
    return Markup(environment("rashomon.report").get_template(template).render(**context))


@cache
def asset(name: str) -> Markup:
    """A CSS or JS file shipped in ``rashomon.report/static`` (ours, so trusted as markup)."""
    return Markup(resources.files("rashomon.report").joinpath("static", name).read_text("utf-8"))
