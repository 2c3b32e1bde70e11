"""Storage behind one interface. ``open_store(path)`` gives the SQLite store for a file and the
Parquet store (``rashomon.store.parquet``) for a folder."""

from __future__ import annotations

from rashomon.store.base import Actor, DocumentState, Store
from rashomon.store.sqlite import SQLiteStore


def open_store(path: str) -> Store:
    """Open (creating and migrating if needed) the store at ``path``: a folder (existing, or
    ending in ``/``) is a Parquet store, anything else an SQLite file."""
    from rashomon.scale.layout import is_parquet_store

    if is_parquet_store(path):
        from rashomon.store.parquet import ParquetStore

        return ParquetStore(path)
    return SQLiteStore(path)


__all__ = ["Actor", "DocumentState", "SQLiteStore", "Store", "open_store"]
