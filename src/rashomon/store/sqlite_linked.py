"""A linker's output updated group by group in the SQLite store (``Store.update_linked``).

The default of ``Store`` reads every kept item back into Python and writes everything again:
at 100k events the contradictions' kept items are 143k rows of 5-6 kB of JSON each, parsed
(a 5.7 GB peak for 100 added articles). Here SQLite drops the stale groups' rows and renumbers
the kept ones in place, without reading them out, then inserts the new items.

Order: readers sort linked items by ``doc, seq``. A kept row's ``seq`` becomes its group's rank
in ``update.order`` times 2^32 plus its old ``seq`` modulo 2^32 (its place among its group's
rows), a new item's the same with its place in ``update.items``: any two items compare as after
a whole ``replace_linked`` of the same output (the Parquet store numbers them the same way).
"""

from __future__ import annotations

import json
import sqlite3

from rashomon.store.base import LinkedUpdate
from rashomon.store.sqlite import insert_linked

GROUP_SPAN = 2**32  # items a group may hold; ranks are multiplied by it


def update_rows(conn: sqlite3.Connection, linker: str, update: LinkedUpdate) -> None:
    """Inside the caller's transaction: drop ``linker``'s rows of stale and gone groups (and
    of kinds it no longer writes), renumber the kept ones, insert ``update.items``."""
    if not update.field.isidentifier():
        raise ValueError(f"group field {update.field!r} is not a plain name")
    group = "id" if update.field == "id" else f"json_extract(data, '$.{update.field}')"
    rank = {g: n for n, g in enumerate(update.order)}
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _ranks (g TEXT PRIMARY KEY, rank INTEGER)")
    conn.execute("DELETE FROM _ranks")
    conn.executemany(
        "INSERT INTO _ranks (g, rank) VALUES (?, ?)",
        ((g, n) for g, n in rank.items() if g not in update.stale),
    )
    kinds = json.dumps(list(update.kinds))
    conn.execute(
        "DELETE FROM linked_items WHERE linker = ? AND (kind NOT IN"
        " (SELECT value FROM json_each(?)) OR NOT EXISTS"
        f" (SELECT 1 FROM _ranks r WHERE r.g = {group}))",
        (linker, kinds),
    )
    conn.execute(
        f"UPDATE linked_items SET seq = (SELECT r.rank FROM _ranks r WHERE r.g = {group})"
        f" * {GROUP_SPAN} + seq % {GROUP_SPAN} WHERE linker = ?",
        (linker,),
    )
    insert_linked(
        conn,
        linker,
        (
            (it, rank.get(update.group(it), len(rank)) * GROUP_SPAN + n)
            for n, it in enumerate(update.items)
        ),
    )
