"""Where articles come from: paths, folders, globs and ``-``; reading and decoding their bytes."""

from __future__ import annotations

import codecs
import glob
import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

import charset_normalizer

from rashomon.errors import InputError

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
MANIFEST_NAMES = frozenset({"manifest.csv", "manifest.jsonl"})
STDIN = "-"
_GLOB_CHARS = frozenset("*?[")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")
_SNIFF_BYTES = 8192
_READ_CHUNK = 1 << 20
_MAX_CONTROL_SHARE = 0.1
_MAX_NULS, _MAX_NUL_SHARE = 8, 0.001  # this few stray NULs are repaired; more is binary
_MAX_STRAY_SHARE = 0.001  # invalid UTF-8 sequences repaired when this rare
# Single-byte Latin code pages charset-normalizer often confuses with each other; news text in
# any of them is far more often windows-1252, so that wins when it decodes about as well.
_LATIN_LOOKALIKES = frozenset(
    {"cp1250", "cp1252", "cp1257", "cp775", "cp850", "latin_1", "mac_iceland", "mac_latin2"}
    | {"mac_roman", "iso8859_2", "iso8859_4", "iso8859_10", "iso8859_13", "iso8859_15"}
)


@dataclass(frozen=True)
class Input:
    """One file to read (``path``), or standard input (``path`` is None)."""

    source: str
    path: Path | None = None


@dataclass
class Expansion:
    """What the command-line paths expand to: files, manifests found in folders, problems."""

    inputs: list[Input] = field(default_factory=list)
    manifests: list[Path] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def expand_inputs(paths: list[str] | tuple[str, ...]) -> Expansion:
    """Expand files, folders (recursively, sorted), glob patterns and ``-`` into inputs."""
    found = Expansion()
    for arg in paths:
        path = Path(arg)
        if not arg.strip():
            found.errors.append(InputError(repr(arg), "empty path"))
        elif arg == STDIN:
            if any(item.path is None for item in found.inputs):
                found.errors.append(InputError(arg, "standard input given more than once"))
            else:
                found.inputs.append(Input("stdin"))
        elif path.is_dir():
            _walk_folder(path, found)
        elif path.exists() or path.is_symlink():
            found.inputs.append(Input(arg, path))
        elif _GLOB_CHARS & set(arg):
            _expand_glob(arg, found)
        else:
            found.errors.append(InputError(arg, "no such file or directory"))
    return found


def _expand_glob(pattern: str, found: Expansion) -> None:
    """Add the files (and folders' files) a glob pattern matches."""
    matches = sorted(glob.glob(pattern, recursive=True))
    if not matches:
        found.errors.append(InputError(pattern, "no files match this pattern"))
        return
    before = len(found.inputs)
    for match in matches:
        path = Path(match)
        if path.is_dir():
            _walk_folder(path, found)
        elif path.name not in MANIFEST_NAMES and path.suffix.lower() in ARTICLE_SUFFIXES:
            found.inputs.append(Input(match, path))
    if len(found.inputs) == before:
        kinds = ", ".join(sorted(ARTICLE_SUFFIXES))
        found.errors.append(InputError(pattern, f"no article files ({kinds}) match this pattern"))


def _walk_folder(folder: Path, found: Expansion) -> None:
    """Add a folder's article files, recursively in sorted order, skipping hidden ones."""

    def on_error(exc: OSError) -> None:
        """Report a folder that cannot be listed and carry on."""
        found.errors.append(InputError(exc.filename or str(folder), _os_problem(exc)))

    for root, dirs, files in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if name in MANIFEST_NAMES:
                found.manifests.append(path)
            elif not name.startswith(".") and path.suffix.lower() in ARTICLE_SUFFIXES:
                found.inputs.append(Input(str(path), path))


def read_file(path: Path, source: str, max_bytes: int) -> bytes:
    """The bytes of a regular file, or InputError when it is missing, not a regular file (a
    folder, FIFO or device), unreadable or bigger than ``max_bytes``.

    The size is checked while reading, never trusted from ``stat``: devices and some virtual
    files report 0 and never end.
    """
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer before we can refuse it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(source, _os_problem(exc)) from exc
    with os.fdopen(fd, "rb", buffering=0) as handle:
        try:
            mode = os.fstat(fd).st_mode
            if stat.S_ISDIR(mode):
                raise InputError(source, "is a directory, not a file")
            if not stat.S_ISREG(mode):
                raise InputError(source, f"not a regular file ({_file_kind(mode)}); not read")
            if os.fstat(fd).st_size > max_bytes:
                size = os.fstat(fd).st_size
                raise InputError(source, f"file is {size} bytes, over --max-bytes {max_bytes}")
            return _read_capped(handle, source, max_bytes)
        except OSError as exc:
            raise InputError(source, _os_problem(exc)) from exc


def _read_capped(handle: BinaryIO, source: str, max_bytes: int) -> bytes:
    """At most ``max_bytes`` from ``handle``; InputError when there is more."""
    chunks: list[bytes] = []
    total = 0
    while chunk := handle.read(min(_READ_CHUNK, max_bytes + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise InputError(source, f"file is over --max-bytes {max_bytes}")
    return b"".join(chunks)


def _file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    for test, kind in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return "not a plain file"


def safe_resolve(path: Path) -> Path:
    """``path.resolve()``, or the absolute path when a symlink loop stops resolution."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # Python < 3.13 raises RuntimeError on a loop
        return Path(os.path.abspath(path))


def read_stdin(stream: TextIO | BinaryIO | None, max_bytes: int) -> bytes:
    """The bytes of standard input (or of the given stream), at most ``max_bytes``."""
    stream = stream if stream is not None else sys.stdin
    reader = getattr(stream, "buffer", stream)
    try:
        data = reader.read(max_bytes + 1)
    except OSError as exc:
        raise InputError("stdin", _os_problem(exc)) from exc
    if isinstance(data, str):
        data = data.encode("utf-8", errors="surrogateescape")
    if len(data) > max_bytes:
        raise InputError("stdin", f"input is over --max-bytes {max_bytes}")
    return data


def decode_bytes(data: bytes, source: str) -> tuple[str, list[str]]:
    """Text of the bytes plus any warnings; InputError for empty, binary or undecodable data.

    Repairs what it safely can, with a warning: a few NUL bytes are dropped, UTF-16 without a
    byte-order mark is recognised, and stray bytes in otherwise valid UTF-8 are replaced.
    """
    if not data.strip():
        raise InputError(source, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_as(data, encoding, source), []
    warnings: list[str] = []
    if wide := _utf16_without_bom(data):
        return _decode_as(data, wide, source), [f"no byte-order mark; decoded as {wide}"]
    nuls = data.count(b"\x00")
    if nuls and nuls <= max(_MAX_NULS, _MAX_NUL_SHARE * len(data)) and _is_utf8(data):
        warnings.append(f"{nuls} NUL byte(s) removed")
        data = data.replace(b"\x00", b"")
    if _looks_binary(data):
        raise InputError(source, "binary file, not text")
    try:
        return data.decode("utf-8"), warnings
    except UnicodeDecodeError:
        pass
    if repaired := _utf8_with_stray_bytes(data):
        return repaired[0], [*warnings, repaired[1]]
    detected = _detect_encoding(data)
    if detected is None:
        raise InputError(source, "cannot decode: not UTF-8 and no charset detected")
    text = _decode_as(data, detected, source)
    return text, [*warnings, f"not valid UTF-8; decoded as {detected} (detected)"]


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when most bytes on one side of each pair are NUL (Latin text in
    UTF-16), else None."""
    head = data[: _SNIFF_BYTES - _SNIFF_BYTES % 2]
    if len(head) < 8 or len(data) % 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    pairs = len(head) // 2
    if odd >= 0.6 * pairs and even == 0:
        return "utf-16-le"
    if even >= 0.6 * pairs and odd == 0:
        return "utf-16-be"
    return None


def _utf8_with_stray_bytes(data: bytes) -> tuple[str, str] | None:
    """(text, warning) for UTF-8 holding a few invalid bytes among valid multi-byte characters.

    Plain ASCII with a few high bytes is more likely a legacy code page, so it is left to
    charset detection.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    multibyte = sum(1 for char in text if char > "\x7f" and char != "\ufffd")
    if bad <= max(3, _MAX_STRAY_SHARE * len(text)) and multibyte > bad:
        return text, f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD"
    return None


def _decode_as(data: bytes, encoding: str, source: str) -> str:
    """Decode strictly with a known encoding."""
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(source, f"cannot decode as {encoding}: {exc}") from exc


def _looks_binary(data: bytes) -> bool:
    """True for data with NUL bytes or many control characters (images, archives...)."""
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROLS)
    return controls > _MAX_CONTROL_SHARE * len(head)


def _detect_encoding(data: bytes) -> str | None:
    """The charset charset-normalizer finds for non-UTF-8 bytes, or None."""
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    if best.encoding in _LATIN_LOOKALIKES and any(m.encoding == "cp1252" for m in matches):
        return "cp1252"
    return best.encoding


def _os_problem(exc: OSError) -> str:
    """A one-line description of why a path could not be read."""
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory, not a file"
    return f"cannot read: {exc.strerror or exc}"
