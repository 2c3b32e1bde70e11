"""Corpus-level linkers, run in this order after documents are analysed.

Adding one = a module here defining a ``Linker`` subclass + its dotted name in ``LINKERS``.
"""

from __future__ import annotations

import importlib

from rashomon.linking.base import Linker

LINKERS = [
    "rashomon.linking.actors:ActorLinker",
    "rashomon.linking.stories:StoryLinker",
    "rashomon.linking.stances:StanceLinker",
    "rashomon.linking.contradictions:ContradictionLinker",
]


def load_linkers() -> list[Linker]:
    """Instantiate the built-in linkers in order."""
    linkers: list[Linker] = []
    for spec in LINKERS:
        module, _, cls = spec.partition(":")
        linkers.append(getattr(importlib.import_module(module), cls)())
    return linkers


def linker_versions() -> dict[str, str]:
    """Linker name -> version, to know when linked results are stale."""
    return {linker.name: linker.version for linker in load_linkers()}
