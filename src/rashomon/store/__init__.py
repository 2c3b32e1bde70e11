"""Storage behind one interface. ``open_store(path)`` gives the SQLite store."""

from __future__ import annotations

from rashomon.store.base import Actor, DocumentState, Store
from rashomon.store.sqlite import SQLiteStore


def open_store(path: str) -> Store:
    """Open (creating and migrating if needed) the store at ``path``."""
    return SQLiteStore(path)


__all__ = ["Actor", "DocumentState", "SQLiteStore", "Store", "open_store"]
