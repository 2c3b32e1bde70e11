"""The one registry of analysers, and ordering them by what they require and provide."""

from __future__ import annotations

from collections.abc import Iterable

from rashomon.analysers.base import Analyser
from rashomon.errors import ConfigError

_REGISTRY: dict[str, type[Analyser]] = {}


def register(cls: type[Analyser]) -> type[Analyser]:
    """Class decorator: make an analyser available by its ``name``."""
    if not cls.name:
        raise ConfigError(f"analyser {cls.__qualname__} has no name")
    _REGISTRY[cls.name] = cls
    return cls


def registered() -> dict[str, type[Analyser]]:
    """All registered analysers by name (imports the built-in ones first)."""
    import rashomon.analysers  # noqa: F401  (registers the built-ins)

    return dict(_REGISTRY)


def resolve_order(names: Iterable[str]) -> list[type[Analyser]]:
    """Order the named analysers so that each runs after those providing what it requires."""
    available = registered()
    wanted: list[type[Analyser]] = []
    for name in names:
        if name not in available:
            raise ConfigError(f"unknown analyser {name!r}; known: {', '.join(sorted(available))}")
        wanted.append(available[name])
    provided = {"spacy"}
    ordered: list[type[Analyser]] = []
    pending = list(wanted)
    while pending:
        ready = [a for a in pending if set(a.requires) <= provided]
        if not ready:
            missing = {r for a in pending for r in a.requires} - provided
            raise ConfigError(f"no analyser provides {', '.join(sorted(missing))}")
        for a in ready:
            ordered.append(a)
            provided.update(a.provides)
            pending.remove(a)
    return ordered
