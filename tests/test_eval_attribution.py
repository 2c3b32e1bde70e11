"""Scoring of quotes and speakers against PolNeAR-style gold (no parsing needed)."""

from __future__ import annotations

from rashomon.eval.attribution import Article, matches, score


def test_match_needs_half_of_the_longer_span():
    assert matches((0, 10), (0, 6))
    assert not matches((0, 10), (0, 4))
    assert not matches((0, 5), (5, 10))


def test_score_counts_parts_kinds_and_speakers():
    text = "“We will win,” said Lina Oster. Officials said the bridge would reopen soon."
    gold = [
        {"start": 1, "end": 12, "kind": "direct", "speaker": {"start": 20, "end": 30}},
        {"start": 47, "end": 74, "kind": "indirect", "speaker": {"start": 32, "end": 41}},
    ]
    ours = [
        {
            "kind": "direct",
            "start": 0,
            "end": 13,
            "parts": [(1, 12)],
            "speaker": (20, 30),
            "speaker_name": "Lina Oster",
        },
        {"kind": "indirect", "start": 0, "end": 5, "parts": [(0, 5)], "speaker": None},
    ]
    article = Article("a", text, gold, ours=ours, speaker_kinds=["name", "group"])
    s = score([article], "ours")
    assert (s["precision"], s["recall"]) == (0.5, 0.5)
    assert s["recall_by_kind"]["direct"] == (1.0, 1) and s["recall_by_kind"]["indirect"][0] == 0
    assert s["speakers"] == {"name": (1.0, 1)}


def test_head_word_skips_party_tags_and_appositions():
    from rashomon.eval.attribution import head_word

    for words, head in [
        ("Sen. Lina Oster (R-Ost.)", "oster"),
        ("Ilse Venko, the chief of the Harbour Board,", "venko"),
        ("Ostland Rep. Jana Orlov", "orlov"),
    ]:
        assert head_word(words, {"start": 0, "end": len(words)}) == head


def test_indirect_content_parts_are_scored_separately_and_mixed_is_its_own_row():
    text = "The plan, the mayor said, was never costed. She called it “a fantasy” on Monday."
    gold = [
        {"start": 0, "end": 8, "kind": "indirect", "speaker": None},
        {"start": 26, "end": 42, "kind": "indirect", "speaker": None},
        {"start": 51, "end": 70, "kind": "indirect", "partial_quote": True, "speaker": None},
    ]
    split = {"kind": "indirect", "start": 0, "end": 42, "parts": [(0, 8), (26, 42)]}
    split["speaker"] = None
    article = Article("a", text, gold, ours=[split], speaker_kinds=[None, None, None])
    s = score([article], "ours")
    assert (s["precision"], s["recall"]) == (1.0, 2 / 3)
    assert s["recall_by_kind"]["plain"] == (1.0, 2)
    assert s["recall_by_kind"]["mixed"] == (0.0, 1)
    assert s["recall_by_kind"]["indirect"] == (2 / 3, 3)
    assert s["gold"] == 3


def test_basil_speakers_split_people_from_groups_and_forgive_cut_values():
    from rashomon.eval.attribution import basil_speaker_kind, score_basil

    assert basil_speaker_kind("Harbour_Republicans") == "group"
    assert basil_speaker_kind("Ostland_lawmakers") == "group"
    assert basil_speaker_kind("Lina_Oster") == "person"
    assert basil_speaker_kind("Ilse_Anders") == "person"
    text = "“We will not pay,” said Ilse Valderón. “No,” said the minister."
    gold = [
        {"start": 0, "end": 18, "speaker": "Ilse_Valder"},
        {"start": 39, "end": 43, "speaker": "Lina_Oster_Jr."},
        {"start": 39, "end": 43, "speaker": "other_anti"},
    ]
    ours = [
        {"start": 0, "end": 18, "speaker_name": "Ilse Valderón"},
        {"start": 39, "end": 43, "speaker_name": "minister"},
    ]
    s = score_basil([Article("b", text, gold, ours=ours)], "ours")
    strict = {k: s["person"][k] for k in ("gold", "found", "right", "accuracy")}
    assert strict == {"gold": 2, "found": 2, "right": 1, "accuracy": 0.5}
    assert s["other"]["gold"] == 1 and s["group"]["gold"] == 0
