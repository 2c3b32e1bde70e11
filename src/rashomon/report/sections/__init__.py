"""Report sections. Adding one = a module here (``TITLE``, ``ORDER``, ``render``) + its name below."""

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
