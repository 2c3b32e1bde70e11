"""Span-level detection of the 14 PTC persuasion techniques (SemEval-2020 Task 11).

Span identification (SI) marks the character spans that use any technique; technique
classification (TC) names the technique of a given span. Both are sparse linear models
over hand-made features, trained by project code and shipped as a small artefact.
"""

from __future__ import annotations

from rashomon.techniques.catalog import NAMES, TECHNIQUES

__all__ = ["NAMES", "TECHNIQUES"]
