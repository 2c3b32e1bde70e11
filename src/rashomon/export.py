"""The export contract: one JSON object (or one file per kind) that other tools read.

``schema_version`` changes its major part only when a consumer would break; new kinds and
new fields are minor changes. Every item carries ``id, doc, start, end, text`` and
``documents[doc].text[start:end] == text`` always.
"""

from __future__ import annotations

import csv
import functools
import json
import os
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from rashomon import registry
from rashomon.errors import RashomonError
from rashomon.linker_budget import as_records, stopped_linkers
from rashomon.store.base import Store

SCHEMA_VERSION = "1.3"  # 1.1: coverage groups, documents[].partial, labels voice, facts
# 1.2: event_clusters (generic events that corefer outside stories)
# 1.3: event_clusters[].lemmas (a cluster may join paired trigger lemmas)
# Lists every export has (empty until the analyser that fills them runs).
ITEM_KINDS = [
    "sentences",
    "mentions",
    "quotes",
    "scare_quotes",
    "claims",
    "events",
    "times",
    "places",
    "labels",
    "techniques",
    "stances",
    "stories",
    "contradictions",
    "agreements",
    "coverage",
    "event_clusters",
]


def build_export(
    store: Store, *, with_text: bool = True, with_paths: bool = False
) -> dict[str, Any]:
    """The whole store as one export object; ``source`` keeps absolute paths only if asked."""
    with store.snapshot():  # a running `analyze` adds documents whole, or not at all
        return _build_export(store, with_text=with_text, with_paths=with_paths)


def _build_export(store: Store, *, with_text: bool, with_paths: bool) -> dict[str, Any]:
    duplicates: dict[str, list[dict[str, Any]]] = {}
    for dup in store.duplicates():
        entry = {"other": dup.other, "kind": dup.kind, "similarity": dup.similarity}
        duplicates.setdefault(dup.doc, []).append(entry)
    documents = []
    for doc in store.documents():
        record = doc.metadata()
        record["source"] = doc.source if with_paths else portable_source(doc.source)
        record["duplicates"] = duplicates.get(doc.id, [])
        record["warnings"] = doc.meta.get("warnings", [])
        if doc.meta.get("partial"):  # an analyser stopped by its time limit (rashomon.limits)
            record["partial"] = True
        if with_text:
            record["text"] = doc.text
        documents.append(record)
    links = store.actor_links()
    export: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "documents": documents,
        "actors": [actor.as_dict() for actor in store.actors()],
    }
    stopped = stopped_linkers(store)
    if stopped:  # linkers stopped at their time budget (rashomon.linker_budget)
        export["linkers_stopped"] = as_records(stopped)
    kinds = list(dict.fromkeys(ITEM_KINDS + list(store.kinds())))
    for kind in kinds:
        export[kind] = [_resolve(item.as_dict(), links) for item in store.items(kind)]
        export[kind] += [_resolve(item.as_dict(), links) for item in store.linked(kind)]
    return export


def portable_source(source: str | None) -> str | None:
    """A source without this machine's layout: URLs kept, paths made relative or cut to the name."""
    if not source or "://" in source or not Path(source).is_absolute():
        return source
    try:
        return Path(source).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return Path(source).name


def _resolve(record: dict[str, Any], links: dict[str, str]) -> dict[str, Any]:
    """Add ``<role>`` (an actor id) beside each ``<role>_mention``; mentions get ``actor``."""
    for key in [k for k in record if k.endswith("_mention")]:
        record[key[: -len("_mention")]] = links.get(record[key]) if record[key] else None
    if record["id"] in links:
        record["actor"] = links[record["id"]]
    return record


def write_export(store: Store, fmt: str, out: str | Path) -> list[Path]:
    """Write the export in a registered format: ``json`` (one file) or ``jsonl``/``csv``/
    ``parquet`` (a folder of one file per kind), or a plugin's format."""
    writers = registry.registered(registry.formats)
    if fmt not in writers:
        raise RashomonError(f"unknown format {fmt!r}; choose one of {', '.join(sorted(writers))}")
    target = Path(out)
    check_output(target, folder=fmt in FOLDER_FORMATS, what=fmt)
    try:
        return list(writers[fmt](build_export(store), target))
    except OSError as exc:  # a full disk, a read-only folder...: one line, not a traceback
        raise RashomonError(f"{out}: cannot write: {exc.strerror or exc}") from exc


FOLDER_FORMATS = frozenset({"jsonl", "csv", "parquet"})  # one file per kind in a folder
_FILE_SUFFIXES = frozenset({".json", ".jsonl", ".csv", ".parquet", ".html", ".txt"})


def check_output(target: Path, *, folder: bool, what: str) -> None:
    """Raise one clear line before any work when ``target`` cannot be the output asked for."""
    if folder and target.exists() and not target.is_dir():
        raise RashomonError(f"{target}: is a file; {what} writes a folder of one file per kind")
    if folder and not target.exists() and target.suffix.lower() in _FILE_SUFFIXES:
        raise RashomonError(
            f"{target}: {what} writes a folder of one file per kind, not one file;"
            f" give a folder name (e.g. -o {target.with_suffix('')})"
        )
    if not folder and target.is_dir():
        raise RashomonError(f"{target}: is a folder; give a file name (e.g. {target / 'out'})")
    parent = target if folder else target.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise RashomonError(f"{target}: cannot write there ({parent} is not a writable folder)")


@registry.formats.register("json")
def write_json(data: dict[str, Any], out: Path) -> list[Path]:
    """The whole export as one JSON file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1), "utf-8")
    return [out]


def write_folder(
    data: dict[str, Any],
    out: Path,
    suffix: str,
    write: Callable[[list[dict[str, Any]], Path], None],
) -> list[Path]:
    """One file per kind (``<kind>.<suffix>``) in the folder ``out``, with the schema version."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "schema_version.txt").write_text(SCHEMA_VERSION + "\n", "utf-8")
    written = []
    for kind, rows in data.items():
        if kind == "schema_version":
            continue
        path = out / f"{kind}.{suffix}"
        write(rows, path)
        written.append(path)
    return written


def _write_jsonl(rows: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def _flat(rows: list[dict[str, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    """Column names (first-seen order) and rows with nested values JSON-encoded."""
    columns = list(dict.fromkeys(k for row in rows for k in row))
    flat = [
        {
            k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
            for k, v in row.items()
        }
        for row in rows
    ]
    return columns, flat


def _write_csv(rows: list[dict[str, Any]], path: Path) -> None:
    columns, flat = _flat(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=columns or ["id"])
        writer.writeheader()
        writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in flat)


def csv_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (= + - @, tab, CR) gets a leading '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _write_parquet(rows: list[dict[str, Any]], path: Path) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise RashomonError("parquet export needs pyarrow: pip install 'rashomon[scale]'") from exc
    columns, flat = _flat(rows)
    table = pa.Table.from_pylist(flat) if flat else pa.table({c: [] for c in columns or ["id"]})
    pq.write_table(table, path)


def export_schema() -> dict[str, Any]:
    """The JSON Schema that every export validates against."""
    text = resources.files("rashomon.schema").joinpath("export.schema.json").read_text("utf-8")
    return json.loads(text)


for _name, _writer in (("jsonl", _write_jsonl), ("csv", _write_csv), ("parquet", _write_parquet)):
    registry.formats.register(
        _name, func=functools.partial(write_folder, suffix=_name, write=_writer)
    )
