"""Events: triggers, types, agent/patient from the parse, modality, dates."""

from __future__ import annotations

from functools import lru_cache

from rashomon.document import Document


@lru_cache(maxsize=1)
def _rules():  # noqa: ANN202
    """The type lexicon's rules alone: these tests read its triggers, types and arguments, so
    the learned detector (on by default, ``tests/test_learned_triggers.py``) stays off here."""
    from rashomon.pipeline import Pipeline

    return Pipeline(options={"events": {"learned_triggers": False}})


def _events(pipeline, text: str, date: str | None = "2019-04-09") -> list[dict]:
    items = _rules().analyse(Document(id="t", text=text, date=date))
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
    # a noun trigger takes the negation of the verb it is the object of, even inside a quote
    quoted = _events(pipeline, '"We did not break the truce," the commander said.')
    truce = next(e for e in quoted if e["type"] == "CEASEFIRE")
    assert truce["modality"] == "negated"


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


def test_date_is_not_a_target_and_not_part_of_the_doer(pipeline) -> None:
    event = _events(pipeline, "Militia fighters launched an offensive on Sunday on Varna.")[0]
    assert (event["agent_text"], event["patient_text"]) == ("Militia fighters", "Varna")
    text = "The talks failed and on Friday navy gunboats struck a depot near the port."
    struck = next(e for e in _events(pipeline, text) if e["type"] == "ASSAULT")
    assert struck["agent_text"] == "navy gunboats"


def test_fired_at_and_delivered_to_take_target_and_recipient(pipeline) -> None:
    fired = _events(pipeline, "Militants fired rockets at the airport.")[0]
    assert (fired["agent_text"], fired["patient_text"]) == ("Militants", "the airport")
    given = _events(pipeline, "Borovia delivered rifles to the militia.")[0]
    assert (given["type"], given["patient_text"]) == ("SUPPORT", "the militia")


def test_participle_and_accused_of_arguments(pipeline) -> None:
    events = _events(pipeline, "The truce brokered by Borovia collapsed on Monday.")
    brokered = next(e for e in events if e["type"] == "AGREE")
    assert (brokered["agent_text"], brokered["patient_text"]) == ("Borovia", "The truce")
    text = "The ministry accuses the neighbouring state of arming the militia."
    arming = next(e for e in _events(pipeline, text) if e["type"] == "SUPPORT")
    assert arming["agent_text"] == "the neighbouring state" and arming["modality"] == "alleged"


def test_no_det_negates_and_embedded_nouns_keep_their_modality(pipeline) -> None:
    none = _events(pipeline, "The navy carried out no raids near the coast.")[0]
    assert none["modality"] == "negated"
    text = "Borovia vetoed a motion that would have ordered an inquiry into the strike on a school."
    strike = next(e for e in _events(pipeline, text) if e["trigger"]["text"] == "strike")
    assert strike["modality"] == "asserted"


def test_events_are_not_doers_and_he_is_resolved(pipeline) -> None:
    text = "A blast hit the depot, killing nine guards."
    killing = next(e for e in _events(pipeline, text) if e["trigger"]["text"] == "killing")
    assert killing["agent_text"] is None
    text = "General Ada Marsh, the army commander, said he had ordered the assault on the port."
    assault = next(e for e in _events(pipeline, text) if e["trigger"]["text"] == "assault")
    assert assault["agent_mention"] is not None and assault["agent_text"] == "he"


def test_attack_on_civilians_is_an_assault(pipeline) -> None:
    event = _events(pipeline, "Gunmen attacked the market at noon.")[0]
    assert (event["type"], event["patient_text"]) == ("ASSAULT", "the market")
    battle = _events(pipeline, "Rebels attacked army positions at dawn.")[0]
    assert battle["type"] == "FIGHT"


def test_dateline_is_not_the_doer(pipeline) -> None:
    text = (
        "Storm over the port\n\nKARSA (Wire) - Foreign-backed militants shelled the port at dawn."
    )
    event = next(e for e in _events(pipeline, text) if e["type"] == "ASSAULT")
    assert event["agent_text"] == "Foreign-backed militants"


def test_date_comes_from_the_events_own_words(pipeline) -> None:
    # the subject's 'on Tuesday' dates the killing, not the next clause's 'on Thursday'
    text = "The market massacre on Tuesday killed 40 people, and on Thursday jets struck a school."
    events = {e["trigger"]["text"]: e for e in _events(pipeline, text, date="2019-04-13")}
    assert events["killed"]["date"] == "2019-04-09"
    assert events["struck"]["date"] == "2019-04-11"
    # a week dates an event as a range; the relative clause takes its noun's date
    text = "On Sunday the council discussed last week's strike, in which 41 people were killed."
    events = {e["trigger"]["text"]: e for e in _events(pipeline, text, date="2019-04-15")}
    for trigger in ("strike", "killed"):
        assert (events[trigger]["date"], events[trigger]["date_end"]) == (
            "2019-04-08",
            "2019-04-14",
        )


def test_place_is_where_not_whose(pipeline) -> None:
    # the nearest place names whose jets they were; the place is where they struck
    events = _events(pipeline, "Turkey's jets shelled a depot near Afrin.")
    assert events[0]["location_text"].endswith("frīn")
    # a state named as the doer is not where it happened
    events = _events(pipeline, "The depot was shelled by Turkey.")
    assert events[0]["location_text"] is None


def test_place_the_trigger_governs_before_a_nearer_one(pipeline) -> None:
    # 'bombing' is a conjunct of 'Iran' here: the nearest place, but not where the bombing was
    text = "Pilots returned from the Iraq-Iran, Kuwaiti bombing of militia camps at Kirkuk."
    events = {e["trigger"]["text"]: e for e in _events(pipeline, text)}
    assert events["bombing"]["location_text"] == "Kirkuk"


def test_reported_and_demanded_event_objects(pipeline) -> None:
    reported = _events(pipeline, "The envoy reported attacks on two clinics in the north.")
    attack = next(e for e in reported if e["trigger"]["text"] == "attacks")
    # the one who reports is the source, never the doer
    assert attack["modality"] == "reported" and attack["agent_text"] is None
    assert attack["source_text"] == "The envoy"
    demanded = _events(pipeline, "The dockers demanded a strike.")
    assert next(e for e in demanded if e["trigger"]["text"] == "strike")["modality"] == "demanded"
    # an event that was told to someone or described still happened
    told = _events(pipeline, "The envoy told the emergency meeting that talks had failed.")
    assert next(e for e in told if e["trigger"]["text"] == "meeting")["modality"] == "asserted"


def test_figurative_uses_are_not_violence(pipeline) -> None:
    # idioms from lang/en/events_figurative.yaml: no event, or another type
    assert not _events(pipeline, "Their plans for the port hit a wall in the spring.")
    assert not _events(pipeline, "The proposal met fierce resistance from the farmers.")
    killed = _events(pipeline, "The pension reform was killed in committee by the senators.")
    assert all(e["type"] != "ASSAULT" for e in killed)
    strike = _events(pipeline, "The unions demanded a general strike against the reform.")
    assert {e["type"] for e in strike} == {"DEMAND", "PROTEST"}
    assert next(e for e in strike if e["type"] == "PROTEST")["modality"] == "demanded"
    # ordinary uses of the same words stay what they were
    assert _events(pipeline, "Jets hit the depot on Monday.")[0]["type"] == "ASSAULT"
    assert _events(pipeline, "The ministers met the delegation.")[0]["type"] == "CONSULT"


def test_the_reporter_is_not_the_doer(pipeline) -> None:
    text = (
        "The gang is, as the envoy pointed out to the council, using the people of the town "
        "as shields while attacking homes of the city."
    )
    attack = next(e for e in _events(pipeline, text) if e["trigger"]["text"] == "attacking")
    assert attack["agent_text"] != "the envoy"
    reported = _events(pipeline, "The envoy reported attacks on the convoy.")[0]
    assert (reported["modality"], reported["agent_text"]) == ("reported", None)
    assert reported["source_text"] == "The envoy"
    # claiming one's own deed keeps the claimant as the doer
    claimed = _events(pipeline, "The militia claimed to have attacked the base.")[0]
    assert claimed["agent_text"] == "The militia"


def test_background_events_and_deadlines(pipeline) -> None:
    text = (
        "The chairman spoke on Saturday. After the attacks of September 11, 2001, many "
        "people feared for their safety. On the anniversary of the massacre, crowds gathered. "
        "Rebels shelled the town on Friday. Lawmakers agreed a deal to fund the agency "
        "through February 15."
    )
    events = {e["trigger"]["text"]: e for e in _events(pipeline, text, date="2019-01-20")}
    assert events["attacks"]["background"] and events["massacre"]["background"]
    assert not events["shelled"]["background"]
    assert events["shelled"]["date"] == "2019-01-18"
    assert events["agreed"]["date"] is None  # 'through February 15' is a deadline
    # an old date hanging on another word does not make the event background
    far = "The jets have killed hundreds, a toll likened to the capital in 1944."
    assert not _events(pipeline, far, date="2019-01-20")[0]["background"]


def test_intended_and_habitual_events_are_hypothetical(pipeline) -> None:
    def modality(text: str, word: str) -> str:
        return next(e["modality"] for e in _events(pipeline, text) if e["trigger"]["text"] == word)

    assert modality("They used the rumour as an excuse to bomb the town.", "bomb") == "hypothetical"
    assert modality("The rebels threatened to attack the base.", "attack") == "hypothetical"
    # after a verb that implies its complement happened, the event stays asserted
    assert modality("The army began to shell the town on Monday.", "shell") == "asserted"
    assert modality("The jets were able to strike the depot.", "strike") == "asserted"
    assert modality("He was the first general to storm the fort.", "storm") == "asserted"
    # demanded stays demanded
    assert modality("The envoy urged them to withdraw.", "withdraw") == "demanded"


def test_timeml_trigger_scores_with_and_without_the_figurative_filter(pipeline) -> None:
    from rashomon.eval.events import score_timeml_triggers

    text = "Jets bombed the depot. Their plan hit a wall. Prices rose."
    starts = [text.index(w) for w in ("bombed", "hit", "rose")]
    rows = [{"id": "d1", "text": text, "events": [{"start": s} for s in starts]}]
    scores = score_timeml_triggers(rows, pipeline.nlp)
    assert scores["gold"]["events"] == 3
    # TimeML counts the idiom as an EVENT: only the unfiltered lexicon finds 'hit'
    assert scores["lexicon, no figurative filter"]["hits"] == 2
    assert scores["lexicon"]["hits"] == 1 and scores["lexicon"]["precision"] == 1.0
    assert scores["verbs"]["hits"] == 3
