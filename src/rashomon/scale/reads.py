"""Read caches of the Parquet store: what makes a linker's document-by-document questions cost
one DuckDB scan per item kind (or per partition), not one per document.

Linkers ask ``items(kind, doc=d)`` and ``document(d)`` inside loops over every document; a
Parquet scan per question made the stances linker cost 90 ms a document (six kinds through a
four-kind cache: every question missed). Both caches are bounded, by rows, not by count.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

    from rashomon.document import Document

KIND_ROWS = 3_000_000  # items kept grouped by document across kinds (~1 GB of Arrow at most)
NUMBER_START = frozenset("-0123456789")
DOC_BATCHES = 64  # partitions whose documents are kept (a partition holds 16 to 2,000)


class KindCache:
    """Items of whole kinds, sorted by document, with each document's row span; least
    recently used kinds are dropped while the rows held exceed ``budget`` (one kind always
    stays, whatever its size: a question about it is answered from one scan).

    A kind is also dropped once every document holding it has been asked for: a linker's
    pass over the corpus is over, and it holds those items itself by then (at 100k events the
    contradictions linker's peak held both copies). A second pass reads the kind once more."""

    def __init__(self, budget: int = KIND_ROWS) -> None:
        self.budget = budget
        self._kinds: OrderedDict[str, tuple[pa.Table, dict[str, tuple[int, int]]]] = OrderedDict()
        self._asked: dict[str, set[str]] = {}

    def get(self, kind: str, load: Callable[[], pa.Table | None], doc: str | None = None) -> Any:
        """The kind's (table, spans), reading it with ``load`` when absent; None when empty.
        ``doc``: the document asked for, counted towards dropping the kind."""
        if kind not in self._kinds:
            table = load()
            if table is None:
                return None
            self._kinds[kind] = (table, spans_of(table.column("doc").to_pylist()))
            self._asked[kind] = set()
            self._shrink()
        self._kinds.move_to_end(kind)
        found = self._kinds[kind]
        if doc is not None and doc in found[1]:
            asked = self._asked.setdefault(kind, set())
            asked.add(doc)
            if len(asked) == len(found[1]):
                self._forget(kind)
        return found

    def _forget(self, kind: str) -> None:
        self._kinds.pop(kind, None)
        self._asked.pop(kind, None)

    def _shrink(self) -> None:
        while len(self._kinds) > 1 and self.rows() > self.budget:
            self._forget(next(iter(self._kinds)))

    def rows(self) -> int:
        """Rows held across kinds."""
        return sum(table.num_rows for table, _ in self._kinds.values())

    def clear(self) -> None:
        """Forget everything (the store changed)."""
        self._kinds.clear()
        self._asked.clear()


def spans_of(docs: list[str]) -> dict[str, tuple[int, int]]:
    """Document id -> (first row, row count) of a column sorted by document."""
    spans: dict[str, tuple[int, int]] = {}
    for n, doc_id in enumerate(docs):
        first, count = spans.get(doc_id, (n, 0))
        spans[doc_id] = (first, count + 1)
    return spans


class DocCache:
    """Documents by partition: asking for one document reads its whole partition once (linkers
    ask for documents in an order close to the one they were written in)."""

    def __init__(self, batches: int = DOC_BATCHES) -> None:
        self.batches = batches
        self._docs: OrderedDict[str, dict[str, Document]] = OrderedDict()

    def get(self, batch: str, doc_id: str, load: Callable[[], list[Document]]) -> Document | None:
        """The document ``doc_id`` of partition ``batch``, reading the partition when absent."""
        if batch not in self._docs:
            self._docs[batch] = {d.id: d for d in load()}
            while len(self._docs) > self.batches:
                self._docs.popitem(last=False)
        self._docs.move_to_end(batch)
        return self._docs[batch].get(doc_id)

    def clear(self) -> None:
        """Forget everything (the store changed)."""
        self._docs.clear()


def fields_sql(
    stream: Callable[[str, list[object]], Iterator[Any]],
    query: tuple[str, str | None, tuple[str, Collection[str]] | None],
    names: Sequence[str],
    params: Sequence[object],
) -> Iterator[tuple[Any, ...]]:
    """``(id, doc, text, *values)`` of the items of ``query``'s source (live items of one kind,
    or a linker's rows filtered on its kind), in store order, each field extracted by DuckDB
    from the item's JSON (read back as JSON: numbers stay numbers); with its ``within``, only
    the items whose field is one of the values."""
    source, linked_kind, within = query
    paths = "".join(f", json_extract(data, '$.\"{n}\"')" for n in names)
    where, args = [], list(params)
    if linked_kind is not None:
        where.append("kind = ?")
        args.append(linked_kind)
    if within is not None:
        where.append(f"list_contains(?, json_extract_string(data, '$.\"{within[0]}\"'))")
        args.append(sorted(within[1]))
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    order = "doc, seq, linker" if linked_kind is not None else "doc, seq"
    sql = f"SELECT id, doc, text{paths} FROM ({source}) {clause} ORDER BY {order}"
    for row in stream(sql, args):
        yield (*row[:3], *map(json_value, row[3:]))


def json_value(raw: str | None) -> Any:
    """A JSON value read back; a plain string without escapes is sliced, not parsed (most
    fields are ids and labels: json.loads was most of the time of reading them)."""
    if raw is None:
        return None
    first = raw[:1]
    if first == '"' and "\\" not in raw:
        return raw[1:-1]
    if first in NUMBER_START:  # plain JSON numbers: int() is exact for integers, float() is
        # what json.loads uses for the others (asked first, a float raised: slow at 100k places)
        return int(raw) if raw.lstrip("-").isdigit() else float(raw)
    return json.loads(raw)
