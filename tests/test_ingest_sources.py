"""Tests for bad and unusual inputs to rashomon.ingest.load_documents (one per case)."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest

from rashomon.document import Document
from rashomon.errors import InputError
from rashomon.ingest import load_documents

ARTICLE = (
    "Dock workers at the eastern terminal returned to work on Monday after a week-long strike."
)


def load(paths: list[str], **kwargs: object) -> tuple[list[Document], list[InputError]]:
    """Documents and errors from load_documents, in order."""
    results = list(load_documents(paths, **kwargs))  # type: ignore[arg-type]
    assert all(isinstance(r, Document | InputError) for r in results)
    docs = [r for r in results if isinstance(r, Document)]
    return docs, [r for r in results if isinstance(r, InputError)]


def only_error(paths: list[str], **kwargs: object) -> InputError:
    """The single error loading the paths gives (and no documents)."""
    docs, errors = load(paths, **kwargs)
    assert docs == [] and len(errors) == 1
    return errors[0]


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert only_error([str(tmp_path / "empty.txt")]).problem == "empty file"


def test_whitespace_only_file(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_bytes(b"  \n\n\t \r\n")
    assert only_error([str(tmp_path / "blank.txt")]).problem == "empty file"


def test_binary_file(tmp_path: Path) -> None:
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    error = only_error([str(tmp_path / "image.txt")])
    assert error.problem == "binary file, not text"
    assert error.source == str(tmp_path / "image.txt")


def test_latin1_file_decodes_with_warning(tmp_path: Path) -> None:
    text = "The caf\u00e9 on the quay will close, the owner told the na\u00efve reporter.\n"
    (tmp_path / "latin.txt").write_bytes(text.encode("latin-1") * 3)
    docs, errors = load([str(tmp_path / "latin.txt")])
    assert errors == []
    assert "caf\u00e9" in docs[0].text and "na\u00efve" in docs[0].text
    assert any("not valid UTF-8" in w for w in docs[0].meta["warnings"])


def test_undecodable_garbage(tmp_path: Path) -> None:
    (tmp_path / "garbage.txt").write_bytes(bytes(range(128, 256)) * 20)
    error = only_error([str(tmp_path / "garbage.txt")])
    assert error.problem == "cannot decode: not UTF-8 and no charset detected"


def test_over_max_bytes(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text(ARTICLE, encoding="utf-8")
    size = len(ARTICLE.encode("utf-8"))
    error = only_error([str(tmp_path / "big.txt")], max_bytes=50)
    assert error.problem == f"file is {size} bytes, over --max-bytes 50"


def test_missing_path(tmp_path: Path) -> None:
    missing = str(tmp_path / "nowhere.txt")
    error = only_error([missing])
    assert (error.source, error.problem) == (missing, "no such file or directory")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked.txt").write_text(ARTICLE, encoding="utf-8")

    def refuse(path: object, *args: object) -> int:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "open", refuse)  # chmod does not stop root, so fake it
    assert only_error([str(tmp_path / "locked.txt")]).problem == "permission denied"


def test_bad_inputs_do_not_stop_good_ones(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    docs, errors = load(
        [str(tmp_path / "a.txt"), str(tmp_path / "missing.txt"), str(tmp_path / "b.txt")]
    )
    assert [d.id for d in docs] == ["b"]
    assert len(errors) == 2


def test_utf8_bom_and_utf16_are_read(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    (tmp_path / "wide.txt").write_bytes(ARTICLE.encode("utf-16"))
    docs, errors = load([str(tmp_path)])
    assert errors == []
    assert [d.text for d in docs] == [ARTICLE, ARTICLE]


def test_stdin_text() -> None:
    docs, errors = load(["-"], stdin=io.StringIO(f"  {ARTICLE}\r\n"))
    assert errors == []
    assert (docs[0].source, docs[0].text) == ("stdin", ARTICLE)
    # Named by its text, so that one stdin run never replaces another's document.
    assert docs[0].id == "stdin-" + hashlib.sha256(ARTICLE.encode()).hexdigest()[:10]


def test_stdin_bytes_jsonl() -> None:
    lines = '{"id": "a", "text": "First story."}\n{"id": "b", "text": "Second story."}\n'
    docs, errors = load(["-"], stdin=io.BytesIO(lines.encode("utf-8")))
    assert errors == []
    assert [(d.id, d.source) for d in docs] == [("a", "stdin:1"), ("b", "stdin:2")]


def test_stdin_given_twice() -> None:
    docs, errors = load(["-", "-"], stdin=io.StringIO(ARTICLE))
    assert len(docs) == 1
    assert errors[0].problem == "standard input given more than once"


def test_stdin_over_max_bytes() -> None:
    error = only_error(["-"], stdin=io.BytesIO(ARTICLE.encode("utf-8")), max_bytes=10)
    assert error.problem == "input is over --max-bytes 10"


def test_glob_pattern(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("b.txt", "a.txt", "c.md"):
        (corpus / name).write_text(ARTICLE, encoding="utf-8")
    docs, errors = load([str(corpus / "*.txt")])
    assert errors == []
    assert [d.id for d in docs] == ["a", "b"]


def test_glob_matching_nothing(tmp_path: Path) -> None:
    assert only_error([str(tmp_path / "*.txt")]).problem == "no files match this pattern"


def test_folder_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    for rel in ("z.txt", "sub/m.md", ".hidden.txt", ".git/x.txt", "photo.png", "notes.text"):
        (tmp_path / rel).write_text(ARTICLE, encoding="utf-8")
    docs, errors = load([str(tmp_path)])
    assert errors == []
    assert [d.id for d in docs] == ["notes", "m", "z"]


def test_same_file_twice_is_loaded_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    docs, _ = load([str(tmp_path / "a.txt"), str(tmp_path), str(tmp_path / "*.txt")])
    assert [d.id for d in docs] == ["a"]


def test_invalid_date_flag_is_reported_and_ignored(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    docs, errors = load([str(tmp_path / "a.txt")], date="someday")
    assert errors[0].source == "--date"
    assert docs[0].date is None


def test_glob_skips_non_article_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\x00")
    docs, errors = load([str(tmp_path / "*")])
    assert ([d.id for d in docs], errors) == (["a"], [])
    assert only_error([str(tmp_path / "*.png")]).problem.startswith("no article files")


def test_empty_path_argument() -> None:
    assert only_error([""]).problem == "empty path"
