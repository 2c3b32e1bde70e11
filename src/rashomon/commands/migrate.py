"""``rashomon migrate SRC DST``: copy a store between SQLite (a file) and Parquet (a folder)."""

from __future__ import annotations

from pathlib import Path

import typer

from rashomon.console import console
from rashomon.document import Item
from rashomon.errors import StoreError
from rashomon.store.base import Store


def register(app: typer.Typer) -> None:
    """Add the ``migrate`` command."""
    app.command("migrate")(migrate_command)


def migrate_command(
    src: str = typer.Argument(..., help="The store to read: an SQLite file or a Parquet folder."),
    dst: str = typer.Argument(
        ..., help="The new store: a folder (or a path ending in /) is Parquet, else SQLite."
    ),
) -> None:
    """Copy every document, item, actor, link and corpus-level result into a new store."""
    from rashomon.commands.export import open_existing
    from rashomon.store import open_store

    if Path(dst).exists() and (Path(dst).is_file() or any(Path(dst).iterdir())):
        raise StoreError(f"{dst}: already exists; migrate writes a new store")
    with open_existing(src) as source, open_store(dst) as target:
        documents = migrate(source, target)
    console.print(f"{documents} documents: {src} -> {dst}", highlight=False)


def migrate(source: Store, target: Store) -> int:
    """Copy ``source`` into the empty ``target``; return the number of documents copied."""
    from rashomon.linking.stories import DOC_VECTORS_KEY, STATE_KEY
    from rashomon.linking.story_records import VECTORS_KEY
    from rashomon.scale.records import chunks, records
    from rashomon.store.parquet import ParquetStore

    count = 0
    for chunk in chunks(records(source)):
        if isinstance(target, ParquetStore):
            target.save_many(chunk)  # one partition per chunk, not one per document
        else:
            for r in chunk:
                target.save_document(
                    r.doc, r.items, r.analysers, signature=r.signature, duplicates=r.duplicates
                )
        count += len(chunk)
    target.replace_actors(source.actors(), source.actor_links())
    by_linker: dict[str, list[Item]] = {}
    for item in source.linked():
        by_linker.setdefault(_linker_of(item.kind), []).append(item)
    for linker, items in by_linker.items():
        target.replace_linked(linker, items)
    # The store's own bookkeeping: whether links are current, with which linker versions, and
    # the story index and vector caches that let the next analyze link new documents
    # incrementally (without them it re-encodes every sentence).
    for key in ("links_stale", "linkers", STATE_KEY, DOC_VECTORS_KEY, VECTORS_KEY):
        value = source.get_meta(key)
        if value is not None:
            target.set_meta(key, value)
    return count


def _linker_of(kind: str) -> str:
    """The registered linker that provides ``kind`` (the store keeps items per linker)."""
    from rashomon.linking import linker_classes

    for cls in linker_classes():
        if kind in cls.provides:
            return cls.name
    return kind
