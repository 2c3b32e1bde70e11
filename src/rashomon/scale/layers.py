"""A linker's output as layers in the Parquet store: a base file and delta files, so that an
incremental run writes only the rows it recomputed (``Store.update_linked``).

A layered generation folder holds::

    layers.json            {"field": <the group field>, "layers": n, "rows": rows in all files}
    layer-00000.parquet    rows, each with its group (``grp``) and its layer number
    layer-00001.parquet    the rows of the groups one update recomputed
    groups.parquet         g, layer, base, rows: each live group's layer and order offset

A row is read when its (group, layer) is in ``groups.parquet``: an update adds one layer with its
new rows and points the recomputed groups at it, so the rows those groups had before are no
longer read, and a dropped group is simply absent. The layers written before are hard links to
the previous generation's files (a copy where the file system has none): nothing is rewritten,
and the new generation still appears with one ``rename`` as before.

Order: readers sort linked items by ``doc, seq``. A row's ``seq`` read back is its group's
``base`` plus its stored ``seq`` modulo 2^32: ``base`` is 0 in a whole output (``seq`` is then
the place the linker emitted the item at, as ``replace_linked`` numbers it) and the group's rank
in the update's ``order`` times 2^32 after an update, which is the numbering of a rewrite
(``rashomon.scale.linked``): a kept row keeps its place inside its group, groups follow
``order``, new rows of a group not in ``order`` come last.

Compaction: when there are more than ``MAX_LAYERS`` layers, or the rows no longer read exceed
``DEAD_SHARE`` of the rows in the files, an update rewrites the live rows and its new ones into
one base layer inside DuckDB (what every update cost before). A generation written before
layers existed (one ``items.parquet``, no group column) is rewritten the same way once.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rashomon.scale.actor_tables import sql_path
from rashomon.scale.layout import arrow, item_row, write_table
from rashomon.store.base import LinkedUpdate

if TYPE_CHECKING:
    import duckdb

GROUP_SPAN = 2**32  # items a group may hold; ranks are multiplied by it
MANIFEST = "layers.json"
GROUPS = "groups.parquet"
PLAIN = "items.parquet"  # a generation of one file, no layers (replace_linked)
MAX_LAYERS = 12  # more layers than this: the next update compacts them into one
DEAD_SHARE = 0.3  # rows no longer read, as a share of the files' rows, that trigger compaction
COLUMNS = ("id", "doc", "kind", "start", '"end"', "text", "data")
ROW_GROUP = 2048  # rows a row group in DuckDB's copies: linked rows run to 10 kB of JSON


def layer_name(n: int) -> str:
    """The file name of layer ``n``."""
    return f"layer-{n:05d}.parquet"


def is_layered(folder: Path) -> bool:
    """Whether the generation in ``folder`` is written as layers."""
    return (folder / MANIFEST).exists()


def read_sql(folder: Path, group: str | None = None) -> str:
    """SQL for the live rows of the generation in ``folder``: ``id, doc, kind, start, "end",
    text, data, seq, linker`` (and ``grp``, the group named by the item field ``group``)."""
    cols = ", ".join(f"o.{c}" for c in COLUMNS)
    if not is_layered(folder):
        grp = f", {_group_expr(group)} AS grp" if group else ""
        return (
            f"SELECT {cols}, o.seq, o.linker{grp} FROM read_parquet({sql_path(folder / PLAIN)}) o"
        )
    manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    files = ", ".join(sql_path(folder / layer_name(n)) for n in range(manifest["layers"]))
    same = group is None or group == manifest["field"]
    grp = "" if group is None else f", {'o.grp' if same else _group_expr(group)} AS grp"
    return (
        f"SELECT {cols}, g.base + o.seq % {GROUP_SPAN} AS seq, o.linker{grp}"
        f" FROM read_parquet([{files}]) o JOIN read_parquet({sql_path(folder / GROUPS)}) g"
        " ON g.g = o.grp AND g.layer = o.layer"
    )


def _group_expr(field: str) -> str:
    """The group of a row of ``o`` read from its JSON (or its id)."""
    return "o.id" if field == "id" else f"json_extract_string(o.data, '$.{field}')"


def write_whole(folder: Path, linker: str, update: LinkedUpdate) -> None:
    """A whole output (every group recomputed) as layer 0, in the order the items come."""
    counts = _write_layer(folder, linker, update, 0)
    groups = {g: (0, 0, n) for g, n in counts.items()}
    _finish(folder, update.field, 1, groups)


def write_update(
    conn: duckdb.DuckDBPyConnection, old: Path, folder: Path, linker: str, update: LinkedUpdate
) -> None:
    """The generation after ``update`` over the one in ``old``: one more layer when it can be,
    else (too many layers or dead rows, or an old generation without layers) a rewrite."""
    layered = is_layered(old)
    manifest = json.loads((old / MANIFEST).read_text("utf-8")) if layered else {}
    layer = manifest.get("layers", 0)
    counts = _write_layer(folder, linker, update, layer)
    usable = layered and manifest["field"] == update.field
    groups = _next_groups(old, update, counts, layer) if usable else None
    if groups is not None:
        rows = manifest["rows"] + sum(counts.values())
        live = sum(g[2] for g in groups.values())
        if layer + 1 <= MAX_LAYERS and rows - live <= DEAD_SHARE * rows:
            for n in range(layer):
                _link(old / layer_name(n), folder / layer_name(n))
            _finish(folder, update.field, layer + 1, groups, rows)
            return
    _rewrite(conn, old, folder, update, folder / layer_name(layer))


def _write_layer(folder: Path, linker: str, update: LinkedUpdate, layer: int) -> Counter[str]:
    """Write ``update.items`` (streamed) as layer ``layer``; return each group's row count."""
    counts: Counter[str] = Counter()

    def rows() -> Any:
        for n, it in enumerate(update.items):
            group = update.group(it)
            counts[group] += 1
            yield item_row(it, n) | {"linker": linker, "grp": group, "layer": layer}

    write_table(rows(), "layer", folder / layer_name(layer))
    return counts


def _next_groups(
    old: Path, update: LinkedUpdate, counts: Counter[str], layer: int
) -> dict[str, tuple[int, int, int]] | None:
    """Each live group's (layer, base, rows) after ``update``, or None when a group would need
    rows of two layers (new items of a group kept as stored: a rewrite keeps both)."""
    _, pq = arrow()
    stored = {r["g"]: (r["layer"], r["rows"]) for r in pq.read_table(old / GROUPS).to_pylist()}
    rank = {g: n for n, g in enumerate(update.order)}
    if any(g in rank and g not in update.stale and g in stored for g in counts):
        return None
    out: dict[str, tuple[int, int, int]] = {}
    for g, n in rank.items():
        if g in counts:
            out[g] = (layer, n * GROUP_SPAN, counts[g])
        elif g not in update.stale and g in stored:
            out[g] = (stored[g][0], n * GROUP_SPAN, stored[g][1])
    for g, c in counts.items():
        if g not in rank:  # after every ranked group, in the order they came
            out[g] = (layer, len(rank) * GROUP_SPAN, c)
    return out


def _finish(
    folder: Path,
    field: str,
    layers: int,
    groups: dict[str, tuple[int, int, int]],
    rows: int | None = None,
) -> None:
    """Write the groups table and the manifest of a layered generation."""
    pa, pq = arrow()
    table = pa.table(
        {
            "g": list(groups),
            "layer": [v[0] for v in groups.values()],
            "base": [v[1] for v in groups.values()],
            "rows": [v[2] for v in groups.values()],
        },
        schema=pa.schema(
            [("g", pa.string()), ("layer", pa.int64()), ("base", pa.int64()), ("rows", pa.int64())]
        ),
    )
    pq.write_table(table, folder / GROUPS, compression="zstd")
    total = sum(v[2] for v in groups.values()) if rows is None else rows
    manifest = {"field": field, "layers": layers, "rows": total}
    (folder / MANIFEST).write_text(json.dumps(manifest, sort_keys=True), "utf-8")


def _link(source: Path, target: Path) -> None:
    """``target`` as a hard link to ``source`` (files are never changed once written), or a
    copy where links are not supported."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _rewrite(
    conn: duckdb.DuckDBPyConnection, old: Path, folder: Path, update: LinkedUpdate, fresh: Path
) -> None:
    """Rewrite the live kept rows of ``old`` and the new rows in ``fresh`` as one base layer,
    numbered as a whole rewrite of the update's output, inside DuckDB (never parsed)."""
    pa, pq = arrow()
    rank = {group: n for n, group in enumerate(update.order)}
    ranks = pa.table(
        {"g": list(rank), "rank": list(rank.values()), "stale": [g in update.stale for g in rank]},
        schema=pa.schema([("g", pa.string()), ("rank", pa.int64()), ("stale", pa.bool_())]),
    )
    kept = read_sql(old, update.field)
    cols = ", ".join(f"o.{c}" for c in COLUMNS)
    new_cols = cols.replace("o.", "n.")
    base = folder / "base.parquet"
    sql = f"""
        COPY (
            SELECT {cols}, r.rank * {GROUP_SPAN} + o.seq % {GROUP_SPAN} AS seq, o.linker,
                o.grp, 0::BIGINT AS layer
            FROM ({kept}) o JOIN _ranks r ON r.g = o.grp
            WHERE NOT r.stale
            UNION ALL
            SELECT {new_cols}, coalesce(r.rank, {len(rank)}) * {GROUP_SPAN} + n.seq AS seq,
                n.linker, n.grp, 0::BIGINT AS layer
            FROM read_parquet({sql_path(fresh)}) n LEFT JOIN _ranks r ON r.g = n.grp
        ) TO {sql_path(base)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {ROW_GROUP})
    """
    conn.register("_ranks", ranks)
    # Readers sort by seq, so the copy need not keep the input order, which lets DuckDB stream
    # instead of buffering every thread's output (4.8 GB peak for 461k rows with it kept).
    conn.execute("SET preserve_insertion_order = false")
    try:
        conn.execute(sql)
        counted = conn.execute(
            f"SELECT grp, count(*), min(seq) // {GROUP_SPAN} FROM read_parquet({sql_path(base)})"
            " GROUP BY grp"
        ).fetchall()
    finally:
        conn.execute("RESET preserve_insertion_order")
        conn.unregister("_ranks")
    fresh.unlink()
    os.replace(base, folder / layer_name(0))
    groups = {g: (0, r * GROUP_SPAN, n) for g, n, r in counted}
    _finish(folder, update.field, 1, groups)
