"""Shared fixtures: the bundled corpus, the optional ../shared folder, a spaCy pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus" / "articles"
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The bundled example corpus (the project's own invented articles)."""
    return CORPUS


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The real seed articles; tests using them skip when ../shared is absent."""
    path = SHARED / "seeds"
    if not path.is_dir():
        pytest.skip("../shared/seeds is not available")
    return path


@pytest.fixture(scope="session")
def pipeline():
    """The default analysis pipeline (spaCy loads once per test session)."""
    from rashomon.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def analysed_corpus(tmp_path_factory: pytest.TempPathFactory, pipeline) -> Path:
    """A store holding the whole example corpus, analysed once per test session."""
    from rashomon.analyze import analyze
    from rashomon.store import open_store

    db = tmp_path_factory.mktemp("corpus") / "corpus.db"
    with open_store(str(db)) as store:
        analyze([str(CORPUS)], store, pipeline=pipeline)
    return db


@pytest.fixture(scope="session")
def corpus_export(analysed_corpus: Path) -> dict:
    """The export object of the analysed example corpus."""
    from rashomon.export import build_export
    from rashomon.store import open_store

    with open_store(str(analysed_corpus)) as store:
        return build_export(store)
