"""A linker's output updated group by group in the Parquet store (``Store.update_linked``).

An incremental linker recomputes a few groups (the stories new articles joined) of hundreds of
thousands of items. The kept rows are copied from the old generation's file to the new one by
DuckDB, filtered on their group (a JSON field), without turning them into Python items; the new
items are written first to a file of their own in the new generation's folder, streamed.

Order: readers sort linked items by ``doc, seq``. A whole ``replace_linked`` numbers items in the
order the linker emits them (group by group), so here ``seq`` becomes the group's rank in
``update.order`` times 2^32 plus the item's place inside its group (an old row's ``seq`` modulo
2^32 keeps its place): any two items compare exactly as after a whole rewrite of the same output.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from rashomon.scale.layout import arrow, item_row, write_table
from rashomon.store.base import LinkedUpdate

if TYPE_CHECKING:
    import duckdb

GROUP_SPAN = 2**32  # items a group may hold; ranks are multiplied by it
COLUMNS = 'id, doc, kind, start, "end", text, data'
ROW_GROUP = 2048  # rows a row group: linked rows run to 10 kB of JSON, DuckDB's default 122,880


def copy_update(
    conn: duckdb.DuckDBPyConnection, old: Path, folder: Path, linker: str, update: LinkedUpdate
) -> None:
    """Write into ``folder/items.parquet`` the rows of ``old`` whose group is current and not
    stale, then the new items; both re-numbered so that the order is a whole rewrite's."""
    pa, _ = arrow()
    rank = {group: n for n, group in enumerate(update.order)}
    fresh = folder / "new.parquet"
    write_table(
        (item_row(it, n) | {"linker": linker} for n, it in enumerate(update.items)),
        "linked",
        fresh,
    )
    ranks = pa.table(
        {
            "g": list(rank),
            "rank": list(rank.values()),
            "stale": [g in update.stale for g in rank],
        },
        schema=pa.schema([("g", pa.string()), ("rank", pa.int64()), ("stale", pa.bool_())]),
    )
    path = f"$.{update.field}"
    # the group: a field of the item's JSON, or ``id``: the item is its own group
    old_g, new_g = (
        ("o.id", "n.id") if update.field == "id" else ("json_extract_string(o.data, ?)",) * 2
    )
    new_g = new_g.replace("o.data", "n.data")
    sql = f"""
        COPY (
            SELECT {COLUMNS}, r.rank * {GROUP_SPAN} + o.seq % {GROUP_SPAN} AS seq, o.linker
            FROM read_parquet(?) o JOIN _ranks r ON r.g = {old_g}
            WHERE NOT r.stale
            UNION ALL
            SELECT {COLUMNS}, coalesce(r.rank, {len(rank)}) * {GROUP_SPAN} + n.seq AS seq, n.linker
            FROM read_parquet(?) n LEFT JOIN _ranks r ON r.g = {new_g}
        ) TO '{_quoted(folder / "items.parquet")}'
        (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {ROW_GROUP})
    """
    conn.register("_ranks", ranks)
    # Readers sort by seq, so the copy need not keep the input order, which lets DuckDB stream
    # instead of buffering every thread's output (4.8 GB peak for 461k rows with it kept).
    conn.execute("SET preserve_insertion_order = false")
    try:
        args = (
            [str(old), str(fresh)] if update.field == "id" else [str(old), path, str(fresh), path]
        )
        conn.execute(sql, args)
    finally:
        conn.execute("RESET preserve_insertion_order")
        conn.unregister("_ranks")
    fresh.unlink()


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
