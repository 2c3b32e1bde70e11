"""Contradictions and agreements: interval logic and a three-outlet story."""

from __future__ import annotations

from test_stories import _save, store  # noqa: F401  (fixture)

from rashomon.document import Item
from rashomon.linking.actors import ActorLinker
from rashomon.linking.contradictions import ContradictionLinker
from rashomon.linking.figures import number_key, overlaps
from rashomon.linking.stances import StanceLinker
from rashomon.linking.stories import StoryLinker


def _claim(low, high, approx=False, counted="killed", subject="civilians") -> Item:
    return Item(
        "claims",
        0,
        1,
        "x",
        {"low": low, "high": high, "approx": approx, "counted": counted, "subject": subject},
    )


def test_ranges():
    assert not overlaps(_claim(12, 12), _claim(78, 78))
    assert overlaps(_claim(62, 80), _claim(62, 62))
    assert overlaps(_claim(41, None), _claim(40, 55))
    assert not overlaps(_claim(None, 70), _claim(78, 78))
    assert overlaps(_claim(12, 12, approx=True), _claim(13, 13))
    assert number_key(_claim(1, 1, counted="dead", subject="people")) == ("killed", "people")
    assert number_key(_claim(1, 1, subject="civilians")) == ("killed", "people")


def test_story_contradictions_and_agreements(store):  # noqa: F811
    for key in "abc":
        _save(store, key)
    for linker in (ActorLinker(), StoryLinker(), StanceLinker(), ContradictionLinker()):
        linker.link(store)
    found = list(store.linked("contradictions"))
    numbers = [c for c in found if c.fields["kind"] == "numbers"]
    pairs = {tuple(sorted(s["outlet"] for s in c.fields["items"])) for c in numbers}
    assert ("Voice Two", "Wire One") in pairs  # 12 vs 78
    assert ("Paper Three", "Voice Two") not in pairs  # at least 41 vs 78: compatible
    assert all(len(c.fields["items"]) == 2 for c in found)
    assert "do not overlap" in numbers[0].fields["explanation"]
    blame = [c for c in found if c.fields["kind"] == "blame"]
    assert blame and "Army" in blame[0].fields["explanation"]
    agreements = list(store.linked("agreements"))
    assert any(
        {s["outlet"] for s in a.fields["items"]} == {"Paper Three", "Voice Two"} for a in agreements
    )


def _fig(low, high, published, scope=None, text="x", event_day=None, subject="soldiers"):
    from rashomon.linking.figures import Figure

    claim = Item(
        "claims",
        0,
        len(text),
        text,
        {"low": low, "high": high, "approx": False, "counted": "killed", "subject": subject},
    )
    anchor = None
    if event_day is not None:
        anchor = Item("events", 0, 1, "x", {"date": event_day})
    return Figure(claim, anchor, number_key(claim), scope, published)


def test_scopes_updates_hedges_and_reported_claims():
    from rashomon.linking.figures import comparable, interval, others_claim, scope_of

    assert scope_of("only 14 soldiers died on the first day") == "first day"
    assert scope_of("killed in the first hours of fighting") == "first hour"
    assert scope_of("300 eliminated in 24 hours") == "24 hour"
    assert scope_of("The army lost 14 soldiers dead") is None
    # same day, no scope: comparable; an explicit scope on one side only: not
    assert comparable(_fig(14, 14, 100), _fig(151, None, 101))
    assert not comparable(_fig(14, 14, 100, scope="first day"), _fig(151, None, 101))
    # a higher running toll five days later is an update, a lower one still contradicts
    assert not comparable(_fig(14, 14, 100), _fig(151, None, 105))
    assert comparable(_fig(41, None, 100), _fig(12, 12, 106))
    # ... unless the later figure is tied to an event dated before the earlier report
    assert comparable(_fig(12, 12, 100), _fig(78, 78, 104, event_day="1970-04-10"))
    near = Item("claims", 0, 10, "nearly 100", {"low": None, "high": 100, "approx": True})
    assert interval(near)[0] > 20
    sent = Item("sentences", 0, 60, "State television claims that only 14 soldiers died.")
    claim = Item("claims", 34, 50, "14 soldiers died", {})
    assert others_claim(claim, sent)
    assert not others_claim(Item("claims", 0, 2, "14", {}), sent)


def test_intent_cues_read_negation():
    from rashomon.linking.compare.intent import ACCIDENT, DELIBERATE

    assert DELIBERATE.search("This was no accident.")
    assert not ACCIDENT.search("This was no accident.")
    assert ACCIDENT.search("an unintentional strike, a mistake")


def test_example_corpus_against_gold(analysed_corpus):
    from pathlib import Path

    from rashomon.eval.contradictions import evaluate_contradictions
    from rashomon.eval.stories import load_gold
    from rashomon.store import open_store

    gold = load_gold(Path(__file__).parent.parent / "examples/corpus/gold/contradictions.jsonl")
    with open_store(str(analysed_corpus)) as db:
        scores = evaluate_contradictions(db, gold)
        found = [{s["text"] for s in i.fields["items"]} for i in db.linked("contradictions")]
    numbers = scores["per_kind"]["contradiction/numbers"]
    assert numbers["precision"] >= 0.9 and numbers["hits"] >= 10
    assert scores["precision"] >= 0.6
    assert any(
        "78 civilians" in texts and any(t.startswith("12 civilians") for t in texts)
        for texts in found
    )
    assert not any("14 soldiers dead" in texts for texts in found)  # first day vs six days
    ranges = {"between 40 and 55", "40 to 55 dead"}
    assert not any(texts & ranges and any("41" in t for t in texts) for texts in found)


def test_blame_through_labels_and_no_contradiction_between_copies(corpus_export):
    """VNA blames "foreign-backed terrorists" (a label for the VLC), FTV blames Malden's jets;
    the Harlin Observer's wire copy of Meridian's story never contradicts its original."""
    outlets = {d["id"]: d["outlet"] for d in corpus_export["documents"]}
    blame = [c for c in corpus_export["contradictions"] if c["kind"] == "blame"]
    pairs = [{outlets[s["doc"]] for s in c["items"]} for c in blame]
    assert {"Veskarian National Agency", "Free Tarvesk Voice"} in pairs
    vna = next(c for c in blame if "02_vna_ildra_shelling" in {s["doc"] for s in c["items"]})
    assert "Veskarian Liberation Coalition" in vna["explanation"]
    copies = {"01_meridian_ildra_strike", "03_harlin_observer_ildra_strike"}
    assert not [
        c for c in corpus_export["contradictions"] if {s["doc"] for s in c["items"]} == copies
    ]


def test_death_toll_anchors_to_violence_not_to_a_nearer_meeting():
    from rashomon.linking.figures import anchor_event

    toll = Item("claims", 100, 119, "A dozen people died", {"counted": "killed", "low": 12})
    meeting = Item("events", 60, 67, "meeting", {"type": "CONSULT"})
    shelling = Item("events", 180, 185, "fired", {"type": "ASSAULT"})
    assert anchor_event(toll, [meeting, shelling], None) is shelling


def test_figure_never_anchors_to_a_generic_learned_event():
    from rashomon.linking.figures import anchor_event

    toll = Item("claims", 100, 110, "40 wounded", {"counted": "wounded", "low": 40})
    said = Item("events", 95, 99, "said", {"type": "REPORT"})
    left = Item("events", 112, 116, "left", {"type": "OCCURRENCE"})
    raid = Item("events", 300, 304, "raid", {"type": "ASSAULT"})
    sentence = Item("sentences", 90, 200, "x" * 110, {})
    assert anchor_event(toll, [said, left, raid], sentence) is raid
    assert anchor_event(toll, [said, left], sentence) is None
    own = Item("claims", 100, 110, "40 wounded", {"counted": "wounded", "event": left.id})
    assert anchor_event(own, [left], sentence) is None


def _found(export: dict, kind: str) -> dict[frozenset, list[str]]:
    return {
        frozenset(i["doc"] for i in c["items"]): [i["text"] for i in c["items"]]
        for c in export["contradictions"]
        if c["kind"] == kind
    }


def test_example_corpus_contradictions(corpus_export) -> None:
    numbers = _found(corpus_export, "numbers")
    # 'A dozen people died in Ildra' (a quote, no trigger of its own) against 'at least 41'
    assert frozenset({"08_courier_council_hypocrisy", "01_meridian_ildra_strike"}) in numbers
    # 'the massacre on Tuesday killed 78' is the same day as the 12 dead of the first report
    assert frozenset({"02_vna_ildra_shelling", "06_ftv_dawn_of_tarvesk"}) in numbers
    denial = _found(corpus_export, "denial")
    # 'denied reports ... that an aircraft had attacked the market' against the jets' bombing
    pair = frozenset({"02_vna_ildra_shelling", "04_ftv_ildra_massacre"})
    assert pair in denial and "attacked the market" in denial[pair]
    # the evidence is the charge told next to 'Ildra', not 'the regime that bombs bread queues'
    blame = _found(corpus_export, "blame")
    texts = blame[frozenset({"02_vna_ildra_shelling", "06_ftv_dawn_of_tarvesk"})]
    assert not any("bread" in t for t in texts)
    assert not any(c["kind"] == "date" for c in corpus_export["contradictions"])


def _event(doc: str, **fields) -> Item:
    item = Item("events", 0, 6, "bombed", {"type": "ASSAULT", "modality": "asserted", **fields})
    item.doc, item.id = doc, f"e-{doc}"
    return item


def _ctx(events: list[Item], coords=None):
    from rashomon.linking.compare import Sides, StoryAccounts

    outlets = {"a": "One", "b": "Two", "c": "Three"}
    return StoryAccounts(
        Item("stories", 0, 1, "x", {}), events, [], outlets, Sides({}, {}, {}), {}, coords=coords
    )


def test_dates_of_one_kind_of_event_contradict_unless_ranged():
    events = [
        _event("a", date="2019-04-09", date_end="2019-04-09", time="t"),
        _event("b", date="2019-04-11", date_end="2019-04-11", time="t"),
        _event("c", date="2019-04-08", date_end="2019-04-14", time="t"),  # 'last week'
    ]
    from rashomon.linking.compare.dates import DateComparison

    ctx = _ctx(events)
    ctx.dated = {e.id for e in events}
    found = DateComparison().compare(ctx)
    assert [frozenset(i["doc"] for i in c.fields["items"]) for c in found] == [frozenset("ab")]
    assert "2019-04-09" in found[0].fields["explanation"]


def test_places_far_apart_contradict_and_near_ones_do_not():
    from rashomon.linking.compare.places import PlaceComparison

    coords = {
        "g:homs": ("Homs", 34.73, 36.71),
        "g:aleppo": ("Aleppo", 36.20, 37.16),
        "g:east-aleppo": ("East Aleppo", 36.21, 37.18),
    }
    places = {"a": "g:homs", "b": "g:aleppo", "c": "g:east-aleppo"}
    story = _ctx([_event(d, location=p) for d, p in places.items()], coords)
    found = PlaceComparison().compare(story)
    pairs = {frozenset(i["doc"] for i in c.fields["items"]) for c in found}
    assert pairs == {frozenset("ab"), frozenset("ac")}  # Aleppo and East Aleppo agree
    assert "Homs" in found[0].fields["explanation"] and "km apart" in found[0].fields["explanation"]


def test_sides_climb_the_parent_chain_stored_in_actor_fields(store):  # noqa: F811
    """A spokesman's ministry's state is one side: the parent lives in ``Actor.fields``."""
    from rashomon.linking.contradictions import sides_of
    from rashomon.store.base import Actor

    actors = [
        Actor("a-state", "Norland", "state"),
        Actor("a-ministry", "Norland defence ministry", "org", fields={"parent": "a-state"}),
        Actor("a-speaker", "the ministry spokesman", "person", fields={"parent": "a-ministry"}),
        Actor("a-other", "Sudmark", "state", fields={"parent": None}),
    ]
    store.replace_actors(actors, {})
    sides = sides_of(store, {}, {})
    assert sides.side("a-speaker") == sides.side("a-ministry") == "a-state"
    assert sides.side("a-other") == "a-other"


def test_blame_of_a_child_and_its_parent_is_one_side():
    from rashomon.linking.compare import Sides
    from rashomon.linking.compare.blame import BlameComparison

    sides = Sides(
        {"kid": "top", "top": None, "foe": None},
        {"kid": "Ministry", "top": "State", "foe": "Rebels"},
        {"m-a": "kid", "m-b": "top", "m-c": "foe"},
    )
    a, b, c = (_event(d, agent_mention=f"m-{d}") for d in "abc")
    from rashomon.linking.compare import StoryAccounts

    outlets = {"a": "One", "b": "Two", "c": "Three"}
    story = StoryAccounts(Item("stories", 0, 1, "x", {}), [a, b, c], [], outlets, sides, {})
    pairs = {
        frozenset(i["doc"] for i in x.fields["items"]) for x in BlameComparison().compare(story)
    }
    assert pairs == {frozenset("ac"), frozenset("bc")}  # a (the ministry) and b (the state) agree


def test_set_place_km_reaches_the_place_comparison():
    """``--set contradictions.place_km=50``: towns 40 km apart no longer contradict."""
    from rashomon.config import load
    from rashomon.linking import load_linkers
    from rashomon.linking.compare import Sides, StoryAccounts
    from rashomon.linking.compare.places import PlaceComparison
    from rashomon.linking.compare.settings import ContradictionSettings

    coords = {"g:one": ("Upper Town", 36.20, 37.16), "g:two": ("Lower Town", 36.56, 37.16)}
    events = [_event("a", location="g:one"), _event("b", location="g:two")]
    outlets = {"a": "One", "b": "Two"}

    def found(settings: ContradictionSettings) -> int:
        story = StoryAccounts(
            Item("stories", 0, 1, "x", {}), events, [], outlets, Sides({}, {}, {}), {},
            coords=coords, settings=settings,
        )  # fmt: skip
        return len(PlaceComparison().compare(story))

    linkers = {
        linker.name: linker for linker in load_linkers(load(sets=["contradictions.place_km=50"]))
    }
    settings = linkers["contradictions"].settings
    assert isinstance(settings, ContradictionSettings) and settings.place_km == 50.0
    assert found(ContradictionSettings()) == 1  # 40 km > the default 30 km
    assert found(settings) == 0


def test_config_show_lists_the_contradiction_and_stance_thresholds():
    from rashomon import config as configuration

    effective = configuration.effective(configuration.load(None, ["stances.neutral_cut=0.2"]))
    assert effective["linkers"]["contradictions"]["place_km"] == 30.0
    assert {"sign_cut", "approx_slack", "near_slack", "anchor_chars", "update_gap_days"} <= set(
        effective["linkers"]["contradictions"]
    )
    assert effective["linkers"]["stances"]["neutral_cut"] == 0.2
    assert {"cue_weight", "cue_smoothing"} <= set(effective["linkers"]["stances"])


def test_figure_slack_comes_from_the_settings():
    from rashomon.linking.figures import interval

    about = _claim(100, 100, approx=True)
    assert interval(about) == (90.0, 110.00000000000001)
    assert interval(about, approx_slack=0.5, near_slack=0.15) == (50.0, 150.0)


def test_one_fact_per_story_kind_and_count_with_every_outlets_value():
    """Three outlets' tolls of one event: three pair items, one ``fact`` with three cells."""
    from rashomon.linking.compare import Sides, StoryAccounts
    from rashomon.linking.compare.facts import group_facts
    from rashomon.linking.compare.figures import FigureComparison
    from rashomon.linking.figures import Figure

    shelling = _event("a")
    figures = []
    for doc, low in (("a", 12), ("b", 40), ("c", 78)):
        claim = _claim(low, low)
        claim.doc, claim.id, claim.text = doc, f"c-{doc}", str(low)
        figures.append(Figure(claim, shelling, ("killed", "people"), None, None))
    outlets = {"a": "One", "b": "Two", "c": "Three"}
    story = StoryAccounts(
        Item("stories", 0, 1, "x", {}, id="s1"), [shelling], figures, outlets, Sides({}, {}, {}), {}
    )
    found = FigureComparison().compare(story)
    group_facts(found)
    assert len(found) == 3 and all(i.kind == "contradictions" for i in found)
    assert len({i.fields["fact"] for i in found}) == 1
    values = found[0].fields["values"]
    assert [(v["outlet"], v["value"]) for v in values] == [
        ("One", "12"),
        ("Three", "78"),
        ("Two", "40"),
    ]
    assert all({"doc", "start", "end", "text"} <= set(v) for v in values)
    assert found[0].fields["fact_label"] == "killed people" and found[0].fields["disputed"]


def _intent_story(texts: dict[str, str], scare: dict[str, tuple[int, int]], places: dict[str, str]):
    """One sentence per document; each holds an asserted event; scare quotes and places given."""
    from rashomon.linking.compare import Sides, StoryAccounts

    sentences, events, spans = {}, [], {}
    for doc, text in texts.items():
        sent = Item("sentences", 0, len(text), text, {})
        sent.doc, sent.id = doc, f"s-{doc}"
        sentences[doc] = [sent]
        events.append(_event(doc))
        doc_spans: dict[str, list[Item]] = {"quotes": [], "scare_quotes": [], "mentions": []}
        if doc in scare:
            s, e = scare[doc]
            q = Item("scare_quotes", s, e, text[s:e], {})
            q.doc = doc
            doc_spans["scare_quotes"].append(q)
            by = text.index("by the ") + len("by the ")
            name = text[by:].split()[0]
            m = Item("mentions", by, by + len(name), name, {"actor": "a-x"})
            m.doc = doc
            doc_spans["mentions"].append(m)
        if doc in places:
            at = text.index(places[doc])
            p = Item("places", at, at + len(places[doc]), places[doc], {})
            p.fields.update(place_id="gn:1", lat=1.0, lon=2.0, name="Brennmoor")
            p.doc = doc
            doc_spans["places"] = [p]
        spans[doc] = doc_spans
    outlets = {"a": "One", "b": "Two"}
    return StoryAccounts(
        Item("stories", 0, 1, "x", {}),
        events,
        [],
        outlets,
        Sides({}, {}, {}),
        sentences,
        spans=spans,
    )


def test_intent_scare_quoted_word_is_the_attributed_speakers_claim():
    from rashomon.linking.compare.intent import IntentComparison

    a = "The raid on Brennmoor was written off by the Ministry as \u2018accidental\u2019."
    b = "The jets that hit Brennmoor chose to strike the depot."
    s = a.index("\u2018")
    story = _intent_story(
        {"a": a, "b": b}, {"a": (s, s + 12)}, {"a": "Brennmoor", "b": "Brennmoor"}
    )
    found = IntentComparison().compare(story)
    assert len(found) == 1
    cells = {c["value"]: c for c in found[0].fields["items"]}
    assert cells["accident"]["claimant"] == "Ministry"
    assert cells["accident"]["voice"] == "scare_quote"
    assert cells["deliberate"]["claimant"] == "Two" and cells["deliberate"]["voice"] == "outlet"
    assert "Ministry (in One)" in found[0].fields["explanation"]


def test_intent_unattributed_scare_quote_and_other_places_assert_nothing():
    from rashomon.linking.compare.intent import IntentComparison

    a = "The raid on Brennmoor was, we are told, \u2018accidental\u2019."
    b = "The jets that hit Brennmoor chose to strike the depot."
    s = a.index("\u2018")
    story = _intent_story({"a": a, "b": b}, {}, {"a": "Brennmoor", "b": "Brennmoor"})
    story.spans["a"]["scare_quotes"] = [Item("scare_quotes", s, s + 12, a[s : s + 12], {})]
    story.spans["a"]["scare_quotes"][0].doc = "a"
    assert IntentComparison().compare(story) == []  # nobody said 'accidental'
    # the outlet's own word, but about an act at another place: another incident
    a2 = "The shelling of the market was an accident, the paper says nothing of Brennmoor."
    story = _intent_story({"a": a2, "b": b}, {}, {"b": "Brennmoor"})
    assert IntentComparison().compare(story) == []


def test_figure_text_names_the_attributed_speaker():
    from rashomon.linking.compare.base import make_item, says

    story = _ctx([])
    own = Item("claims", 0, 9, "40 killed", {"voice": "outlet"})
    own.doc, own.id = "a", "c-a"
    quoted = Item("claims", 0, 8, "a dozen", {"voice": "speaker", "claimant_text": "the envoy"})
    quoted.doc, quoted.id = "b", "c-b"
    text = says(story, own, quoted, "the ranges do not overlap")
    assert text.startswith("One says") and "the envoy (in Two) says" in text
    item = make_item(story, "contradictions", "numbers", [own, quoted], text)
    cells = item.fields["items"]
    assert "claimant" not in cells[0] and cells[1]["claimant"] == "the envoy"


def test_repeated_items_across_stories_are_kept_once():
    from rashomon.linking.story_keys import once_by_story

    def item(story: str) -> Item:
        spans = [{"doc": "a", "start": 0, "end": 5}, {"doc": "b", "start": 3, "end": 9}]
        return Item("contradictions", 0, 5, "x", {"kind": "intent", "story": story, "items": spans})

    fresh = {"s1": [item("s1")], "s2": [item("s2")]}
    items, record = once_by_story(["s1", "s2"], fresh, None, {"s1": ["a", "b"], "s2": ["a", "b"]})
    assert [i.fields["story"] for i in items] == ["s1"]
    assert record["s2"][0] == [] and record["s2"][1] == record["s1"][0]  # dropped: s1's key
