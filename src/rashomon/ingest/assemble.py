"""Turning a raw record into a Document: normalise, merge metadata by precedence, assign an id."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rashomon import limits
from rashomon.document import Document
from rashomon.errors import InputError
from rashomon.ingest.formats import FIELDS, RawRecord
from rashomon.ingest.identity import clash_warning
from rashomon.ingest.language import detect_language
from rashomon.ingest.metadata import (
    detect_metadata,
    missing_metadata,
    normalize_date,
    outlet_from_url,
)
from rashomon.ingest.normalize import normalize_text

_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_FALLBACK_ID = "doc"


def sanitize_id(hint: str) -> str:
    """An id made of ``[A-Za-z0-9._-]`` only: accents dropped, other runs turned into ``_``."""
    ascii_hint = unicodedata.normalize("NFKD", hint).encode("ascii", "ignore").decode("ascii")
    cleaned = _ID_UNSAFE.sub("_", ascii_hint).strip("._-")
    return cleaned or _FALLBACK_ID


class IdAllocator:
    """Hands out unique ids within one run: a clash gets ``-2``, ``-3``... in arrival order."""

    def __init__(self) -> None:
        self._owners: dict[str, str] = {}

    def allocate(self, hint: str, source: str) -> tuple[str, str | None]:
        """A unique id for the source, and a warning when the natural id was taken."""
        base = sanitize_id(hint)
        doc_id, number = base, 1
        while doc_id in self._owners:
            number += 1
            doc_id = f"{base}-{number}"
        self._owners[doc_id] = source
        if doc_id == base:
            return doc_id, None
        return doc_id, clash_warning(base, self._owners[base], doc_id)


def build_document(
    record: RawRecord,
    manifest_fields: dict[str, str],
    overrides: dict[str, str],
    ids: IdAllocator,
    max_chars: int = limits.LIMITS.max_chars,
) -> Document | InputError:
    """The Document for a record; metadata precedence: flags > manifest > record > text.
    A text over ``max_chars`` (PipelineSettings.max_chars) is refused."""
    if len(record.text) > 2 * max_chars:  # before normalising: bound the work on it too
        return _too_long(record.source, len(record.text), max_chars)
    text = normalize_text(record.text)
    if not text:
        return InputError(record.source, "empty file")
    if len(text) > max_chars:
        return _too_long(record.source, len(text), max_chars)
    warnings = list(record.warnings)
    layers = [
        ("record", _checked(record.fields, "the file's own metadata", warnings)),
        ("manifest", _checked(manifest_fields, "the manifest", warnings)),
        ("flag", overrides),
    ]
    fields, detected = _merge(detect_metadata(text), layers)
    language = detect_language(text)
    if language and language != "en":
        warnings.append(f"language looks like {language!r}, not English: analysers expect English")
    hint = record.id_hint
    if record.source.split(":")[0] == "stdin" and hint.startswith("stdin"):
        # Standard input has no name: the text identifies it, so runs never replace each other.
        hint = f"stdin-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:10]}"
    doc_id, clash = ids.allocate(hint, record.source)
    if clash:
        warnings.insert(0, clash)  # first, as a clash with a stored document (identity.settle)
    warnings.extend(missing_metadata(fields))  # never a silent gap: analyze prints these
    meta = {"format": record.format, "detected": detected, "warnings": warnings}
    return Document(
        id=doc_id, text=text, language=language, source=record.source, meta=meta, **fields
    )


def _too_long(source: str, chars: int, max_chars: int) -> InputError:
    return InputError(
        source, f"{chars:,} characters, over the limit of {max_chars:,}; not analysed"
    )


def _merge(
    detected: dict[str, str], layers: list[tuple[str, dict[str, str]]]
) -> tuple[dict[str, str | None], list[str]]:
    """Fields from the text, overridden layer by layer; also the names still from the text."""
    fields: dict[str, str | None] = {name: detected.get(name) for name in FIELDS}
    origin = {name: "text" for name in detected}
    if detected.get("outlet") and detected.get("outlet") == outlet_from_url(detected.get("url")):
        origin["outlet"] = "url"  # follows the url: replaced if a supplied url replaces it
    for layer, values in layers:
        for name, value in values.items():
            fields[name] = value
            origin[name] = layer
    supplied_outlet = origin.get("outlet") in {"record", "manifest", "flag"}
    if not supplied_outlet and (from_url := outlet_from_url(fields["url"])):
        fields["outlet"] = from_url
        origin["outlet"] = "url"
    names = [name for name in FIELDS if origin.get(name) in {"text", "url"}]
    return fields, names


def _checked(values: dict[str, str], where: str, warnings: list[str]) -> dict[str, str]:
    """Supplied fields with the date normalised; an unreadable date is dropped with a warning."""
    checked = dict(values)
    if "date" in checked:
        day = normalize_date(checked["date"])
        if day is None:
            warnings.append(f"date {checked['date']!r} from {where} is not a date; ignored")
            del checked["date"]
        else:
            checked["date"] = day
    return checked
