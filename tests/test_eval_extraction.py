"""Claims, events and time evaluation: hand-made cases for the metrics, the gold files, the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from rashomon.errors import RashomonError
from rashomon.eval import claims as claim_eval
from rashomon.eval import events as event_eval
from rashomon.eval import time as time_eval
from rashomon.eval.spans import check_gold

GOLD = "examples/corpus/gold/"


def _claim(start, end, qtype="count", low=None, high=None, counted=None, subject=None):
    return {"doc": "d", "start": start, "end": end, "quantity_type": qtype, "low": low,
            "high": high, "counted": counted, "subject": subject}  # fmt: skip


def test_claims_bounds_types_and_counted():
    gold = [
        _claim(0, 18, low=41, counted="killed", subject="people"),  # 'at least 41 people'
        _claim(30, 40, low=61, counted="injured"),
        _claim(50, 60, "percent", 61, 61),
        _claim(70, 80, "duration", 3, 3),
    ]
    preds = [
        _claim(9, 23, low=41.0, counted="killed", subject="people"),  # covers half: a match
        _claim(30, 40, low=60, counted="injured"),  # wrong bound
        _claim(50, 60, "count", 61, 61),  # a percentage taken for a count
        _claim(100, 104, low=2, high=2),  # spurious
    ]
    s = claim_eval.evaluate_claims({"claims": preds}, gold)
    assert s["recall"] == 0.75 and s["precision"] == 0.75
    assert s["count_bounds_recall"] == 0.5 and s["bounds_recall"] == 0.5
    assert s["typed_as_count"] == 1 and s["typed_recall"] == 0.0
    assert s["counted_accuracy"] == 1.0 and s["subject_accuracy"] == 1.0
    assert claim_eval.same_bound(None, None) and not claim_eval.same_bound(None, 0)


def _event(start, end, etype="ASSAULT", **fields):
    return {"doc": "d", "start": start, "end": end, "type": etype, **fields}


def test_event_arguments_compare_by_words_or_actor_aliases():
    actors = {"a1": {"id": "a1", "name": "Veskarian Liberation Coalition", "aliases": ["VLC"]}}
    assert event_eval.names_agree("the government", "The Veskarian government")
    assert event_eval.names_agree("Units", "Units of the Veskarian Army")
    assert event_eval.names_agree("us", "us")
    assert not event_eval.names_agree("it", "Ostreland")
    assert not event_eval.names_agree("the market", "the rebels")
    pred = {"agent_text": "they", "agent": "a1"}
    assert event_eval.argument_ok(pred, "agent", "the VLC", actors)
    assert not event_eval.argument_ok({"agent_text": "they"}, "agent", "the VLC", {})
    assert event_eval.argument_ok({"agent_text": None}, "agent", None, {})
    assert not event_eval.argument_ok({"agent_text": "Kaldoria"}, "agent", None, {})


def test_events_trigger_type_and_modality():
    gold = [
        _event(10, 17, agent="the army", patient=None, modality="asserted"),
        _event(30, 36, "FIGHT", agent=None, patient="Tarvesk", modality="reported"),
        _event(50, 55, agent=None, patient=None, modality="negated"),
    ]
    preds = [
        {**_event(0, 40), "trigger": {"start": 10, "end": 17}, "agent_text": "The Army",
         "patient_text": None, "modality": "asserted"},
        {**_event(25, 45, "FIGHT"), "trigger": {"start": 30, "end": 36}, "agent_text": None,
         "patient_text": "Soren", "modality": "reported"},
    ]  # fmt: skip
    s = event_eval.evaluate_events({"events": preds, "actors": []}, gold)
    assert s["recall"] == pytest.approx(2 / 3) and s["precision"] == 1.0
    assert s["type_accuracy"] == 1.0 and s["modality_accuracy"] == 1.0
    assert s["agent_accuracy"] == 1.0 and s["patient_accuracy"] == 0.5
    assert s["patient_expressed_accuracy"] == 0.0 and [g["start"] for g in s["missed"]] == [50]


def _time(start, end, ttype="DATE", value=None, text=""):
    return {"doc": "d", "start": start, "end": end, "type": ttype, "value": value, "text": text}


def test_time_strict_relaxed_value_and_invented():
    gold = [
        _time(0, 15, "TIME", "2019-04-09TMO", "Tuesday morning"),
        _time(20, 28, "DATE", "2019-03-14", "14 March"),
        _time(30, 36, "DATE", None, "Monday"),  # no document date: nothing to resolve against
        _time(40, 44, "DATE", "2016", "2016"),
        _time(50, 59, "DATE", "2019-04-08", "yesterday"),
    ]
    preds = [
        _time(0, 7, "DATE", "2019-04-09"),  # relaxed match only, wrong type and value
        _time(20, 28, "DATE", "2019-03-14"),
        _time(30, 36, "DATE", "2019-04-08"),  # invented
        _time(40, 44, "DATE", "2016"),
    ]
    s = time_eval.evaluate_times({"times": preds}, gold)
    assert s["strict"]["recall"] == 0.6 and s["relaxed"]["recall"] == 0.8
    assert s["strict"]["precision"] == 0.75 and s["relaxed"]["precision"] == 1.0
    assert s["type_accuracy"] == 0.75 and s["value_accuracy"] == 0.5
    assert s["value"]["precision"] == 0.5 and s["value"]["recall"] == 0.4
    assert len(s["invented"]) == 1
    # relative: Tuesday morning, 14 March, yesterday (2016 has its year written; null is none)
    assert (s["relative"], s["relative_right"]) == (3, 1)


def test_bad_gold_line_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"doc": "d", "start": 0}) + "\n", "utf-8")
    with pytest.raises(RashomonError, match="bad.jsonl:1"):
        time_eval.load_gold(bad)
    bad.write_text("{not json\n", "utf-8")
    with pytest.raises(RashomonError, match="not JSON"):
        claim_eval.load_gold(bad)


def test_gold_offsets_match_the_corpus(corpus_export):
    texts = {d["id"]: d["text"] for d in corpus_export["documents"]}
    for name, module in (("claims", claim_eval), ("events", event_eval), ("times", time_eval)):
        gold = module.load_gold(GOLD + name + ".jsonl")
        assert check_gold(gold, texts) == [], name
        assert len({g["doc"] for g in gold}) == 10, name


def test_corpus_meets_the_targets(corpus_export):
    c = claim_eval.evaluate_claims(corpus_export, claim_eval.load_gold(GOLD + "claims.jsonl"))
    assert c["count_bounds_recall"] >= 0.95 and c["typed_as_count"] == 0 and c["f1"] >= 0.9
    t = time_eval.evaluate_times(corpus_export, time_eval.load_gold(GOLD + "times.jsonl"))
    assert t["relative_accuracy"] >= 0.9 and not t["invented"] and t["relaxed"]["f1"] >= 0.9
    e = event_eval.evaluate_events(corpus_export, event_eval.load_gold(GOLD + "events.jsonl"))
    assert e["f1"] >= 0.9 and e["agent_accuracy"] >= 0.8 and e["patient_accuracy"] >= 0.8


@pytest.mark.parametrize(
    ("kind", "gold", "expect"),
    [
        ("claims", "claims", "right low/high"),
        ("events", "events", "agent"),
        ("time", "times", "invented dates"),
    ],
)
def test_cli_prints_metrics(analysed_corpus, kind, gold, expect):
    from rashomon.cli import app

    args = ["eval", kind, GOLD + gold + ".jsonl", "--db", str(analysed_corpus), "--errors"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert expect in result.output and "F1" in result.output


def test_cli_missing_store_is_an_error(tmp_path):
    from rashomon.cli import app

    args = ["eval", "time", GOLD + "times.jsonl", "--db", str(tmp_path / "none.db")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code != 0 and "no such store" in str(result.exception)


def _timeml_doc(doc_id, text, dct, timexes):
    spans = []
    for surface, ttype, value in timexes:
        start = text.index(surface)
        spans.append({"start": start, "end": start + len(surface), "text": surface,
                      "type": ttype, "value": value, "tid": f"t{len(spans) + 1}"})  # fmt: skip
    return {"id": doc_id, "text": text, "dct": dct, "timexes": spans, "events": []}


@pytest.fixture
def timeml_file(tmp_path):
    docs = [
        _timeml_doc("a", "\nProfit fell in the third quarter. Talks resume on Tuesday.\n",
                    "1999-10-20", [("the third quarter", "DATE", "1999-Q3"),
                                   ("Tuesday", "DATE", "1999-10-19")]),
        _timeml_doc("b", "\nThe strike lasted three days and ended in 1997.\n", "1999-10-20",
                    [("three days", "DURATION", "P3D"), ("1997", "DATE", "1997")]),
    ]  # fmt: skip
    path = tmp_path / "mini.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), "utf-8")
    return path


def test_timeml_corpus_is_read_as_documents_and_gold(timeml_file):
    assert time_eval.is_timeml(timeml_file)
    assert not time_eval.is_timeml(GOLD + "times.jsonl")
    docs, gold = time_eval.load_timeml(timeml_file)
    assert [d["id"] for d in docs] == ["a", "b"] and len(gold) == 4
    preds = time_eval.predict_times(docs, parse=False)
    s = time_eval.score_times(preds, gold)
    assert s["relaxed"]["f1"] == 1.0 and s["value_accuracy"] == 1.0


def test_document_folds_are_stable_and_disjoint():
    ids = [f"doc{i}" for i in range(23)]
    folds = time_eval.document_folds(ids, 5)
    assert folds == time_eval.document_folds(list(reversed(ids)), 5)
    assert sum(len(f) for f in folds) == 23 and set().union(*folds) == set(ids)


def test_heideltime_output_is_aligned_to_the_text():
    from rashomon.eval.time_peers import timeml_spans

    doc = {"id": "a", "text": "\nSales &amp; profit rose  on Monday, and again in 1997.\n"}
    doc["text"] = doc["text"].replace("&amp;", "&")
    output = (
        '<?xml version="1.0"?>\n<TimeML>\nSales &amp; profit rose on <TIMEX3 tid="t1" '
        'type="DATE" value="1999-10-18">Monday</TIMEX3>, and again in <TIMEX3 tid="t2" '
        'type="DATE" value="1997">1997</TIMEX3>.\n</TimeML>\n'
    )
    spans = timeml_spans(doc, output)
    assert [(doc["text"][s["start"] : s["end"]], s["value"]) for s in spans] == [
        ("Monday", "1999-10-18"),
        ("1997", "1997"),
    ]


def test_cli_scores_a_timeml_corpus_with_a_peer(timeml_file):
    from rashomon.cli import app

    args = ["eval", "time", str(timeml_file), "--no-parse", "--folds", "2", "--peer", "dateparser"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "== rashomon" in result.output and "== dateparser" in result.output
    assert "fold mean (2)" in result.output and "value F1" in result.output
