"""The two data types everything else passes around: Document and Item (a typed span)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Document:
    """One article: normalised text plus metadata. Every span points into ``text``."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD or full timestamp), or None when unknown
    url: str | None = None
    author: str | None = None
    language: str | None = None
    source: str | None = None  # where it came from (path, "stdin", "file.jsonl:12")
    meta: dict[str, Any] = field(default_factory=dict)  # warnings, detection notes, duplicates

    @property
    def sha256(self) -> str:
        """Hash of the normalised text: identifies the content, not the file."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def metadata(self) -> dict[str, Any]:
        """The exported metadata fields, in contract order."""
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "date": self.date,
            "url": self.url,
            "author": self.author,
            "language": self.language,
            "sha256": self.sha256,
        }


@dataclass
class Item:
    """A typed span of one document: ``doc.text[start:end] == text`` always.

    ``kind`` is the export list it belongs to (``mentions``, ``quotes``...);
    ``fields`` holds the kind's typed fields. A field named ``<role>_mention``
    holding a mention id is resolved at export time to ``<role>`` = that
    mention's actor id (so per-document analysers can point at speakers and
    agents before corpus-level actor merging has run).
    """

    kind: str
    start: int
    end: int
    text: str
    fields: dict[str, Any] = field(default_factory=dict)
    id: str = ""
    doc: str = ""  # document id, set by the pipeline (and by linkers for corpus-level items)

    def as_dict(self) -> dict[str, Any]:
        """The exported form: ``id, doc, start, end, text`` then the typed fields."""
        return {
            "id": self.id,
            "doc": self.doc,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            **self.fields,
        }

    def check(self, doc_text: str) -> None:
        """Raise ValueError when the span does not match the document text."""
        if not (0 <= self.start <= self.end <= len(doc_text)):
            raise ValueError(f"{self.kind} span {self.start}:{self.end} outside text")
        if doc_text[self.start : self.end] != self.text:
            raise ValueError(
                f"{self.kind} span {self.start}:{self.end} is {doc_text[self.start : self.end]!r},"
                f" not {self.text!r}"
            )


def span_of(text: str, start: int, end: int) -> dict[str, Any]:
    """A sub-span field (``cue_span``, ``speaker_span``...): offsets and the exact words."""
    return {"start": start, "end": end, "text": text[start:end]}


def make_item(kind: str, text: str, start: int, end: int, /, **fields: Any) -> Item:
    """Build an Item whose text is cut from ``text`` so that the span is exact by construction.

    The first four parameters are positional-only, so ``fields`` may hold a ``kind`` of its own
    (quotes are ``direct``/``indirect``, contradictions ``numbers``/``blame``...).
    """
    return Item(kind=kind, start=start, end=end, text=text[start:end], fields=fields)


def stable_id(*parts: object, prefix: str = "", length: int = 12) -> str:
    """A short deterministic id from its parts (same parts, same id, on every machine)."""
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:length]
    return f"{prefix}{digest}"
