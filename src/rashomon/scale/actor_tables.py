"""The Parquet store's actors: one generation folder holding ``actors.parquet`` (one row an
actor) and ``links.parquet`` (mention -> actor), replaced whole or updated inside DuckDB."""

from __future__ import annotations

import json
import threading
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from rashomon.scale.layout import dumps, write_table
from rashomon.store.base import Actor, Store


def actor_row(actor: Actor) -> dict[str, str]:
    """An actor as a row of ``actors.parquet``."""
    return {"id": actor.id, "name": actor.name, "type": actor.type} | {
        "aliases": dumps(actor.aliases),
        "data": dumps(actor.fields),
    }


def sql_path(path: Path) -> str:
    """A path as a quoted SQL string."""
    return "'" + str(path).replace("'", "''") + "'"


class ActorTables(Store):
    """The actor methods of ``ParquetStore`` (which provides the folder, the DuckDB
    connection and the generation helpers)."""

    root: Path
    conn: Any
    _lock: threading.Lock
    _links: tuple[str, dict[str, str]] | None = None  # generation, its links

    def _query(self, sql: str, params: Sequence[object] = ()) -> Any:
        raise NotImplementedError

    def _replace_generation(self, folder: Path, fill: Any) -> None:
        raise NotImplementedError

    @staticmethod
    def _current(folder: Path) -> Path | None:
        raise NotImplementedError

    def actors(self) -> list[Actor]:
        """All canonical actors, ordered by id."""
        folder = self._current(self.root / "actors")
        if folder is None:
            return []
        sql = f"SELECT * FROM read_parquet({sql_path(folder / 'actors.parquet')}) ORDER BY id"
        rows = self._query(sql).fetchall()
        return [Actor(r[0], r[1], r[2], json.loads(r[3]), json.loads(r[4])) for r in rows]

    def actor_heads(self) -> dict[str, tuple[str, str, Any]]:
        """Actor id -> (name, type, parent) (``Store``): DuckDB extracts the parent from each
        actor's JSON, so the 37k actors of 100k events are not parsed whole (0.3 s a read)."""
        from rashomon.scale.reads import json_value

        folder = self._current(self.root / "actors")
        if folder is None:
            return {}
        sql = (
            "SELECT id, name, type, json_extract(data, '$.parent')"
            f" FROM read_parquet({sql_path(folder / 'actors.parquet')}) ORDER BY id"
        )
        return {r[0]: (r[1], r[2], json_value(r[3])) for r in self._query(sql).fetchall()}

    def actor_links(self) -> dict[str, str]:
        """Mention id -> actor id (kept per actors generation: the stories linker asks up to
        four times a run, 209k rows at 100k events)."""
        folder = self._current(self.root / "actors")
        if folder is None:
            return {}
        if self._links is None or self._links[0] != folder.name:
            sql = f"SELECT mention, actor FROM read_parquet({sql_path(folder / 'links.parquet')})"
            self._links = (folder.name, dict(self._query(sql).fetchall()))
        return dict(self._links[1])

    def doc_actors(self) -> dict[str, set[str]]:
        """Document id -> the actors its mentions are linked to (``Store``), joined in DuckDB:
        the distinct pairs come back, not every mention with its link."""
        folder = self._current(self.root / "actors")
        source = self._live_items(["i.kind = ?"])
        if folder is None or source is None:
            return {}
        links = sql_path(folder / "links.parquet")
        sql = (
            f"SELECT DISTINCT m.doc, l.actor FROM ({source}) m"
            f" JOIN read_parquet({links}) l ON l.mention = m.id"
        )
        out: dict[str, set[str]] = {}
        for doc_id, actor in self._query(sql, ["mentions"]).fetchall():
            out.setdefault(doc_id, set()).add(actor)
        return out

    def _live_items(self, where: list[str]) -> str | None:
        raise NotImplementedError

    def replace_actors(self, actors: Iterable[Actor], links: dict[str, str]) -> None:
        """Replace all actors and the mention -> actor links atomically (one new generation)."""
        rows = [actor_row(a) for a in actors]
        pairs = [{"mention": m, "actor": a} for m, a in sorted(links.items())]

        def fill(folder: Path) -> None:
            write_table(rows, "actors", folder / "actors.parquet")
            write_table(pairs, "links", folder / "links.parquet")

        self._replace_generation(self.root / "actors", fill)

    def update_actors(
        self, actors: Iterable[Actor], links: Mapping[str, str], stale: Collection[str]
    ) -> None:
        """Drop the stale actors and their links, add the new ones (``Store``): the kept rows
        go from the old generation to the new one inside DuckDB."""
        from rashomon.scale.linked import copy_actors

        old = self._current(self.root / "actors")
        if old is None:
            super().update_actors(actors, links, stale)
            return
        rows = [actor_row(a) for a in actors]
        with self._lock:
            self._replace_generation(
                self.root / "actors",
                lambda f: copy_actors(self.conn, old, f, (rows, links, stale)),
            )
