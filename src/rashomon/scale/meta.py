"""The Parquet store's key-value metadata: small values in ``meta.json``, large ones (the story
index, lead vectors: tens of MB at 100k events) each in a file of its own under ``meta/``.

One JSON file for everything made every ``get_meta`` parse, and every ``set_meta`` rewrite, the
whole story index (72 MB at 100k events). Every file is replaced atomically; a key in
``meta.json`` wins over a file of the same key, so each switch between the two is one
``os.replace`` (the file is written before the key leaves ``meta.json``, and removed after the
key enters it).
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from urllib.parse import quote, unquote

BIG_VALUE = 4096  # characters: longer values get a file of their own


class MetaFiles:
    """Key-value metadata of the store at ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.small = root / "meta.json"
        self.folder = root / "meta"

    def _file(self, key: str) -> Path:
        return self.folder / f"{quote(key, safe='')}.txt"

    def _small(self) -> dict[str, str]:
        return json.loads(self.small.read_text("utf-8")) if self.small.exists() else {}

    def get(self, key: str) -> str | None:
        """The value of ``key``, or None."""
        small = self._small()
        if key in small:
            return small[key]
        path = self._file(key)
        return path.read_text("utf-8") if path.exists() else None

    def set(self, key: str, value: str) -> None:
        """Set ``key`` (atomically, whichever file holds it)."""
        small = self._small()
        if len(value) > BIG_VALUE:
            self.folder.mkdir(exist_ok=True)
            self.replace(self._file(key), value)
            if key in small:
                del small[key]
                self.replace(self.small, json.dumps(small, sort_keys=True, indent=1))
        else:
            self.replace(self.small, json.dumps(small | {key: value}, sort_keys=True, indent=1))
            self._file(key).unlink(missing_ok=True)

    def items(self) -> dict[str, str]:
        """Every entry."""
        found = {}
        for path in sorted(self.folder.glob("*.txt")) if self.folder.is_dir() else []:
            found[unquote(path.name[: -len(".txt")])] = path.read_text("utf-8")
        return found | self._small()

    def replace(self, target: Path, text: str) -> None:
        """Write ``text`` to ``target`` through ``_tmp`` and one ``os.replace``."""
        tmp = self.root / "_tmp" / f"{target.name}.{uuid.uuid4().hex[:8]}"
        tmp.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, "utf-8")
        os.replace(tmp, target)
