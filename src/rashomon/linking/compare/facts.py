"""One row per disputed fact: items of one story, kind and fact share a ``fact`` id.

A comparison writes one item per document pair (its evidence spans and each span's value);
``group_facts`` gives every item of the same story, kind and fact ("killed people", "who did
it") the same ``fact`` id and the full list of ``values``: one cell per evidence span of the
fact, whatever pair it came from, each with its outlet, document, span, words and value. A
report shows one row per ``fact`` and one column per outlet; the per-pair items stay, so every
item still carries its own ``doc``, ``start``, ``end`` and ``text``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rashomon.document import Item, stable_id

CELL_FIELDS = ("id", "doc", "start", "end", "text", "outlet", "value")


def fact_key(item: Item) -> tuple[str, str, str]:
    """(story, kind, fact label) of a contradiction or agreement."""
    fields = item.fields
    return (str(fields.get("story")), str(fields["kind"]), str(fields.get("fact_label") or ""))


def group_facts(items: list[Item]) -> None:
    """Set ``fact``, ``disputed`` and ``values`` (every outlet's value with its evidence
    span, sorted by outlet) on each item, in place."""
    groups: dict[tuple[str, str, str], list[Item]] = defaultdict(list)
    for item in items:
        groups[fact_key(item)].append(item)
    for key, members in groups.items():
        cells: dict[tuple[str, int, int], dict[str, Any]] = {}
        for item in sorted(members, key=lambda i: (i.kind, i.id)):
            for span in item.fields.get("items") or []:
                where = (span["doc"], span["start"], span["end"])
                cells.setdefault(where, {f: span.get(f) for f in CELL_FIELDS})
        values = sorted(cells.values(), key=lambda c: (str(c["outlet"]), c["doc"], c["start"]))
        disputed = any(item.kind == "contradictions" for item in members)
        fact = stable_id(*key, prefix="fa-")
        for item in members:
            item.fields.update(fact=fact, disputed=disputed, values=values)
