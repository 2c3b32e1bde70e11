"""Events: triggers, types, agent/patient from the parse, modality, dates."""

from __future__ import annotations

from rashomon.document import Document


def _events(pipeline, text: str, date: str | None = "2019-04-09") -> list[dict]:
    items = pipeline.analyse(Document(id="t", text=text, date=date))
    return [i.fields | {"text": i.text} for i in items if i.kind == "events"]


def test_active_and_passive(pipeline) -> None:
    active = _events(pipeline, "Rebel gunners shelled the market on Monday.")[0]
    assert (active["type"], active["agent_text"], active["patient_text"]) == (
        "ASSAULT",
        "Rebel gunners",
        "the market",
    )
    assert active["date"] == "2019-04-08"
    passive = _events(pipeline, "The market was bombed by government jets.")[0]
    assert (passive["agent_text"], passive["patient_text"]) == ("government jets", "The market")


def test_accusation_content_is_alleged(pipeline) -> None:
    events = _events(pipeline, "The rebels accused the government of bombing the market.")
    by_type = {e["type"]: e for e in events}
    assert by_type["ACCUSE"]["modality"] == "asserted"
    assert by_type["ASSAULT"]["modality"] == "alleged"
    assert by_type["ASSAULT"]["agent_text"] == "the government"


def test_denied_and_negated(pipeline) -> None:
    denied = _events(pipeline, "The ministry denied that its jets had bombed the town.")
    assert any(e["type"] == "ASSAULT" and e["modality"] == "denied" for e in denied)
    negated = _events(pipeline, "We did not attack the town.")
    assert negated[0]["modality"] == "negated"


def test_light_verb_offensive(pipeline) -> None:
    event = _events(pipeline, "Opposition fighters launched an offensive on the city.")[0]
    assert (event["type"], event["agent_text"], event["patient_text"]) == (
        "FIGHT",
        "Opposition fighters",
        "the city",
    )


def test_spans_cover_trigger(corpus_export) -> None:
    docs = {d["id"]: d["text"] for d in corpus_export["documents"]}
    assert corpus_export["events"]
    for e in corpus_export["events"]:
        t = e["trigger"]
        assert e["start"] <= t["start"] < t["end"] <= e["end"]
        assert docs[e["doc"]][t["start"] : t["end"]] == t["text"]
