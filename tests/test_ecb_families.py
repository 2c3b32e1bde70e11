"""Lemma families learned from ECB+-format gold mentions (eval.ecb_families)."""

from __future__ import annotations

from rashomon.eval.ecb import EcbDoc
from rashomon.eval.ecb_families import pair_stats, select_pairs


def _doc(doc_id: str, topic: int, mentions: list[tuple[str, str]]) -> tuple[EcbDoc, dict]:
    text = " ".join(word for word, _ in mentions)
    found, lemmas, pos = [], {}, 0
    for word, cluster in mentions:
        found.append({"start": pos, "end": pos + len(word), "cluster": cluster})
        lemmas[f"{doc_id}:{pos}:{pos + len(word)}"] = word
        pos += len(word) + 1
    return EcbDoc(doc_id, topic, f"{topic}_a", "train", text, found), lemmas


def test_pairs_count_coreference_within_subtopics_and_their_topics() -> None:
    one, l1 = _doc("1_1", 1, [("die", "A"), ("death", "A"), ("vote", "B")])
    two, l2 = _doc("2_1", 2, [("die", "C"), ("death", "C"), ("vote", "C"), ("gather", "D")])
    stats = pair_stats([one, two], {**l1, **l2})
    assert stats[("death", "die")].same == 2 and stats[("death", "die")].topics == {1, 2}
    assert stats[("die", "vote")].same == 1 and stats[("die", "vote")].apart == 1
    assert ("gather", "gather") not in stats
    two_topics = select_pairs(stats, 2, 0.0)
    assert two_topics == {"death": frozenset({"die"}), "die": frozenset({"death"})}
    precise = select_pairs(stats, 1, 0.6)
    assert "vote" not in precise and "gather" not in precise
    assert select_pairs(stats, 1, 0.0, names=frozenset({"death"})).get("death") is None
