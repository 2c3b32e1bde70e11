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
    model's fine-tuned MiniLM tagger for span identification; default: when the model has one
    and ``rashomon[embeddings]`` is installed, else the n-gram scorers alone) and ``embeddings``
    (use the model's MiniLM heads; default: for TC, together with the tagger).
    """

    name = "techniques"
    version = "2"
    requires = ()
    provides = ("techniques",)

    def analyse(self, ctx: AnalysisContext) -> list[Item]:
        """Run the detector on the document text; spans are cut from that text exactly."""
        from pathlib import Path

        from rashomon.techniques.model import load_model

        folder = self.options.get("model")
        embeddings = self.options.get("embeddings")
        embeddings = None if embeddings is None else bool(embeddings)
        tagger = self.options.get("tagger")
        tagger = None if tagger is None else bool(tagger)
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
