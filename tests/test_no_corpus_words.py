"""No rule, word list or comment in ``src/`` names a person, place or group of the sample corpus
or of the seed articles: a rule that exists because one test article needs it fails on the next
real article. General knowledge belongs in the documented data files (``rashomon/lang/``,
``rashomon/places/``), which this test does not scan."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus" / "articles"
SHARED = REPO.parent / "shared"
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "WORK_OF_ART"}
WORD = re.compile(r"[A-Z][A-Za-z\-]{2,}")


def _texts() -> list[str]:
    texts = [p.read_text("utf-8", "replace") for p in sorted(CORPUS.iterdir()) if p.is_file()]
    seeds = SHARED / "seeds"
    if seeds.is_dir():
        texts += [p.read_text("utf-8", "replace") for p in sorted(seeds.glob("*.txt"))]
    return texts


@pytest.fixture(scope="module")
def corpus_names(pipeline) -> set[str]:
    """Capitalised words inside named entities of the sample corpus and the seeds."""
    names: set[str] = set()
    for doc in pipeline.nlp.pipe(_texts()):
        for ent in doc.ents:
            if ent.label_ in NAME_LABELS:
                names.update(t.text for t in ent if WORD.fullmatch(t.text) and not t.is_stop)
    # A word the articles also write in lower case ("open", "free", "army") is the language's
    # own, not a name.
    lower = {w for text in _texts() for w in re.findall(r"\b[a-z][a-z\-]+\b", text)}
    # The PTC technique names ("Red_Herring") are the task's vocabulary, not a corpus's.
    from rashomon.techniques.catalog import NAMES

    technique_words = {w for name in NAMES for w in re.split(r"[_,\-]", name)}
    # Compass words name no place of their own ("Western diplomats", "East Brelka").
    compass = {"East", "West", "North", "South", "Central"}
    compass |= {w + "ern" for w in ("East", "West", "North", "South")}
    general = technique_words | compass
    return {n for n in names if n.lower() not in lower and n not in general}


def test_src_names_no_person_place_or_group_of_the_test_articles(corpus_names):
    found = []
    for path in sorted((REPO / "src" / "rashomon").rglob("*.py")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            hits = sorted({w for w in WORD.findall(line) if w in corpus_names})
            if hits:
                found.append(f"{path.relative_to(REPO)}:{number}: {', '.join(hits)}")
    assert not found, "corpus names in src/:\n" + "\n".join(found)
