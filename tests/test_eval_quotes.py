"""Quote evaluation: matching rule, speaker accuracy, scare quotes as speech, gold and CLI."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from rashomon.eval.quotes import evaluate_quotes, load_gold
from rashomon.eval.spans import check_gold

GOLD = "examples/corpus/gold/quotes.jsonl"


def _export():
    text = "x" * 200
    return {
        "documents": [{"id": "d", "text": text}],
        "actors": [{"id": "a1", "name": "Ann Lee", "aliases": ["Lee"]}],
        "quotes": [
            {
                "id": "q1",
                "doc": "d",
                "start": 0,
                "end": 40,
                "kind": "direct",
                "speaker": "a1",
                "parts": [{"start": 1, "end": 39}],
            },
            {
                "id": "q2",
                "doc": "d",
                "start": 100,
                "end": 112,
                "kind": "direct",
                "speaker": None,
                "parts": [{"start": 101, "end": 111}],
            },
        ],
        "scare_quotes": [],
    }


def test_matching_speakers_and_scare_quotes():
    gold = [
        {"doc": "d", "start": 0, "end": 60, "kind": "direct", "speaker": "Ann Lee"},
        {"doc": "d", "start": 150, "end": 190, "kind": "indirect", "speaker": "Bo"},
        {"doc": "d", "start": 100, "end": 112, "kind": "scare", "speaker": None},
    ]
    scores = evaluate_quotes(_export(), gold)
    assert scores["recall"] == 0.5 and scores["precision"] == 0.5
    assert scores["speaker_accuracy"] == 1.0
    assert scores["scare_as_speech"] == 1


def test_gold_offsets_match_the_corpus(corpus_export):
    gold = load_gold(GOLD)
    texts = {d["id"]: d["text"] for d in corpus_export["documents"]}
    assert check_gold(gold, texts) == []
    assert len({g["doc"] for g in gold}) == 10
    scores = evaluate_quotes(corpus_export, gold)
    # 0.878 since the PolNeAR model of round 5 (0.901 before): it also reports contents this
    # gold leaves out ("denies bombing", "called for an investigation"), as PolNeAR marks them.
    assert scores["f1"] >= 0.85 and scores["speaker_accuracy"] >= 0.9
    assert scores["recall"] >= 0.95
    assert scores["scare_as_speech"] == 0


def test_cli_prints_metrics(analysed_corpus, tmp_path):
    from rashomon.cli import app

    result = CliRunner().invoke(app, ["eval", "quotes", GOLD, "--db", str(analysed_corpus)])
    assert result.exit_code == 0, result.output
    assert "speaker accuracy" in result.output and "F1" in result.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"doc": "d"}) + "\n", "utf-8")
    result = CliRunner().invoke(app, ["eval", "quotes", str(bad), "--db", str(analysed_corpus)])
    assert result.exit_code != 0
