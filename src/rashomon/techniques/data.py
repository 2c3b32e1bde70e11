"""Reading and writing PTC-format data: article folders and SI/TC label files."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from rashomon.errors import InputError

SPLITS = ("train", "dev", "all")
DEV_PERCENT = 18  # share of labelled articles held out for model selection
_ARTICLE = re.compile(r"^article(.+)\.txt$")


@dataclass
class Article:
    """One PTC article: its id, raw text, and gold spans when labelled."""

    id: str
    text: str
    si: list[tuple[int, int]] = field(default_factory=list)
    tc: list[tuple[str, int, int]] = field(default_factory=list)


def in_dev(article_id: str) -> bool:
    """Whether an article belongs to the held-out dev split (a stable hash of its id)."""
    digest = hashlib.sha1(article_id.encode("utf-8")).hexdigest()
    return int(digest[:8], 16) % 100 < DEV_PERCENT


def read_articles(folder: Path) -> dict[str, str]:
    """Texts of ``article<ID>.txt`` files in a folder, by id (sorted by id)."""
    if not folder.is_dir():
        raise InputError(str(folder), "not a folder of article<ID>.txt files")
    texts: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        match = _ARTICLE.match(path.name)
        if match:
            # newline="" keeps "\r\n" as two characters, as the PTC offsets count them
            with path.open(encoding="utf-8", newline="") as handle:
                texts[match.group(1)] = handle.read()
    if not texts:
        raise InputError(str(folder), "no article<ID>.txt files found")
    return texts


def _label_lines(paths: list[Path]) -> list[list[str]]:
    rows = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                parts = line.rstrip("\n").split("\t")
                if len(parts) not in (3, 4):
                    raise InputError(f"{path}:{number}", "expected 3 or 4 tab-separated fields")
                rows.append(parts)
    return rows


def _label_files(root: Path, folder: str, suffix: str) -> list[Path]:
    if (root / folder).is_dir():
        return sorted((root / folder).glob(f"*{suffix}"))
    return sorted(root.glob(f"*{suffix}"))


def _to_int(value: str, where: str) -> int:
    try:
        return int(value)
    except ValueError as exc:
        raise InputError(where, f"offset {value!r} is not an integer") from exc


def read_si(paths: list[Path]) -> dict[str, list[tuple[int, int]]]:
    """SI gold from ``ID<TAB>start<TAB>end`` files, by article id."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for parts in _label_lines(paths):
        spans.setdefault(parts[0], []).append(
            (_to_int(parts[-2], parts[0]), _to_int(parts[-1], parts[0]))
        )
    return spans


def read_tc(paths: list[Path]) -> dict[str, list[tuple[str, int, int]]]:
    """TC gold from ``ID<TAB>technique<TAB>start<TAB>end`` files, by article id."""
    spans: dict[str, list[tuple[str, int, int]]] = {}
    for parts in _label_lines(paths):
        if len(parts) != 4:
            raise InputError(parts[0], "a TC label line needs 4 fields")
        spans.setdefault(parts[0], []).append(
            (parts[1], _to_int(parts[2], parts[0]), _to_int(parts[3], parts[0]))
        )
    return spans


def find_root(data: Path) -> Path:
    """The folder holding ``articles/``: ``data`` itself or its ``train/`` subfolder."""
    for root in (data, data / "train"):
        if (root / "articles").is_dir():
            return root
    raise InputError(str(data), "no articles/ folder here or in train/")


def load_corpus(data: Path, split: str = "all") -> list[Article]:
    """Labelled articles of one split (``train``, ``dev`` or ``all``), sorted by id."""
    if split not in SPLITS:
        raise InputError(split, f"unknown split; use one of {', '.join(SPLITS)}")
    root = find_root(data)
    texts = read_articles(root / "articles")
    si = read_si(_label_files(root, "labels-si", "si.labels"))
    tc = read_tc(_label_files(root, "labels-tc", "tc.labels"))
    if not si and not tc:
        raise InputError(str(root), "no SI or TC label files found")
    articles = []
    for article_id, text in texts.items():
        if split != "all" and in_dev(article_id) != (split == "dev"):
            continue
        articles.append(Article(article_id, text, si.get(article_id, []), tc.get(article_id, [])))
    return articles


def read_template(path: Path) -> list[tuple[str, str, int, int]]:
    """Rows ``(id, label, start, end)`` of a TC file or template (label may be ``?``)."""
    if not path.is_file():
        raise InputError(str(path), "no such span file")
    rows = []
    for parts in _label_lines([path]):
        if len(parts) != 4:
            raise InputError(str(path), "a TC template line needs ID, label, start, end")
        rows.append((parts[0], parts[1], _to_int(parts[2], parts[0]), _to_int(parts[3], parts[0])))
    return rows


def write_si(path: Path, rows: list[tuple[str, int, int]]) -> None:
    """Write ``ID<TAB>start<TAB>end`` lines."""
    path.write_text("".join(f"{i}\t{s}\t{e}\n" for i, s, e in rows), encoding="utf-8")


def write_tc(path: Path, rows: list[tuple[str, str, int, int]]) -> None:
    """Write ``ID<TAB>technique<TAB>start<TAB>end`` lines."""
    path.write_text("".join(f"{i}\t{t}\t{s}\t{e}\n" for i, t, s, e in rows), encoding="utf-8")
