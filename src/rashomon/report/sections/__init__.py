"""Report sections: a module each with ``NAME``, ``TITLE``, ``POSITION`` and ``render(export, ctx)``.

Each built-in module is registered in ``rashomon.registry.sections`` under its ``NAME``; an
outside package adds a section (any object with those four attributes) through the
``rashomon_sections`` entry-point group. The page orders sections by their declared
``POSITION`` (ties by name), never by this list.
"""

from __future__ import annotations

import importlib

from rashomon import registry

SECTIONS = [
    "overview",
    "who_said_what",
    "stories",
    "contradictions",
    "labels",
    "stance",
    "outlets",
    "timeline",
    "techniques",
    "documents",
]

for _name in SECTIONS:
    _module = importlib.import_module(f"rashomon.report.sections.{_name}")
    registry.sections.register(_module.NAME, func=_module)
