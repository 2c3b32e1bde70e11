"""What a linker is: a corpus-level component that reads the store and writes linked results."""

from __future__ import annotations

from typing import Any, ClassVar

from rashomon.config import Settings as ComponentSettings
from rashomon.config import as_dict, build, fingerprint
from rashomon.store.base import Store


class Linker:
    """Base class for corpus-level linkers (actors, stories, contradictions...).

    Linkers run after every document is analysed, ordered from what they ``requires`` (item
    kinds of analysers or of other linkers) and ``provides``. ``Settings`` holds their typed
    thresholds; settings and ``fingerprint`` are part of the stored linker versions, so a change
    of either re-links on the next ``analyze``.
    """

    name: ClassVar[str] = ""
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ()  # item kinds it reads
    provides: ClassVar[tuple[str, ...]] = ()  # kinds it writes (``actors`` or linked item kinds)
    Settings: ClassVar[type[ComponentSettings]] = ComponentSettings

    def __init__(self, settings: ComponentSettings | None = None, **options: Any) -> None:
        if settings is None:
            settings = build(self.Settings, options, f"linkers.{self.name}")
        self.settings = settings

    def fingerprint(self, store: Store | None = None) -> str:
        """What besides code identifies this linker's output (its settings; override to add
        the hash of a file it reads, such as the user's alias file)."""
        return fingerprint(self.settings) if as_dict(self.settings) else ""

    def link(self, store: Store) -> None:
        """Recompute this linker's output from the store and write it back atomically."""
        raise NotImplementedError
