"""Target classes of event patients, and the stories rule that keeps different targets apart."""

from __future__ import annotations

import numpy as np

from rashomon.document import Document
from rashomon.events.targets import classes, target_class
from rashomon.linking.story_index import EventRecord, StoryIndex, StorySettings
from rashomon.pipeline import load_spacy


def _class_of(text: str, word: str) -> str | None:
    doc = load_spacy()(text)
    token = next(t for t in doc if t.text == word)
    return target_class(token)


def test_head_and_modifier_classes() -> None:
    assert _class_of("Jets hit an aid convoy near the border.", "convoy") == "humanitarian"
    assert _class_of("Jets hit an army convoy near the border.", "convoy") == "military"
    assert _class_of("Gunners shelled the garrison.", "garrison") == "military"
    assert _class_of("Rockets struck two clinics.", "clinics") == "medical"
    assert _class_of("Raiders burned the mayor's car.", "car") is None
    assert {"humanitarian", "military", "civilian", "medical"} <= set(classes())


def test_counts_are_looked_through() -> None:
    assert _class_of("The blast killed dozens of villagers.", "dozens") == "civilian"
    assert _class_of("The raid wounded some of the soldiers.", "some") == "military"


def test_events_store_the_patient_class(pipeline) -> None:
    text = "Unknown jets bombed a relief convoy near Velmora on Monday."
    items = pipeline.analyse(Document(id="t", text=text, date="2021-03-02"))
    bombing = next(i for i in items if i.kind == "events" and i.fields["type"] == "ASSAULT")
    assert bombing.fields["patient_text"] == "a relief convoy"
    assert bombing.fields["patient_class"] == "humanitarian"


def test_absolute_participle_subject_is_the_patient(pipeline) -> None:
    text = "Jets flew 40 sorties over the valley, with the field clinics deliberately targeted."
    items = pipeline.analyse(Document(id="t", text=text, date="2021-03-02"))
    targeted = next(
        i for i in items if i.kind == "events" and i.fields["trigger"]["text"] == "targeted"
    )
    assert targeted.fields["agent_text"] is None
    assert targeted.fields["patient_text"] == "the field clinics"
    assert targeted.fields["patient_class"] == "medical"


def _record(n: int, target: str | None) -> EventRecord:
    vector = np.ones(4, dtype=np.float32) / 2.0  # the same sentence: cosine 1
    return EventRecord(f"e{n}", f"d{n}", "ATTACK", None, None, frozenset(), vector, target=target)


def test_conflicting_target_opens_another_story() -> None:
    index = StoryIndex(4)
    index.add_many([_record(0, "military"), _record(1, None), _record(2, "military")])
    assert len(index.stories) == 1
    assert index.add(_record(3, "humanitarian")) == 1  # same words, another target: apart
    assert index.add(_record(4, None)) == 0  # unknown joins as before
    restored = StoryIndex.from_bytes(index.to_bytes())
    assert restored.stories[0].targets == index.stories[0].targets


def test_gate_off_joins_as_before() -> None:
    index = StoryIndex(4, settings=StorySettings(target_gate=False))
    index.add_many([_record(0, "military"), _record(1, "humanitarian")])
    assert len(index.stories) == 1
