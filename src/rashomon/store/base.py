"""The store interface: the only way analysers' results are persisted or read back."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from rashomon.document import Document, Item


@dataclass
class Actor:
    """A canonical real-world entity that mentions across the corpus are merged into."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)  # parent, notes, mention counts...

    def as_dict(self) -> dict[str, Any]:
        """The exported form: ``id, name, type, aliases`` then extra fields."""
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            **self.fields,
        }


@dataclass
class DocumentState:
    """What the store knows about a stored document, to decide whether to redo it."""

    sha256: str
    analysers: dict[str, str]
    source: str | None = None
    metadata: dict[str, str | None] = field(default_factory=dict)  # title, outlet, date, url...


@dataclass
class Duplicate:
    """A link from a document to an earlier one with the same or nearly the same text."""

    doc: str
    other: str
    kind: str  # "exact" or "near"
    similarity: float


@dataclass
class LinkedUpdate:
    """A linker's output for some of its groups (stories, outlets...), for ``update_linked``."""

    kinds: Sequence[str]  # the item kinds the linker writes
    field: str  # the item field naming an item's group, e.g. ``story``
    order: Sequence[str]  # every group now, in the order the linker emits them
    stale: set[str]  # the groups recomputed: their stored items are dropped
    items: Iterable[Item] = ()  # the new items of the stale groups, in group order

    def group(self, item: Item) -> str:
        """The group of an item: its ``field``, or its id when ``field`` is ``id``."""
        return item.id if self.field == "id" else str(item.fields.get(self.field))


class Store(ABC):
    """Documents, their items, actors and corpus-level items, persisted consistently."""

    @abstractmethod
    def state(self, doc_id: str) -> DocumentState | None:
        """The stored hash and analyser versions of a document, or None if absent."""

    @abstractmethod
    def save_document(
        self,
        doc: Document,
        items: Iterable[Item],
        analysers: dict[str, str],
        *,
        signature: bytes | None = None,
        duplicates: Iterable[Duplicate] = (),
    ) -> None:
        """Replace one document and all its items atomically (one transaction)."""

    @abstractmethod
    def update_metadata(self, doc: Document) -> None:
        """Replace a stored document's metadata (title, outlet, date, url, author, source, meta)
        without touching its text or items."""

    @abstractmethod
    def documents(self) -> Iterator[Document]:
        """All stored documents, ordered by id."""

    @abstractmethod
    def document(self, doc_id: str) -> Document | None:
        """One stored document, or None."""

    @abstractmethod
    def items(self, kind: str | None = None, doc: str | None = None) -> Iterator[Item]:
        """Stored per-document items, optionally of one kind and/or one document."""

    @abstractmethod
    def kinds(self) -> dict[str, int]:
        """Item counts by kind (per-document and corpus-level)."""

    @abstractmethod
    def hashes(self) -> Iterator[tuple[str, str]]:
        """(document id, sha256) of every stored document."""

    @abstractmethod
    def signatures(self) -> Iterator[tuple[str, bytes]]:
        """Near-duplicate signatures of stored documents."""

    @abstractmethod
    def duplicates(self) -> list[Duplicate]:
        """All recorded duplicate links."""

    @abstractmethod
    def replace_actors(self, actors: Iterable[Actor], links: dict[str, str]) -> None:
        """Replace all actors and the mention -> actor links atomically."""

    def update_actors(
        self, actors: Iterable[Actor], links: Mapping[str, str], stale: Collection[str]
    ) -> None:
        """Drop the actors whose ids are in ``stale`` and every link to them, then add
        ``actors`` and ``links``, atomically (an incremental actors run: the other actors and
        their links stay as stored). Default: read everything back and replace it."""
        gone = set(stale)
        kept = [a for a in self.actors() if a.id not in gone]
        merged = {m: a for m, a in self.actor_links().items() if a not in gone} | dict(links)
        self.replace_actors(sorted([*kept, *actors], key=lambda a: a.id), merged)

    def doc_items(
        self, kind: str, docs: Collection[str], ids: Collection[str] | None = None
    ) -> Iterator[Item]:
        """The items of ``kind`` of the documents ``docs`` (only those whose id is in ``ids``,
        when given), by document id then store order (a store may read them in one query).
        Default: document by document."""
        wanted = set(ids) if ids is not None else None
        for doc in sorted(docs):
            for it in self.items(kind, doc=doc):
                if wanted is None or it.id in wanted:
                    yield it

    def items_by_doc(self, kind: str, docs: Iterable[str]) -> dict[str, list[Item]]:
        """Doc -> its items of ``kind`` in store order, every one of ``docs`` present (one read:
        ``doc_items``)."""
        found: dict[str, list[Item]] = {d: [] for d in sorted(set(docs))}
        for item in self.doc_items(kind, found):
            found[item.doc].append(item)
        return found

    @abstractmethod
    def actors(self) -> list[Actor]:
        """All canonical actors, ordered by id."""

    def actor_heads(self) -> dict[str, tuple[str, str, Any]]:
        """Actor id -> (name, type, parent field): what linkers read of every actor (a store
        may read these without parsing aliases and fields). Default: from ``actors``."""
        return {a.id: (a.name, a.type, a.fields.get("parent")) for a in self.actors()}

    @abstractmethod
    def actor_links(self) -> dict[str, str]:
        """Mention id -> actor id."""

    def doc_actors(self) -> dict[str, set[str]]:
        """Document id -> the actors its mentions are linked to (documents with none left
        out). Default: from every mention's id and the links; a store may join them itself."""
        links = self.actor_links()
        out: dict[str, set[str]] = {}
        for mention, doc_id, *_ in self.item_fields("mentions", ()):  # ids alone, JSON unread
            if mention in links:
                out.setdefault(doc_id, set()).add(links[mention])
        return out

    @abstractmethod
    def replace_linked(self, linker: str, items: Iterable[Item]) -> None:
        """Replace everything one corpus-level linker produced, atomically."""

    def replace_grouped(self, linker: str, update: LinkedUpdate) -> None:
        """Replace everything one linker produced with ``update.items`` (every group of
        ``update`` recomputed), read back in the order ``replace_linked`` gives; a store may
        keep each item's group so that later updates are cheaper. Default: ``replace_linked``."""
        self.replace_linked(linker, update.items)

    def update_linked(self, linker: str, update: LinkedUpdate) -> None:
        """Replace one linker's items of the groups ``update.stale`` (and of groups no longer in
        ``update.order``) with ``update.items``, keeping its other items, atomically; the order
        is that of a whole ``replace_linked`` of the same items in ``update.order``. Default:
        read the kept items back and replace everything (a store may do it without parsing)."""
        rank = {group: n for n, group in enumerate(update.order)}
        kept = [
            (rank[g], 0, n, it)
            for kind in update.kinds
            for n, it in enumerate(self.linked(kind))
            if (g := update.group(it)) in rank and g not in update.stale
        ]
        new = [
            (rank.get(update.group(it), len(rank)), 1, n, it) for n, it in enumerate(update.items)
        ]
        self.replace_linked(linker, [row[-1] for row in sorted(kept + new, key=lambda r: r[:3])])

    def item_fields(
        self,
        kind: str,
        names: Sequence[str],
        *,
        linked: bool = False,
        within: tuple[str, Collection[str]] | None = None,
    ) -> Iterator[tuple[Any, ...]]:
        """``(id, doc, text, *values)`` of every item of ``kind`` (a linker's, with ``linked``)
        in store order, each value the item's field of that name or None; ``within``: only
        the items whose string field (first) is one of the values (second). A store may read
        these fields alone, without turning whole items into Python. Default: from the items."""
        for it in self.linked(kind) if linked else self.items(kind):
            if within is None or it.fields.get(within[0]) in within[1]:
                yield (it.id, it.doc, it.text, *(it.fields.get(name) for name in names))

    def changed_since(self, mark: str | None) -> tuple[str, set[str] | None]:
        """The store's change mark now, and the ids of the documents saved after ``mark`` was
        taken: None when that is not known (no mark, or a store that keeps none), and then every
        document counts as changed. Default: the store keeps no marks."""
        return "", None

    @abstractmethod
    def linked(self, kind: str | None = None) -> Iterator[Item]:
        """Corpus-level items (stories, contradictions...), optionally of one kind."""

    @abstractmethod
    def get_meta(self, key: str) -> str | None:
        """A value from the store's key-value metadata."""

    @abstractmethod
    def set_meta(self, key: str, value: str) -> None:
        """Set a key-value metadata entry."""

    @abstractmethod
    def close(self) -> None:
        """Release the store."""

    def snapshot(self) -> AbstractContextManager[object]:
        """Reads inside see the store as it was at their first read, whatever is written
        meanwhile (every document with all its items, or not at all). Default: no isolation."""
        return nullcontext()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
