"""Corpus-level linkers, registered in ``rashomon.registry.linkers`` and run in the order their
``requires``/``provides`` give, after documents are analysed.

Adding one = a module here defining a ``Linker`` subclass + its ``module:Class`` in ``BUILTIN``;
an outside package uses the ``rashomon_linkers`` entry-point group instead.
"""

from __future__ import annotations

import importlib

from rashomon import registry
from rashomon.config import Config
from rashomon.errors import ConfigError
from rashomon.linking.base import Linker
from rashomon.store.base import Store

BUILTIN = [
    "rashomon.linking.actors:ActorLinker",
    "rashomon.linking.stories:StoryLinker",
    "rashomon.linking.event_clusters:EventClusterLinker",
    "rashomon.linking.stances:StanceLinker",
    "rashomon.linking.contradictions:ContradictionLinker",
]


def _register_builtins() -> None:
    for spec in BUILTIN:
        module, _, cls = spec.partition(":")
        linker = getattr(importlib.import_module(module), cls)
        registry.linkers.register(linker.name, func=linker)


_register_builtins()


def linker_classes() -> list[type[Linker]]:
    """Every registered linker class, in the order their requirements give."""
    from rashomon.analysers.registry import registered as analysers

    classes = list(registry.registered(registry.linkers).values())
    made_by_analysers = {kind for a in analysers().values() for kind in a.provides}
    return registry.ordered(classes, provided=made_by_analysers)


def load_linkers(config: Config | None = None) -> list[Linker]:
    """Instantiate the registered linkers in order, with their settings from ``config``."""
    config = config or Config()
    classes = linker_classes()
    unknown = set(config.linkers) - {cls.name for cls in classes}
    if unknown:
        known = ", ".join(cls.name for cls in classes)
        raise ConfigError(f"settings for unknown linker {sorted(unknown)[0]!r}; known: {known}")
    return [cls(**config.linkers.get(cls.name, {})) for cls in classes]


def linker_versions(store: Store | None = None, config: Config | None = None) -> dict[str, str]:
    """Linker name -> version with its settings and fingerprint, to know when links are stale."""
    versions = {}
    for linker in load_linkers(config):
        extra = linker.fingerprint(store)
        versions[linker.name] = linker.version + (f" {extra}" if extra else "")
    return versions
