"""Reading articles: files, folders, globs, JSONL, HTML and stdin, with manifests, into Documents.

``load_documents`` yields a :class:`~rashomon.document.Document` per article, or an
:class:`~rashomon.errors.InputError` per bad input (and carries on). Metadata precedence is
``--outlet``/``--date`` flags, then the manifest, then metadata in the file itself (JSONL fields,
HTML meta tags), then what is detected in the text (``doc.meta["detected"]`` names those fields).
A ``manifest.csv`` or ``manifest.jsonl`` inside a folder given as input is used automatically;
an explicit ``manifest`` wins over it for files both name.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, TextIO

from rashomon.document import Document
from rashomon.errors import InputError
from rashomon.ingest.assemble import IdAllocator, build_document, sanitize_id
from rashomon.ingest.dedup import NearDuplicateIndex
from rashomon.ingest.formats import RawRecord, format_of, parse_records, sniff_format
from rashomon.ingest.language import detect_language
from rashomon.ingest.manifest import ManifestRow, load_manifest
from rashomon.ingest.metadata import detect_metadata, normalize_date, outlet_from_url
from rashomon.ingest.normalize import normalize_text
from rashomon.ingest.sources import (
    Input,
    decode_bytes,
    expand_inputs,
    read_file,
    read_stdin,
    safe_resolve,
)
from rashomon.limits import LIMITS

__all__ = [
    "count_documents",
    "NearDuplicateIndex",
    "detect_language",
    "detect_metadata",
    "load_documents",
    "load_manifest",
    "normalize_date",
    "normalize_text",
    "outlet_from_url",
    "sanitize_id",
]


def load_documents(
    paths: Sequence[str],
    *,
    manifest: str | None = None,
    outlet: str | None = None,
    date: str | None = None,
    max_bytes: int = 20_000_000,
    stdin: TextIO | BinaryIO | None = None,
    max_chars: int = LIMITS.max_chars,
) -> Iterator[Document | InputError]:
    """Yield a Document for each article in the inputs, or an InputError for each bad input
    (a text over ``max_chars`` characters too)."""
    overrides: dict[str, str] = {}
    if outlet and outlet.strip():
        overrides["outlet"] = outlet.strip()
    if date:
        if day := normalize_date(date):
            overrides["date"] = day
        else:
            yield InputError("--date", f"{date!r} is not a date (use YYYY-MM-DD); ignored")
    expansion = expand_inputs(list(paths))
    rows, manifest_errors = _manifest_rows(manifest, expansion.manifests)
    yield from manifest_errors
    yield from expansion.errors
    ids = IdAllocator()
    for item in _ordered_inputs(expansion.inputs, rows):
        row = rows.get(safe_resolve(item.path)) if item.path else None
        fields = row.fields if row else {}
        for record in _records(item, max_bytes, stdin):
            if isinstance(record, InputError):
                yield record
                continue
            doc = build_document(record, fields, overrides, ids, max_chars)
            if isinstance(doc, Document) and row:
                doc.meta["manifest"] = row.source
            yield doc


def _manifest_rows(
    explicit: str | None, found: list[Path]
) -> tuple[dict[Path, ManifestRow], list[InputError]]:
    """Rows of the explicit manifest and of those found in folders (the explicit one wins)."""
    rows: dict[Path, ManifestRow] = {}
    errors: list[InputError] = []
    seen: set[Path] = set()
    explicit_path = Path(explicit) if explicit else None
    for path in ([explicit_path] if explicit_path else []) + found:
        if safe_resolve(path) in seen:
            continue
        seen.add(safe_resolve(path))
        # A manifest found inside an input folder may only name files inside that folder.
        loaded = load_manifest(path, confine=path is not explicit_path)
        errors.extend(loaded.errors)
        for key, row in loaded.rows.items():
            rows.setdefault(key, row)
    return rows, errors


def _ordered_inputs(inputs: list[Input], rows: dict[Path, ManifestRow]) -> list[Input]:
    """Standard input first, then every file (given, or named only in a manifest) in path order."""
    files: dict[Path, Input] = {}
    for item in inputs:
        if item.path is not None:
            files.setdefault(safe_resolve(item.path), item)
    for key, row in rows.items():
        files.setdefault(key, Input(str(row.path), row.path))
    stdin = [item for item in inputs if item.path is None]
    return stdin + sorted(files.values(), key=lambda item: item.source)


def _records(
    item: Input, max_bytes: int, stdin: TextIO | BinaryIO | None
) -> Iterator[RawRecord | InputError]:
    """The raw records of one input, or the InputError that stops it being read."""
    try:
        if item.path is None:
            data = read_stdin(stdin, max_bytes)
        else:
            data = read_file(item.path, item.source, max_bytes)
        text, warnings = decode_bytes(data, item.source)
    except InputError as exc:
        yield exc
        return
    if item.path is None:
        fmt, stem = sniff_format(text), "stdin"
    else:
        fmt, stem = format_of(item.path.suffix), item.path.stem
    yield from parse_records(text, fmt, item.source, stem, warnings)


def count_documents(paths: Sequence[str]) -> int | None:
    """About how many documents the inputs hold, for a progress total: one per file, one per
    non-blank line of a JSONL file; None when standard input is among them (unknown)."""
    total = 0
    for item in expand_inputs(list(paths)).inputs:
        if item.path is None:
            return None
        if format_of(item.path.suffix) != "jsonl":
            total += 1
            continue
        try:
            with item.path.open("rb") as lines:  # bytes: no decoding, a fast pass
                total += sum(1 for line in lines if line.strip())
        except OSError:
            total += 1  # read properly later, reported as one problem
    return total
