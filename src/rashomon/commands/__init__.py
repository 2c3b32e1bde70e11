"""CLI commands, one module per command or group; each module defines ``register(app)``.

Built-in command modules are registered in ``rashomon.registry.commands`` under their module
name; an outside package adds a command through the ``rashomon_commands`` entry-point group (a
function taking the Typer app). Adding a built-in = one new module here + its name in ``BUILTIN``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import typer

from rashomon import registry

BUILTIN = [
    "analyze",
    "export",
    "report",
    "info",
    "demo",
    "serve",
    "config",
    "evaluate",
    "eval_stories",
    "eval_quotes",
    "eval_extraction",
    "techniques",
    "timeline",
    "migrate",
    "eval_stance",
    "events",
    "quotes_train",
]


def _lazy(name: str) -> Callable[[typer.Typer], Any]:
    def register(app: typer.Typer) -> Any:
        return importlib.import_module(f"rashomon.commands.{name}").register(app)

    return register


for _name in BUILTIN:
    registry.commands.register(_name, func=_lazy(_name))


def register_all(app: typer.Typer) -> None:
    """Let every registered command (built-in or plugin) add itself to ``app``.

    The ``eval`` group goes first so that modules adding ``eval`` subcommands find it.
    """
    found = registry.registered(registry.commands)
    for name in sorted(found, key=lambda n: (n != "evaluate", n)):
        found[name](app)
