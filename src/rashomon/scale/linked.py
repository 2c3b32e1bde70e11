"""The Parquet store's actors updated in place of a whole rewrite (``Store.update_actors``):
the kept actors and links go from the old generation to the new one inside DuckDB. (A linker's
linked items are updated as layers: ``rashomon.scale.layers``.)
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from rashomon.scale.layout import arrow, write_table

if TYPE_CHECKING:
    import duckdb


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def copy_actors(
    conn: duckdb.DuckDBPyConnection,
    old: Path,
    folder: Path,
    update: tuple[list[dict[str, str]], Mapping[str, str], Collection[str]],
) -> None:
    """Write into ``folder`` the actors and links of ``old`` that are not stale, with the new
    rows (``Store.update_actors``): the kept rows never become Python objects."""
    pa, _ = arrow()
    rows, links, stale = update
    text = pa.string()
    gone = pa.table({"id": sorted(set(stale))}, schema=pa.schema([("id", text)]))
    fresh = folder / "new_actors.parquet"
    write_table(rows, "actors", fresh)
    pairs = pa.table(
        {"mention": list(links), "actor": list(links.values())},
        schema=pa.schema([("mention", text), ("actor", text)]),
    )
    conn.register("_gone", gone)
    conn.register("_pairs", pairs)
    try:
        conn.execute(
            f"""COPY (SELECT * FROM (
                SELECT * FROM read_parquet(?) WHERE id NOT IN (SELECT id FROM _gone)
                UNION ALL SELECT * FROM read_parquet(?)) ORDER BY id)
            TO '{_quoted(folder / "actors.parquet")}' (FORMAT parquet, COMPRESSION zstd)""",
            [str(old / "actors.parquet"), str(fresh)],
        )
        conn.execute(
            f"""COPY (SELECT * FROM (
                SELECT mention, actor FROM read_parquet(?)
                WHERE actor NOT IN (SELECT id FROM _gone)
                UNION ALL SELECT mention, actor FROM _pairs) ORDER BY mention)
            TO '{_quoted(folder / "links.parquet")}' (FORMAT parquet, COMPRESSION zstd)""",
            [str(old / "links.parquet")],
        )
    finally:
        conn.unregister("_gone")
        conn.unregister("_pairs")
    fresh.unlink()
