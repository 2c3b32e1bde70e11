"""Report sections: a module each with ``NAME``, ``TITLE``, ``POSITION`` and ``render(export, ctx)``.

The page orders sections by their declared ``POSITION`` (ties by name), not by this list, so a
registry can later collect the same modules from anywhere.
"""

from __future__ import annotations

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
