"""The learned trigger detector: model file, scoring, and its events in the analyser."""

from __future__ import annotations

from pathlib import Path

from rashomon.document import Document
from rashomon.events.extract import find_events
from rashomon.events.learned import (
    MODEL_PATH,
    TriggerModel,
    candidate,
    load_trigger_model,
    token_features,
)

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


def test_score_is_the_sum_over_token_features(pipeline) -> None:
    """The cached scoring adds the same weights in the same order as training's features."""
    model = load_trigger_model() or TOY
    text = "Rebels shelled the old bridge twice; the mayor, who fled, said repairs would start."
    for doc in (pipeline.nlp(text), pipeline.nlp(text)):  # the second read from the cache
        for token in doc:
            expected = sum(model.weights.get(f, 0.0) for f in token_features(token))
            assert model.score(token) == expected, token.text
    assert model._heads  # the head part was cached


def test_shipped_model_loads_and_is_small() -> None:
    model = load_trigger_model()
    if model is None:
        return  # not trained in this checkout
    assert MODEL_PATH.stat().st_size < 2_000_000
    assert 0.0 < model.threshold < 1.0


def test_learned_triggers_setting(pipeline) -> None:
    from rashomon.linking.stories import linkable
    from rashomon.pipeline import Pipeline

    text = "Rebels shelled the town. The governor resigned the next day."
    rules = Pipeline(options={"events": {"learned_triggers": False}})
    plain = [i for i in rules.analyse(Document(id="a", text=text)) if i.kind == "events"]
    assert all(i.fields["type"] != "OCCURRENCE" for i in plain)
    assert all("lemma" in i.fields["trigger"] for i in plain)
    if load_trigger_model() is None:
        return
    # On by default; the generic events are exported but join no story unless linked.
    items = [i for i in pipeline.analyse(Document(id="a", text=text)) if i.kind == "events"]
    assert {i.fields["trigger"]["text"] for i in items} >= {"shelled", "resigned"}
    by_word = {i.fields["trigger"]["text"]: i for i in items}
    assert by_word["resigned"].fields["type"] == "OCCURRENCE"
    assert by_word["resigned"].fields["linked"] is False and not linkable(by_word["resigned"])
    assert "linked" not in by_word["shelled"].fields and linkable(by_word["shelled"])
    linked = Pipeline(options={"events": {"link_learned": True}})
    again = [i for i in linked.analyse(Document(id="a", text=text)) if i.kind == "events"]
    resigned = next(i for i in again if i.fields["trigger"]["text"] == "resigned")
    assert "linked" not in resigned.fields and linkable(resigned)


EVERYTHING = TriggerModel({"bias": 8.0}, 0.5)  # every content word a trigger


def _learned(doc, **kwargs) -> set[str]:
    found = find_events(doc, EVERYTHING, **kwargs)
    return {f.trigger.lower_ for f in found if f.type in ("OCCURRENCE", "REPORT")}


def test_states_are_no_learned_events(pipeline) -> None:
    """Copulas, possession, auxiliaries and predicate nouns are states, not events."""
    doc = pipeline.nlp(
        "The charity has been the subject of scrutiny. It had the backing of two donors. "
        "The mayor did nothing. The fire seems to be an accident."
    )
    kept = _learned(doc, states=False)
    assert {"been", "had", "did", "seems", "accident"} <= kept  # what the detector proposes
    found = _learned(doc)
    assert not {"been", "had", "has", "did", "seems", "be", "subject", "accident"} & found
    assert {"scrutiny", "backing"} <= found


def test_light_verbs_and_collectives_are_no_learned_events(pipeline) -> None:
    """The noun carries the event of a light verb; a collective names an actor."""
    doc = pipeline.nlp(
        "The council made the announcement on Monday. No attempt was made to flee. "
        "The population welcomed the decision."
    )
    assert {"made", "population"} <= _learned(doc, states=False)
    found = _learned(doc)
    assert not {"made", "population"} & found
    assert {"announcement", "attempt", "welcomed"} <= found


def test_typed_gold_scores_typed_events_only() -> None:
    """A gold file of typed events only is not charged for the detector's generic events."""
    from rashomon.eval.events import evaluate_events

    gold = [{"doc": "a", "start": 10, "end": 17, "text": "shelled", "type": "ASSAULT"}]
    typed = {"doc": "a", "start": 0, "end": 30, "type": "ASSAULT",
             "trigger": {"start": 10, "end": 17}}  # fmt: skip
    generic = {"doc": "a", "start": 0, "end": 30, "type": "OCCURRENCE",
               "trigger": {"start": 20, "end": 28}}  # fmt: skip
    s = evaluate_events({"events": [typed, generic], "actors": []}, gold)
    assert s["precision"] == 1.0 and s["recall"] == 1.0 and s["generic"] == 1
    gold.append({"doc": "a", "start": 20, "end": 28, "text": "resigned", "type": "OCCURRENCE"})
    s = evaluate_events({"events": [typed, generic], "actors": []}, gold)
    assert s["recall"] == 1.0 and s["generic"] == 0  # a gold with generic events scores them


def test_timeline_and_report_leave_unlinked_events_out() -> None:
    from rashomon.events.timeline import timeline_rows
    from rashomon.report.sections import documents
    from rashomon.report.sections.overview import render

    def event(n: int, **extra: object) -> dict:
        return {"id": f"e{n}", "doc": "d", "start": n, "end": n + 1, "text": "x",
                "date": "2019-04-0" + str(n), "type": "OCCURRENCE", **extra}  # fmt: skip

    export = {
        "documents": [{"id": "d", "text": "a b c"}],
        "events": [event(1), event(2, linked=False)],
    }
    assert [r["event"]["id"] for r in timeline_rows(export)] == ["e1"]
    assert [r["event"]["id"] for r in timeline_rows(export, unlinked=True)] == ["e1", "e2"]
    page = render(export, None)
    assert ">1</td>" in page and ">2</td>" not in page  # one event counted (3 words)
    shown = documents.render(export, None)
    assert "e1" in shown and "e2" not in shown  # highlighted as evidence: the linked one only


def test_a_claim_belongs_to_a_typed_event() -> None:
    """A figure's event is the typed one around it, never a nearer learned generic event
    (those join no story, so the report would lose the figure)."""
    from rashomon.analysers.claims import _event
    from rashomon.document import Item, make_item

    text = "Rebels shelled the town and officials said 12 people were hurt."

    def event(word: str, kind: str) -> Item:
        t0 = text.index(word)
        trigger = {"start": t0, "end": t0 + len(word), "text": word, "lemma": word}
        item = make_item("events", text, 0, len(text), type=kind, trigger=trigger)
        item.id = word
        return item

    events = [event("shelled", "ASSAULT"), event("said", "REPORT"), event("hurt", "OCCURRENCE")]
    assert _event(events, text.index("12"), "injured") == "shelled"
    assert _event(events, text.index("12"), None) == "shelled"
    assert _event(events[1:], text.index("12"), None) is None


def test_a_generic_event_takes_no_date_from_a_typed_one(pipeline) -> None:
    """A false learned trigger before a typed event leaves it its date (it read None when the
    generic event's clause owned the time)."""
    if load_trigger_model() is None:
        return
    text = "On Monday 3 March, masked fighters from the northern militia launched an attack."
    items = pipeline.analyse(Document(id="d", text=text, date="2021-03-10"))
    typed = [i for i in items if i.kind == "events" and i.fields["type"] == "FIGHT"]
    assert [i.fields["date"] for i in typed] == ["2021-03-03"]
