"""Storage behind one interface. ``open_store(path)`` gives the SQLite store for a file and the
Parquet store (``rashomon.store.parquet``) for a folder."""

from __future__ import annotations

from pathlib import Path

from rashomon.errors import StoreError
from rashomon.store.base import Actor, DocumentState, Store
from rashomon.store.sqlite import SQLiteStore


def open_store(path: str, *, create: bool = True) -> Store:
    """Open the store at ``path``: a folder (existing, or ending in ``/``) is a Parquet store,
    anything else an SQLite file. ``create=False`` (reading commands) opens only an existing
    rashomon store and raises StoreError otherwise, creating and changing nothing."""
    from rashomon.scale.layout import MARKER, is_parquet_store

    if is_parquet_store(path):
        if not create and not (Path(path) / MARKER).is_file():
            raise StoreError(_missing(path, Path(path).exists()))
        from rashomon.store.parquet import ParquetStore

        return ParquetStore(path)
    if not create and not Path(path).is_file():
        raise StoreError(_missing(path, Path(path).exists()))
    return SQLiteStore(path, create=create)


def _missing(path: str, exists: bool) -> str:
    if exists:
        return f"{path}: not a rashomon store; not touched (give another --db)"
    return f"{path}: no such store; run `rashomon analyze PATHS --db {path}` first"


__all__ = ["Actor", "DocumentState", "SQLiteStore", "Store", "open_store"]
