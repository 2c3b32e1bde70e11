"""Built-in analysers. Adding one = a module here + its name in ``BUILTIN`` + its tests."""

from __future__ import annotations

import importlib

BUILTIN = [
    "sentences",
    "entities",
    "quotes",
    "labels",
    "techniques",
    "times",
    "places",
    "events",
    "claims",
]

for _name in BUILTIN:
    importlib.import_module(f"rashomon.analysers.{_name}")

DEFAULT_PIPELINE = list(BUILTIN)
