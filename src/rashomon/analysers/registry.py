"""Analysers in the one registry (``rashomon.registry.analysers``), and their run order."""

from __future__ import annotations

from collections.abc import Iterable

from rashomon import registry
from rashomon.analysers.base import Analyser
from rashomon.errors import ConfigError


def register(cls: type[Analyser]) -> type[Analyser]:
    """Class decorator: make an analyser available by its ``name``."""
    if not cls.name:
        raise ConfigError(f"analyser {cls.__qualname__} has no name")
    registry.analysers.register(cls.name, func=cls)
    return cls


def registered() -> dict[str, type[Analyser]]:
    """All registered analysers by name: built-ins and plugins' entry points."""
    return registry.registered(registry.analysers)


def resolve_order(names: Iterable[str] | None = None) -> list[type[Analyser]]:
    """The named analysers (default: all registered), each after those providing what it
    requires (``"spacy"`` is the parse, always available)."""
    available = registered()
    wanted: list[type[Analyser]] = []
    for name in sorted(available) if names is None else names:
        if name not in available:
            raise ConfigError(f"unknown analyser {name!r}; known: {', '.join(sorted(available))}")
        wanted.append(available[name])
    return registry.ordered(wanted, provided={"spacy"})
