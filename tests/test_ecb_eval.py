"""ECB+-format evaluation: regions, trigger matching, CoNLL rows with baselines."""

from __future__ import annotations

import json
from pathlib import Path

from rashomon.eval.ecb import EcbDoc, analyse_ecb, load_ecb, score_ecb
from rashomon.store import open_store

TEXTS = [
    "Jets bombed the depot of Varnholt on Monday .\nThe bombing killed four guards .",
    "Four guards died when jets bombed a depot in Varnholt .\nOfficials said the strike was heavy .",
]


def _mention(text: str, word: str, cluster: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return {"id": word, "start": start, "end": start + len(word), "text": word,
            "type": "ACTION_OCCURRENCE", "cluster": cluster,
            "sentence": text[:start].count("\n"), "tokens": [], "contiguous": True}  # fmt: skip


def _write(tmp_path: Path) -> Path:
    rows = [
        {"id": "1_1ecb", "topic": 1, "subtopic": "1_ecb", "split": "dev", "text": TEXTS[0],
         "mentions": [_mention(TEXTS[0], "bombed", "A"), _mention(TEXTS[0], "bombing", "A"),
                      _mention(TEXTS[0], "killed", "K")]},
        {"id": "1_2ecb", "topic": 1, "subtopic": "1_ecb", "split": "dev", "text": TEXTS[1],
         "mentions": [_mention(TEXTS[1], "died", "K"), _mention(TEXTS[1], "bombed", "A")]},
        {"id": "2_1ecb", "topic": 2, "subtopic": "2_ecb", "split": "train", "text": "Nothing .",
         "mentions": []},
    ]  # fmt: skip
    path = tmp_path / "ecb.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


def test_load_and_regions(tmp_path: Path) -> None:
    docs = load_ecb(_write(tmp_path), "dev")
    assert [d.id for d in docs] == ["1_1ecb", "1_2ecb"]
    # only the sentences holding a gold mention are scored: the second text's second line is not
    first = TEXTS[1].index("\n")
    assert docs[1].regions() == [(0, first)]
    assert EcbDoc("x", 1, "1_ecb", "dev", "a\nb", []).regions() == []


def test_scores_triggers_and_baselines(tmp_path: Path) -> None:
    docs = load_ecb(_write(tmp_path), "dev")
    store = open_store(str(tmp_path / "ecb.db"))
    try:
        analyse_ecb(docs, store)
        scores = score_ecb(store, docs)
        from rashomon.eval.ecb_families import e2e_conll
        from rashomon.linking.event_clusters import lemma_pairs

        # the families' in-memory clustering is the linker's: the same end-to-end score
        relinked = e2e_conll(store, docs, lemma_pairs())
    finally:
        store.close()
    assert relinked == scores["conll"]["system"][0]["conll"]
    t = scores["triggers"]
    assert t["gold"] == 5 and 0 < t["hits"] <= t["predicted"]
    # 'strike' sits in an unvalidated sentence: never counted as a false trigger
    assert t["predicted"] <= 5
    rows = scores["conll"]
    baselines = {"system", "system, projected", "singletons", "same lemma", "lemma in TF-IDF group"}
    assert set(rows) == baselines | {"pairwise model"}  # the shipped model, in the same run
    assert 0.0 <= rows["pairwise model"][1]["conll"] <= 1.0
    # on gold mentions, the same-lemma baseline joins both 'bombed': better than singletons
    assert rows["same lemma"][1]["muc"] > rows["singletons"][1]["muc"] == 0.0


def test_a_kept_store_is_reanalysed_when_the_analysers_change(tmp_path: Path) -> None:
    from rashomon.document import Document
    from rashomon.eval.ecb import _stale

    store = open_store(str(tmp_path / "kept.db"))
    try:
        assert _stale(store, "a", {"events": "1"})  # not stored yet
        store.save_document(Document(id="a", text="Jets bombed the depot ."), [], {"events": "1"})
        assert not _stale(store, "a", {"events": "1"})
        assert _stale(store, "a", {"events": "2"})  # a new events version: analysed again
    finally:
        store.close()


def test_gold_mentions_become_events_with_the_predicted_fields() -> None:
    from rashomon.document import Item
    from rashomon.eval.ecb_gold import gold_event_id, gold_events

    text = TEXTS[0]
    doc = EcbDoc("d", 1, "1_ecb", "dev", text, [_mention(text, "bombed", "A"),
                                               _mention(text, "killed", "K")])  # fmt: skip
    start = text.index("bombed")
    fields = {
        "type": "ASSAULT",
        "agent_text": "Jets",
        "trigger": {"start": start, "end": start + 6},
    }
    predicted = Item("events", 0, 20, text[:20], fields)
    made = gold_events(doc, [predicted], {f"d:{start}:{start + 6}": "bomb"})
    assert [e.fields["type"] for e in made] == ["ASSAULT", "OCCURRENCE"]
    assert made[0].fields["agent_text"] == "Jets" and made[0].fields["trigger"]["lemma"] == "bomb"
    killed = text.index("killed")
    assert made[1].fields["trigger"]["text"] == "killed" and made[1].start == killed
    assert made[1].id == gold_event_id(("d", killed, killed + 6)) and made[1].doc == "d"
    assert predicted.fields["trigger"] == {"start": start, "end": start + 6}  # not changed
