"""Built-in analysers: each module registers its class with ``@register`` when imported.

Adding one = a module here + its name in ``BUILTIN`` + its tests; an outside package adds
one through the ``rashomon_analysers`` entry-point group instead (see ``rashomon.registry``).
"""

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
