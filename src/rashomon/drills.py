"""Reliability drills (issue 19): deterministic interruption and the fuzzer's mutations.

``RASHOMON_DRILL_SIGNAL=N:SIGNAME`` makes the process send itself that signal right after the
N-th document is committed to the store; ``RASHOMON_DRILL_SIGNAL=link:N:SIGNAME`` right after
the N-th corpus-level linker result is committed (during linking). ``SIGNAME`` is ``SIGKILL``,
``KILL``, ``SIGINT``... Drills (``tests/test_interrupt.py``, ``tests/test_drills.py``,
``bench/drills.py``) thus interrupt at a chosen document or stage instead of racing a subprocess
against the clock; unset, this costs one dictionary lookup per commit.

The fuzzer's mutations (``mutate``) are plain functions of a list of operations, so hypothesis
(a development dependency) only draws the operations: a failing example replays exactly.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

ENV = "RASHOMON_DRILL_SIGNAL"
_counts = {"document": 0, "link": 0}


def _signal(name: str) -> signal.Signals:
    name = (name or "SIGINT").upper()
    return signal.Signals[name if name.startswith("SIG") else f"SIG{name}"]


def _commit(stage: str) -> None:
    spec = os.environ.get(ENV)
    if not spec:
        return
    parts = spec.split(":")
    wanted = parts.pop(0) if parts[0].isalpha() else "document"
    if wanted != stage:
        return
    _counts[stage] += 1
    if _counts[stage] == int(parts[0]):
        os.kill(os.getpid(), _signal(parts[1] if len(parts) > 1 else ""))


def document_saved() -> None:
    """Count a committed document; send the drill's signal when the count is reached."""
    _commit("document")


def linked_saved() -> None:
    """Count a committed linker result; send the drill's signal when the count is reached."""
    _commit("link")


# --- fuzzer --------------------------------------------------------------------------------

#: What a mutation does; ``at`` and ``size`` are fractions/lengths applied to the bytes.
KINDS = ("flip", "delete", "duplicate", "insert", "run", "blank_lines", "truncate")


@dataclass(frozen=True)
class Mutation:
    """One edit of a document's bytes: ``kind`` at the fraction ``at`` of its length."""

    kind: str
    at: float
    size: int
    payload: str = ""


def mutate(data: bytes, mutations: Sequence[Mutation]) -> bytes:
    """Apply the mutations in order to ``data`` (the file's bytes, so encodings break too)."""
    buf = bytearray(data)
    for m in mutations:
        pos = min(len(buf), int(m.at * len(buf)))
        end = min(len(buf), pos + m.size)
        if m.kind == "flip" and buf:
            pos = min(pos, len(buf) - 1)
            buf[pos] ^= 1 << (m.size % 8)
        elif m.kind == "delete":
            del buf[pos:end]
        elif m.kind == "duplicate":
            buf[end:end] = buf[pos:end] * (1 + m.size % 4)
        elif m.kind == "insert":
            buf[pos:pos] = m.payload.encode("utf-8", "surrogatepass")
        elif m.kind == "run":
            buf[pos:pos] = (m.payload or " ").encode("utf-8", "surrogatepass") * m.size
        elif m.kind == "blank_lines":
            buf[pos:pos] = b"\n" * m.size
        elif m.kind == "truncate":
            del buf[pos:]
    return bytes(buf)


def mutations_strategy(max_mutations: int = 6) -> Any:
    """A hypothesis strategy of mutation lists (hypothesis is imported only here)."""
    from hypothesis import strategies as st

    quotes = st.sampled_from(list("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u2039\u203a`"))
    controls = st.sampled_from(["\x00", "\x07", "\x0b", "\x0c", "\r", "\u2028", "\u200b", "\ufeff"])
    payload = st.one_of(st.text(max_size=40), quotes, controls, st.just(". "), st.just(""))
    one = st.builds(
        Mutation,
        kind=st.sampled_from(KINDS),
        at=st.floats(0, 1),
        size=st.integers(0, 3000),
        payload=payload,
    )
    return st.lists(one, max_size=max_mutations)


def inexact_spans(text: str, item: Any) -> Iterator[str]:
    """Describe every span of an item (its own and nested ``{start, end, text}``) not exact."""
    if text[item.start : item.end] != item.text:
        yield f"{item.kind} {item.start}:{item.end}"
    stack: list[Any] = [item.fields]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            span = {"start", "end", "text"} <= value.keys() and isinstance(value["start"], int)
            if span and text[value["start"] : value["end"]] != value["text"]:
                yield f"{item.kind} nested {value['start']}:{value['end']}"
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def fuzz_one(pipeline: Any, data: bytes, name: str, folder: str) -> tuple[int, int, list[str]]:
    """Write ``data`` to ``folder/name``, ingest it and analyse every document it yields as
    ``analyze`` does; return (documents, items, inexact spans). Exceptions propagate: a crash."""
    from pathlib import Path

    from rashomon.ingest import load_documents

    path = Path(folder) / name
    path.write_bytes(data)
    docs = [d for d in load_documents([str(path)]) if not isinstance(d, Exception)]
    items, bad = 0, list[str]()
    for doc, found in pipeline.analyse_many(docs):
        items += len(found)
        for item in found:
            bad.extend(inexact_spans(doc.text, item))
    path.unlink()
    return len(docs), items, bad
