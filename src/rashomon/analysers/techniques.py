"""Persuasion techniques (the 14 of the PTC corpus) as spans, with a 0-1 confidence."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rashomon.analysers.base import Analyser, AnalysisContext
from rashomon.analysers.registry import register
from rashomon.config import Settings, file_hash
from rashomon.document import Item, make_item


@dataclass(frozen=True)
class TechniqueSettings(Settings):
    """Settings of the ``techniques`` analyser."""

    model: str | None = None
    """A folder written by ``rashomon techniques train`` (unset: the shipped model)."""
    min_score: float = 0.0
    """Drop spans scoring below this."""
    min_span_score: float | None = None
    """Drop spans whose calibrated span confidence (``span_score``, the expected share of the
    span inside a technique, fitted by cross-validation) is below this; unset: the model's
    report threshold (``report``, chosen by fold F0.5), so the report's rates and examples
    count only spans above it."""
    tagger: bool = False
    """Use the model's fine-tuned MiniLM tagger for span identification (slower)."""
    embeddings: bool = False
    """Use the model's MiniLM heads for the technique (needs ``rashomon[embeddings]``)."""


def folder_hash(folder: str) -> str:
    """A content hash of every file under ``folder``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        digest.update(f"{path.relative_to(folder)}={file_hash(str(path))}".encode())
    return digest.hexdigest()[:16]


@register
class Techniques(Analyser):
    """One ``techniques`` item per detected span: its ``technique`` name and ``score``.

    ``span_score`` is the calibrated probability that the span is a technique (fitted by
    article-level cross-validation, see docs/techniques.md); spans below the model's calibrated
    threshold (its ``min`` parameter) or below its report threshold (``report``, chosen by
    fold F0.5; the option ``min_span_score`` overrides it) are never reported, so they never
    count in the rates.
    ``score`` is P(technique | span) x ``span_score``.

    Options: ``model`` (a folder written by ``rashomon techniques train``; default: the
    shipped model), ``min_score`` (also drop items whose ``score`` is below it; default 0),
    ``min_span_score`` (the calibrated report threshold above; unset: the model's),
    ``tagger`` (use the model's fine-tuned MiniLM taggers for span identification) and
    ``embeddings`` (use the model's MiniLM heads). Both default to off in the pipeline: the
    accurate mode costs more than spaCy's own time per word, which would halve ``analyze``
    throughput on an archive. Turn it on with ``rashomon analyze ... --set
    techniques.tagger=true --set techniques.embeddings=true`` (needs ``rashomon[embeddings]``).
    """

    name = "techniques"
    version = "5"
    requires = ()
    provides = ("techniques",)
    Settings = TechniqueSettings

    def fingerprint(self) -> str:
        """The settings and a hash of the model folder in use (retraining it redoes documents)."""
        from rashomon.techniques.model import DEFAULT_DIR

        settings = self.settings
        assert isinstance(settings, TechniqueSettings)
        folder = Path(settings.model) if settings.model else DEFAULT_DIR
        return f"{super().fingerprint()} model={folder_hash(str(folder))}"

    def analyse(self, ctx: AnalysisContext) -> list[Item]:
        """Run the detector on the document text; spans are cut from that text exactly."""
        from rashomon.techniques.model import load_model

        settings = self.settings
        assert isinstance(settings, TechniqueSettings)
        folder = Path(settings.model) if settings.model else None
        model = load_model(folder, settings.embeddings, settings.tagger)
        min_score, min_span = settings.min_score, settings.min_span_score
        if min_span is None:
            min_span = model.report_threshold()
        return [
            make_item(
                "techniques",
                ctx.text,
                found.start,
                found.end,
                technique=found.technique,
                score=round(found.score, 4),
                span_score=round(found.span_score, 4),
            )
            for found in model.detect(ctx.text, min_span)
            if found.score >= min_score
        ]
