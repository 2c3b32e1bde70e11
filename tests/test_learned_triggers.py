"""The learned trigger detector: model file, scoring, and its events in the analyser."""

from __future__ import annotations

from pathlib import Path

from rashomon.document import Document
from rashomon.events.extract import find_events
from rashomon.events.learned import MODEL_PATH, TriggerModel, candidate, load_trigger_model

TOY = TriggerModel({"bias": -4.0, "l=resign": 8.0, "l=say": 8.0, "p=VERB": 0.5}, 0.5)


def test_model_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    TOY.save(path)
    again = TriggerModel.load(path)
    assert again.weights == TOY.weights and again.threshold == TOY.threshold
    first = path.read_bytes()
    again.save(path)
    assert path.read_bytes() == first  # deterministic bytes


def test_toy_model_finds_unknown_triggers_with_generic_types(pipeline) -> None:
    doc = pipeline.nlp("The minister resigned on Friday, an aide said.")
    assert not [f for f in find_events(doc) if f.trigger.lower_ == "resigned"]
    found = {f.trigger.lower_: f for f in find_events(doc, TOY)}
    assert found["resigned"].type == "OCCURRENCE"
    assert found["said"].type == "REPORT"  # the aide reports; the minister acts
    assert found["resigned"].agent is not None and found["resigned"].agent.text == "The minister"
    assert not candidate(doc[0])  # a determiner is never scored


def test_shipped_model_loads_and_is_small() -> None:
    model = load_trigger_model()
    if model is None:
        return  # not trained in this checkout
    assert MODEL_PATH.stat().st_size < 2_000_000
    assert 0.0 < model.threshold < 1.0


def test_learned_triggers_setting(pipeline) -> None:
    from rashomon.pipeline import Pipeline

    text = "Rebels shelled the town. The governor resigned the next day."
    plain = [i for i in pipeline.analyse(Document(id="a", text=text)) if i.kind == "events"]
    assert all(i.fields["type"] != "OCCURRENCE" for i in plain)
    assert all("lemma" in i.fields["trigger"] for i in plain)
    if load_trigger_model() is None:
        return
    learned = Pipeline(options={"events": {"learned_triggers": True}})
    items = [i for i in learned.analyse(Document(id="a", text=text)) if i.kind == "events"]
    assert {i.fields["trigger"]["text"] for i in items} >= {"shelled", "resigned"}
