"""Manifests: CSV or JSONL files giving article files their outlet, date, url, title, author."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rashomon.errors import InputError
from rashomon.ingest.formats import FIELDS
from rashomon.ingest.sources import decode_bytes, read_file, safe_resolve

_MAX_MANIFEST_BYTES = 50_000_000


@dataclass
class ManifestRow:
    """One manifest row: the file it names and the metadata it gives that file."""

    source: str  # "manifest.csv:3", for messages
    path: Path  # as written, joined to the manifest's folder
    fields: dict[str, str] = field(default_factory=dict)


@dataclass
class Manifest:
    """Rows keyed by the resolved path of the file they name, plus the rows that were bad."""

    rows: dict[Path, ManifestRow] = field(default_factory=dict)
    errors: list[InputError] = field(default_factory=list)


def load_manifest(path: str | Path, *, confine: bool = False) -> Manifest:
    """Read a manifest (``.jsonl``, otherwise CSV) with a ``path`` column; never raises.

    With ``confine``, rows naming a file outside the manifest's folder (an absolute path, ``..``,
    a symlink out) are errors: a manifest found by walking a folder must not pull in other files.
    """
    path = Path(path)
    manifest = Manifest()
    try:
        text, _ = decode_bytes(read_file(path, str(path), _MAX_MANIFEST_BYTES), str(path))
    except InputError as exc:
        manifest.errors.append(exc)
        return manifest
    reader = _jsonl_rows if path.suffix.lower() == ".jsonl" else _csv_rows
    first_seen: dict[Path, str] = {}
    for where, row in reader(text, str(path)):
        try:
            entry = _entry(row, where, path.parent)
            key = safe_resolve(entry.path)
            if confine and not key.is_relative_to(safe_resolve(path.parent)):
                raise InputError(where, f"{entry.path} is outside the manifest's folder; ignored")
            if key in first_seen:
                raise InputError(where, f"{entry.path} is already listed at {first_seen[key]}")
        except InputError as exc:
            manifest.errors.append(exc)
            continue
        first_seen[key] = where
        manifest.rows[key] = entry
    return manifest


def _csv_rows(text: str, source: str) -> Iterator[tuple[str, dict[str, str] | InputError]]:
    """Rows of a CSV manifest keyed by lower-cased column name, each with its ``file:LINE``."""
    reader = csv.DictReader(io.StringIO(text))
    columns = [name.strip().lower() for name in reader.fieldnames or []]
    if "path" not in columns:
        shown = ", ".join(columns) or "none"
        yield source, InputError(source, f"manifest has no 'path' column (columns: {shown})")
        return
    reader.fieldnames = columns
    try:
        for row in reader:
            yield f"{source}:{reader.line_num}", {k: v for k, v in row.items() if k}
    except csv.Error as exc:
        yield f"{source}:{reader.line_num}", InputError(f"{source}:{reader.line_num}", str(exc))


def _jsonl_rows(text: str, source: str) -> Iterator[tuple[str, dict[str, str] | InputError]]:
    """Rows of a JSONL manifest (one object a line), each with its ``file:LINE``."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield where, InputError(where, f"not valid JSON ({exc})")
            continue
        except RecursionError:
            yield where, InputError(where, "JSON nested too deeply; row skipped")
            continue
        if not isinstance(obj, dict):
            yield where, InputError(where, "expected a JSON object with a 'path'")
            continue
        yield where, {str(k).strip().lower(): v for k, v in obj.items()}


def _entry(row: dict[str, str] | InputError, where: str, folder: Path) -> ManifestRow:
    """The ManifestRow for one parsed row; InputError when it has no path or its file is missing."""
    if isinstance(row, InputError):
        raise row
    written = row.get("path")
    if not isinstance(written, str) or not written.strip():
        raise InputError(where, "row has no 'path'")
    target = Path(written.strip()).expanduser()
    target = target if target.is_absolute() else folder / target
    if not target.exists():
        raise InputError(where, f"file not found: {target}")
    if not target.is_file():
        raise InputError(where, f"not a file: {target}")
    fields = {
        name: str(row[name]).strip()
        for name in FIELDS
        if row.get(name) not in (None, "") and str(row[name]).strip()
    }
    return ManifestRow(where, target, fields)
