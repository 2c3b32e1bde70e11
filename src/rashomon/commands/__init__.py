"""CLI commands, one module per command or group. Each module defines ``register(app)``.

Adding a command = one new module here + one line in ``MODULES``.
"""

from __future__ import annotations

import importlib

import typer

MODULES = [
    "analyze",
    "export",
    "report",
    "info",
    "demo",
    "serve",
    "evaluate",
    "eval_stories",
    "eval_quotes",
    "eval_extraction",
    "techniques",
    "timeline",
]


def register_all(app: typer.Typer) -> None:
    """Import each command module and let it add its commands to ``app``."""
    for name in MODULES:
        importlib.import_module(f"rashomon.commands.{name}").register(app)
