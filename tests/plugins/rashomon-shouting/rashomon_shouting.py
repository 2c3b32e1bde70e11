"""A rashomon plugin: the ``shouting`` analyser marks words written in capitals (``shouts``
items), with one setting, and adds a ``shouts`` command that counts them in a store."""

from __future__ import annotations

import re
from dataclasses import dataclass

import typer

from rashomon.analysers.base import Analyser, AnalysisContext
from rashomon.config import Settings
from rashomon.document import Item, make_item


@dataclass(frozen=True)
class ShoutingSettings(Settings):
    """Settings of the ``shouting`` analyser."""

    min_letters: int = 4
    """Shorter capitalised words (acronyms) are not shouts."""


class Shouting(Analyser):
    """One ``shouts`` item per word in capitals."""

    name = "shouting"
    version = "1"
    provides = ("shouts",)
    Settings = ShoutingSettings

    def analyse(self, ctx: AnalysisContext) -> list[Item]:
        """Find runs of capital letters at least ``min_letters`` long."""
        pattern = re.compile(rf"\b[A-Z]{{{self.settings.min_letters},}}\b")
        return [
            make_item("shouts", ctx.text, m.start(), m.end()) for m in pattern.finditer(ctx.text)
        ]


def register(app: typer.Typer) -> None:
    """Add ``rashomon shouts --db FILE``."""

    @app.command("shouts")
    def shouts(db: str = typer.Option("rashomon.db", "--db")) -> None:
        """Count the shouted words in a store."""
        from rashomon.store import open_store

        with open_store(db) as store:
            typer.echo(f"{len(list(store.items('shouts')))} shouts")
