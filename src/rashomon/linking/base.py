"""What a linker is: a corpus-level component that reads the store and writes linked results."""

from __future__ import annotations

from typing import ClassVar

from rashomon.store.base import Store


class Linker:
    """Base class for corpus-level linkers (actors, stories, contradictions...)."""

    name: ClassVar[str] = ""
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ()  # item kinds it reads
    provides: ClassVar[tuple[str, ...]] = ()  # kinds it writes (``actors`` or linked item kinds)

    def link(self, store: Store) -> None:
        """Recompute this linker's output from the store and write it back atomically."""
        raise NotImplementedError
