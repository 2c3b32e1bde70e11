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

from rashomon.config import Settings as ComponentSettings
from rashomon.config import as_dict, build, fingerprint
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
    """Base class for per-document analysers. Subclass, set the class vars, implement ``analyse``.

    ``Settings`` is the analyser's typed configuration (a frozen dataclass of ``rashomon.config``);
    it is built from keyword options, so a misspelt option is a ``ConfigError``.
    """

    name: ClassVar[str] = ""
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ()
    provides: ClassVar[tuple[str, ...]] = ()
    Settings: ClassVar[type[ComponentSettings]] = ComponentSettings

    def __init__(self, settings: ComponentSettings | None = None, **options: Any) -> None:
        if settings is None:
            settings = build(self.Settings, options, f"analysers.{self.name}")
        elif options:
            raise TypeError("give settings or options, not both")
        self.settings = settings
        self.options: dict[str, Any] = as_dict(settings)

    def fingerprint(self) -> str:
        """What besides code identifies this analyser's output: its settings, and (override to
        add) a hash of any model file it loads. Stored with every document."""
        return fingerprint(self.settings) if self.options else ""

    def analyse(self, ctx: AnalysisContext) -> list[Item]:
        """Return new items; each item's ``kind`` must be one of ``provides``."""
        raise NotImplementedError
