"""One row per disputed fact: items of one story, kind and fact share a ``fact`` id.

A comparison writes one item per document pair (its evidence spans and each span's value);
``group_facts`` gives every item of the same story, kind and fact ("killed people", "who did
it") the same ``fact`` id and its ``values``: one cell per outlet and reading of the fact,
whatever pair it came from, each with its document, span, words, value and evidence count. A
report shows one row per ``fact`` and one column per outlet; the per-pair items stay, so every
item still carries its own ``doc``, ``start``, ``end`` and ``text``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from rashomon.document import Item, stable_id

CELL_FIELDS = ("id", "doc", "start", "end", "text", "outlet", "value")
# only on cells whose comparison reads voices (intent): whose words, and the words that carry
# the value inside the evidence span ("cue": doc offsets and text of "unintentional")
VOICE_FIELDS = ("claimant", "voice", "cue")


def fact_key(item: Item) -> tuple[str, str, str]:
    """(story, kind, fact label) of a contradiction or agreement."""
    fields = item.fields
    return (str(fields.get("story")), str(fields["kind"]), str(fields.get("fact_label") or ""))


def group_facts(items: list[Item]) -> None:
    """Set ``fact``, ``disputed`` and ``values`` on each item, in place.

    ``values`` holds one cell per outlet and distinct value (its first evidence span, and in
    ``evidence`` how many spans say it), sorted by outlet: a row's cells stay as many as the
    outlets' readings, not the document pairs, so a story told by hundreds of copies does not
    store every span on every pairwise item.
    """
    groups: dict[tuple[str, str, str], list[Item]] = defaultdict(list)
    for item in items:
        groups[fact_key(item)].append(item)
    for key, members in groups.items():
        cells: dict[tuple[str, str, str], dict[str, Any]] = {}
        seen: set[tuple[str, int, int]] = set()
        for item in sorted(members, key=lambda i: (i.kind, i.id)):
            for span in item.fields.get("items") or []:
                where = (span["doc"], span["start"], span["end"])
                if where in seen:
                    continue
                seen.add(where)
                value = json.dumps(span.get("value"), sort_keys=True)
                reading = (str(span.get("outlet")), value, str(span.get("claimant") or ""))
                cell = cells.setdefault(
                    reading,
                    {f: span.get(f) for f in CELL_FIELDS}
                    | {f: span[f] for f in VOICE_FIELDS if span.get(f)},
                )
                cell["evidence"] = cell.get("evidence", 0) + 1
        values = sorted(cells.values(), key=lambda c: (str(c["outlet"]), c["doc"], c["start"]))
        disputed = any(item.kind == "contradictions" for item in members)
        fact = stable_id(*key, prefix="fa-")
        for item in members:
            item.fields.update(fact=fact, disputed=disputed, values=values)
