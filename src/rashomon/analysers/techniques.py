"""Persuasion techniques (the 14 of the PTC corpus) as spans, with a 0-1 confidence."""

from __future__ import annotations

from rashomon.analysers.base import Analyser, AnalysisContext
from rashomon.analysers.registry import register
from rashomon.document import Item, make_item


@register
class Techniques(Analyser):
    """One ``techniques`` item per detected span: its ``technique`` name and ``score``.

    Options: ``model`` (a folder written by ``rashomon techniques train``; default: the
    shipped model), ``min_score`` (drop items scoring below it; default 0), ``tagger`` (use the
    model's fine-tuned MiniLM tagger for span identification) and ``embeddings`` (use the
    model's MiniLM heads for the technique). Both default to off in the pipeline: they lift SI
    F1 from 0.384 to 0.426 and TC micro-F1 from 0.590 to 0.615 on the PTC dev split, but cost
    about twice spaCy's own time, which would halve ``analyze`` throughput on an archive. Turn
    them on with ``rashomon analyze ... --set techniques.tagger=true --set
    techniques.embeddings=true`` (needs ``rashomon[embeddings]``).
    """

    name = "techniques"
    version = "3"
    requires = ()
    provides = ("techniques",)

    def analyse(self, ctx: AnalysisContext) -> list[Item]:
        """Run the detector on the document text; spans are cut from that text exactly."""
        from pathlib import Path

        from rashomon.techniques.model import load_model

        folder = self.options.get("model")
        embeddings = bool(self.options.get("embeddings", False))
        tagger = bool(self.options.get("tagger", False))
        model = load_model(Path(folder) if folder else None, embeddings, tagger)
        min_score = float(self.options.get("min_score", 0.0))
        return [
            make_item(
                "techniques",
                ctx.text,
                found.start,
                found.end,
                technique=found.technique,
                score=round(found.score, 4),
            )
            for found in model.detect(ctx.text)
            if found.score >= min_score
        ]
