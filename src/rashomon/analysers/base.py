"""What an analyser is: a named component that reads a document and returns items.

Like spaCy pipeline components, each analyser declares what it ``requires``
(item kinds produced by earlier analysers, or ``"spacy"`` for the parsed Doc)
and what it ``provides`` (the item kinds it returns). The pipeline orders them
from these declarations and records each analyser's ``version`` with the
stored document, so changing an analyser re-analyses only what it touches.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from rashomon.document import Document, Item

if TYPE_CHECKING:
    from spacy.tokens import Doc as SpacyDoc


@dataclass
class AnalysisContext:
    """What an analyser sees: the document, its spaCy parse, and the items made so far."""

    doc: Document
    spacy: SpacyDoc | None = None
    items: dict[str, list[Item]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The normalised document text that every span points into."""
        return self.doc.text

    def get(self, kind: str) -> list[Item]:
        """Items of one kind made by earlier analysers (empty list if none)."""
        return self.items.get(kind, [])


class Analyser:
    """Base class for per-document analysers. Subclass, set the class vars, implement ``analyse``."""

    name: ClassVar[str] = ""
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ()
    provides: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **options: Any) -> None:
        self.options = options

    def analyse(self, ctx: AnalysisContext) -> list[Item]:
        """Return new items; each item's ``kind`` must be one of ``provides``."""
        raise NotImplementedError
