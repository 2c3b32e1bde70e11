"""Tests for rashomon.ingest.dedup.NearDuplicateIndex."""

from __future__ import annotations

import pytest

from rashomon.ingest.dedup import NearDuplicateIndex, shingles

ARTICLE = (
    "The harbour bridge in the town of Port Selwyn reopened on Tuesday after eight months of "
    "repairs, the town council said in a statement. Engineers replaced the rusted cables and "
    "repainted the deck. The works director said the bridge was safer than it had ever been. "
    "Some residents complained about the cost of the work, which rose to twice the first "
    "estimate, and asked for an independent review of how the contract was awarded. The "
    "council said the review would report before the end of the year and that tolls would not "
    "rise. Traffic on the coast road, which carried most cars during the repairs, is expected "
    "to fall by half now that the bridge is open again to lorries and buses."
)
REWORDED = ARTICLE.replace(
    "Engineers replaced the rusted cables and repainted the deck.",
    "Workers swapped every corroded cable and gave the deck a fresh coat of paint.",
)
UNRELATED = (
    "Ferry crews on the northern route voted on Friday to strike for two days next month, their "
    "union said, after talks over rosters broke down. The operator said it was disappointed and "
    "that most sailings would still run, though passengers should check before travelling. The "
    "union said its members had worked unpaid overtime for a year and that the new rosters left "
    "too little rest between shifts. Talks are due to resume next week with a mediator."
)


@pytest.fixture
def index() -> NearDuplicateIndex:
    idx = NearDuplicateIndex()
    idx.add("bridge", ARTICLE)
    idx.add("ferry", UNRELATED)
    return idx


def test_near_duplicate_with_changed_sentence_is_found(index: NearDuplicateIndex) -> None:
    found = index.query(REWORDED)
    assert [doc_id for doc_id, _ in found] == ["bridge"]
    assert 0.7 <= found[0][1] < 1.0


def test_unrelated_article_is_not_found(index: NearDuplicateIndex) -> None:
    index.remove("ferry")
    assert index.query(UNRELATED) == []


def test_exclude_leaves_out_the_document_itself(index: NearDuplicateIndex) -> None:
    assert index.query(ARTICLE) == [("bridge", 1.0)]
    assert index.query(ARTICLE, exclude="bridge") == []


def test_signature_round_trip_rebuilds_the_index() -> None:
    first = NearDuplicateIndex()
    sig = first.signature(ARTICLE)
    assert isinstance(sig, bytes) and sig == first.signature(ARTICLE)
    rebuilt = NearDuplicateIndex()
    rebuilt.add_signature("bridge", sig)
    assert "bridge" in rebuilt and len(rebuilt) == 1
    assert [doc_id for doc_id, _ in rebuilt.query(REWORDED)] == ["bridge"]


def test_bad_signature_is_rejected() -> None:
    with pytest.raises(ValueError, match="bytes"):
        NearDuplicateIndex().add_signature("x", b"short")


def test_adding_an_id_again_replaces_it(index: NearDuplicateIndex) -> None:
    index.add("bridge", UNRELATED)
    assert len(index) == 2
    assert index.query(ARTICLE) == []


def test_shingles_are_lowercased_word_five_grams() -> None:
    assert shingles("One two Three four five six") == {
        "one two three four five",
        "two three four five six",
    }
    assert shingles("Too short") == {"too short"}
    assert shingles("") == set()


def test_candidates_are_capped_to_the_earliest_copies() -> None:
    """A text copied many times links to the earliest copies only: work and links stay linear."""
    idx = NearDuplicateIndex(max_candidates=3)
    for n in range(8):
        idx.add(f"copy-{n}", f"{ARTICLE} Copy {n}.")
    found = idx.query(REWORDED)
    assert sorted(doc_id for doc_id, _ in found) == ["copy-0", "copy-1", "copy-2"]
    idx.remove("copy-1")
    assert sorted(d for d, _ in idx.query(REWORDED)) == ["copy-0", "copy-2", "copy-3"]
    assert sorted(d for d, _ in idx.query(ARTICLE, exclude="copy-0")) == [
        "copy-2",
        "copy-3",
        "copy-4",
    ]


def test_lsh_bands_are_datasketchs_choice() -> None:
    from datasketch.lsh import _optimal_param

    from rashomon.ingest.dedup import lsh_bands

    for num_perm in (32, 128):
        for threshold in (0.05, 0.3, 0.55, 0.7, 0.9):
            assert lsh_bands(threshold, num_perm) == _optimal_param(threshold, num_perm, 0.5, 0.5)


def test_index_does_not_import_scipy_integrate() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from rashomon.ingest.dedup import NearDuplicateIndex\n"
        "index = NearDuplicateIndex()\n"
        "index.add('a', 'one two three four five six seven')\n"
        "assert index.query('one two three four five six seven') == [('a', 1.0)]\n"
        "print('scipy.integrate' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
