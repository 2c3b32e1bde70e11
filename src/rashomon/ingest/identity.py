"""Document identity across runs: a stored document is only ever replaced by its own source.

Within one run ``IdAllocator`` keeps ids unique. Across runs, ``settle`` compares each new
document with what the store holds under its id: a *different* source (another file, another
JSONL feed) that would take an existing id gets the next free ``-2``, ``-3``... id and a
warning, so ``a/report.txt`` and, in a later run, ``b/report.txt`` are both kept. The same source
(or the same text) keeps its id; ``replace=True`` states the intent to replace whatever is
stored under the id. Metadata changes (outlet, date, title, url, author) of an unchanged text
are applied without re-analysing it.
"""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path

from rashomon.document import Document
from rashomon.store.base import DocumentState, Store

METADATA = ("title", "outlet", "date", "url", "author")
_MAX_TRIES = 1000


class Decision(Enum):
    """What to do with a loaded document."""

    ANALYSE = "analyse"
    SKIP = "skip"  # stored with the same text, versions and metadata
    METADATA = "metadata"  # stored with the same text and versions; metadata changed


def source_key(doc: Document | DocumentState) -> str:
    """The file a document came from, as an absolute path when it is one; a JSONL record's line
    number is dropped (a feed that gains a line keeps its records' identity)."""
    source = doc.source or ""
    if isinstance(doc, Document) and doc.meta.get("format") == "jsonl" or _line_suffixed(source):
        source = source.rsplit(":", 1)[0]
    if source in ("", "stdin"):
        return source
    return os.path.abspath(Path(source).expanduser())


def _line_suffixed(source: str) -> bool:
    head, sep, tail = source.rpartition(":")
    return bool(sep and head and tail.isdigit() and head.lower().endswith(".jsonl"))


def settle(
    doc: Document,
    store: Store,
    versions: dict[str, str],
    *,
    force: bool = False,
    replace: bool = False,
    taken: set[str] | None = None,
) -> tuple[Decision, DocumentState | None]:
    """Decide what to do with ``doc``, moving it to a free id when another source owns its id.

    ``taken`` holds ids already given out in this run (they are never moved onto).
    """
    taken = taken if taken is not None else set()
    state = store.state(doc.id)
    if doc.id in taken or (state is not None and not replace and not _same_document(doc, state)):
        state = _move_to_free_id(doc, store, taken)
    taken.add(doc.id)
    if force or state is None or state.sha256 != doc.sha256 or state.analysers != versions:
        return Decision.ANALYSE, state
    changes = metadata_changes(doc, state)
    if "date" in changes:  # relative dates ("on Monday") and event dates resolve against it
        return Decision.ANALYSE, state
    if changes:
        return Decision.METADATA, state
    return Decision.SKIP, state


def _same_document(doc: Document, state: DocumentState) -> bool:
    """The stored document is an earlier version of this one (same source), or the same text."""
    return state.sha256 == doc.sha256 or source_key(doc) == source_key(state)


def _move_to_free_id(doc: Document, store: Store, taken: set[str]) -> DocumentState | None:
    """Give ``doc`` the first ``id-N`` that is free or already holds this same source."""
    base = doc.id
    for number in range(2, _MAX_TRIES):
        candidate = f"{base}-{number}"
        if candidate in taken:
            continue
        state = store.state(candidate)
        if state is None or _same_document(doc, state):
            doc.id = candidate
            owner = store.state(base)
            whose = owner.source if owner and owner.source else "another source"
            # The same words and place as a clash within one run, so a document's warnings do
            # not depend on whether its namesake came in the same run or an earlier one.
            doc.meta.setdefault("warnings", []).insert(0, clash_warning(base, whose, candidate))
            return state
    raise ValueError(f"no free id for {base!r}")  # pragma: no cover - a thousand clashes


def clash_warning(base: str, owner: str, doc_id: str) -> str:
    """The warning of a document moved from ``base`` (taken by ``owner``) to ``doc_id``."""
    return (
        f"id {base!r} is already used by {owner}; this is {doc_id!r}"
        " (give --replace to replace it instead)"
    )


def metadata_changes(doc: Document, state: DocumentState) -> list[str]:
    """Names of the metadata fields whose value differs from the stored one."""
    return [name for name in METADATA if getattr(doc, name) != state.metadata.get(name)]
