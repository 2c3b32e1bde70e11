"""Tests for rashomon.ingest.load_documents: ids, languages, metadata, and the shared seed articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.document import Document
from rashomon.errors import InputError
from rashomon.ingest import load_documents, sanitize_id

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
ARTICLE = (
    "Dock workers at the eastern terminal returned to work on Monday after a week-long strike."
)
GERMAN = (
    "Die Hafenarbeiter am östlichen Terminal haben am Montag nach einem einwöchigen Streik die "
    "Arbeit wieder aufgenommen, teilte die Gewerkschaft mit."
)
FRENCH = (
    "Les dockers du terminal est ont repris le travail lundi après une grève d'une semaine, a "
    "indiqué le syndicat dans un communiqué."
)


def load(paths: list[str], **kwargs: object) -> tuple[list[Document], list[InputError]]:
    """Documents and errors from load_documents, in order."""
    results = list(load_documents(paths, **kwargs))  # type: ignore[arg-type]
    docs = [r for r in results if isinstance(r, Document)]
    return docs, [r for r in results if isinstance(r, InputError)]


def test_id_clash_gets_deterministic_suffixes(tmp_path: Path) -> None:
    for folder in ("a", "b", "c"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(f"{ARTICLE} ({folder})", encoding="utf-8")
    docs, _ = load([str(tmp_path / "c"), str(tmp_path / "a"), str(tmp_path / "b")])
    assert [(d.id, Path(d.source).parent.name) for d in docs] == [
        ("report", "a"),
        ("report-2", "b"),
        ("report-3", "c"),
    ]
    assert not any("already used" in w for w in docs[0].meta["warnings"])
    assert "already used" in docs[1].meta["warnings"][0]


def test_suffix_skips_ids_already_taken(tmp_path: Path) -> None:
    for name in ("x-2.txt", "x.md", "x.txt"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    docs, _ = load([str(tmp_path)])
    assert [d.id for d in docs] == ["x-2", "x", "x-3"]


@pytest.mark.parametrize(
    ("hint", "expected"),
    [
        ("Report 2024 (final)", "Report_2024_final"),
        ("Caf\u00e9 d\u00e9j\u00e0", "Cafe_deja"),
        ("???", "doc"),
    ],
)
def test_sanitize_id(hint: str, expected: str) -> None:
    assert sanitize_id(hint) == expected


@pytest.mark.parametrize(("text", "code"), [(GERMAN, "de"), (FRENCH, "fr")])
def test_non_english_gets_language_and_warning(tmp_path: Path, text: str, code: str) -> None:
    (tmp_path / "story.txt").write_text(text, encoding="utf-8")
    doc = load([str(tmp_path / "story.txt")])[0][0]
    assert doc.language == code
    assert any("not English" in w for w in doc.meta["warnings"])


def test_english_has_no_warning(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text(ARTICLE, encoding="utf-8")
    doc = load([str(tmp_path / "story.txt")])[0][0]
    assert (doc.language, doc.meta["detected"]) == ("en", [])
    assert not any("English" in w for w in doc.meta["warnings"])


def test_text_is_normalised_and_sha256_follows(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(
        "Dock\u00a0workers\u00e2\u20ac\u2122 union  \r\n\r\n\r\n\r\nEnds.".encode()
    )
    doc = load([str(tmp_path / "a.txt")])[0][0]
    assert doc.text == "Dock workers\u2019 union\n\nEnds."
    assert len(doc.sha256) == 64


def test_seed_articles() -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} not present")
    docs, errors = load([str(SEEDS)])
    assert errors == []
    assert len(docs) == 5
    assert all(doc.language == "en" for doc in docs)
    byline = [doc for doc in docs if "Fri, 30/09/2016 - 12:35" in doc.text]
    assert len(byline) == 1
    assert byline[0].date == "2016-09-30"
    assert byline[0].url and byline[0].url.startswith("https://fifthinternational.org/")
    assert byline[0].outlet == "fifthinternational.org"
    assert byline[0].title and not byline[0].title.startswith("#")
    dated = [doc for doc in docs if doc.text.startswith("date 2024-12-04")]
    assert len(dated) == 1 and dated[0].date == "2024-12-04"
    for doc in docs:
        first, _, rest = doc.text.partition("\n")
        if rest.startswith("\n") and len(first.split()) < 15 and not first.endswith("."):
            assert doc.title and first.lstrip("# ").startswith(doc.title)  # subtitle dropped
        assert doc.text.strip() == doc.text


def test_count_documents_for_the_progress_total(tmp_path: Path) -> None:
    from rashomon.ingest import count_documents

    (tmp_path / "a.txt").write_text("One article.")
    (tmp_path / "b.md").write_text("# Another\n\nText.")
    (tmp_path / "feed.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n{"text": "z"}\n')
    assert count_documents([str(tmp_path)]) == 5
    assert count_documents([str(tmp_path / "a.txt"), "-"]) is None  # stdin: unknown
