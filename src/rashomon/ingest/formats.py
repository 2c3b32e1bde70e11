"""Article formats: plain text, Markdown, HTML and JSON Lines, turned into raw records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rashomon.errors import InputError
from rashomon.ingest.metadata import outlet_from_url
from rashomon.ingest.sources import HTML_SUFFIXES, JSONL_SUFFIXES

FIELDS = ("title", "outlet", "date", "url", "author")


@dataclass
class RawRecord:
    """One article as read, before normalisation: its text and any metadata it carried."""

    source: str
    id_hint: str
    text: str
    format: str
    fields: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def format_of(suffix: str) -> str:
    """The format name for a file suffix: ``html``, ``jsonl``, ``md`` or ``txt`` (the default)."""
    suffix = suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return "md" if suffix in {".md", ".markdown"} else "txt"


def sniff_format(text: str) -> str:
    """The format of unnamed text (standard input): ``jsonl``, ``html`` or ``txt``."""
    start = text.lstrip()[:200].lower()
    if start.startswith("{"):
        first = text.lstrip().split("\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except (ValueError, RecursionError):
            pass
    if start.startswith(("<!doctype html", "<html")):
        return "html"
    return "txt"


def parse_records(
    text: str, fmt: str, source: str, stem: str, warnings: list[str]
) -> Iterator[RawRecord | InputError]:
    """The records in one decoded input (one, or one per JSONL line), or errors for bad parts."""
    if fmt == "jsonl":
        yield from _jsonl_records(text, source, stem, warnings)
    elif fmt == "html":
        yield _html_record(text, source, stem, warnings)
    else:
        yield RawRecord(source, stem, text, fmt, warnings=list(warnings))


def _jsonl_records(
    text: str, source: str, stem: str, warnings: list[str]
) -> Iterator[RawRecord | InputError]:
    """One record per non-blank line; a bad line is an error naming ``source:LINE``."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            obj = json.loads(line)
        except RecursionError:
            yield InputError(where, "JSON nested too deeply; line skipped")
            continue
        except ValueError as exc:
            yield InputError(where, f"not valid JSON ({exc})")
            continue
        if not isinstance(obj, dict):
            yield InputError(where, "expected a JSON object with 'id' and 'text'")
            continue
        body = obj.get("text")
        if not isinstance(body, str) or not body.strip():
            yield InputError(where, "no article text: 'text' is missing or empty")
            continue
        raw_id = obj.get("id")
        id_hint = str(raw_id) if raw_id not in (None, "") else f"{stem}-{number}"
        yield RawRecord(where, id_hint, body, "jsonl", _fields(obj), list(warnings))


def _fields(obj: dict[str, Any]) -> dict[str, str]:
    """The metadata fields present (non-empty) in a JSON object, as strings."""
    found = {}
    for name in FIELDS:
        value = obj.get(name)
        if value not in (None, "") and not isinstance(value, dict | list):
            found[name] = str(value).strip()
    return {name: value for name, value in found.items() if value}


def _html_record(text: str, source: str, stem: str, warnings: list[str]) -> RawRecord | InputError:
    """The main text of an HTML page (boilerplate removed) with its title, date, url, author."""
    import trafilatura  # heavy import, only needed for HTML input
    from trafilatura.settings import set_date_params

    try:
        # Non-extensive date search: a copyright year must not become the article's date.
        extracted = trafilatura.bare_extraction(
            text,
            include_comments=False,
            with_metadata=True,
            date_extraction_params=set_date_params(extensive=False),
        )
    except Exception as exc:  # lxml and trafilatura raise many types on bad HTML
        return InputError(source, f"cannot parse HTML: {exc}")
    body = getattr(extracted, "text", None) or ""
    if not body.strip():
        return InputError(source, "no article text found in the HTML")
    # trafilatura puts one paragraph a line; a blank line between them is the plain-text norm.
    paragraphs = [line.strip() for line in body.split("\n") if line.strip()]
    meta = {name: getattr(extracted, name, None) for name in ("title", "date", "url", "author")}
    if not outlet_from_url(meta["url"]):
        meta["outlet"] = getattr(extracted, "sitename", None)
    return RawRecord(source, stem, "\n\n".join(paragraphs), "html", _fields(meta), list(warnings))
