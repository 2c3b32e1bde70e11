"""Stories: same-event linking on an invented three-outlet store, incremental placement."""

from __future__ import annotations

import numpy as np
import pytest

from rashomon.document import Document, make_item
from rashomon.linking.actors import ActorLinker
from rashomon.linking.stories import StoryLinker, day_number, type_class
from rashomon.linking.story_index import EventRecord, StoryIndex, StorySettings
from rashomon.store import open_store

ARTICLES = {
    "a": (
        "Wire One",
        "2020-05-02",
        "Jets of the Army bombed the market in Avel on Friday, killing 12 people.",
    ),
    "b": (
        "Voice Two",
        "2020-05-02",
        "The Front shelled the market in Avel on Friday, killing 78 people.",
    ),
    "c": ("Paper Three", "2020-05-03", "An attack on the Avel market killed at least 41 people."),
    "d": ("Wire One", "2020-05-20", "Talks on a truce opened in Corlan on Monday."),
}
AGENTS = {"a": "Army", "b": "Front", "c": None, "d": None}
FIGURES = {"a": (12, 12), "b": (78, 78), "c": (41, None)}


def _save(store, key: str) -> None:
    outlet, date, text = ARTICLES[key]
    doc = Document(id=key, text=text, outlet=outlet, date=date)
    items = [make_item("sentences", text, 0, len(text))]
    trigger = next(w for w in ("bombed", "shelled", "attack", "truce") if w in text)
    t0 = text.index(trigger)
    fields = {
        "type": "ATTACK" if trigger != "truce" else "CEASEFIRE",
        "date": None,
        "trigger": {"start": t0, "end": t0 + len(trigger), "text": trigger},
        "location_text": "Avel" if "Avel" in text else "Corlan",
        "modality": "asserted",
    }
    if AGENTS[key]:
        m0 = text.index(AGENTS[key])
        mention = make_item("mentions", text, m0, m0 + len(AGENTS[key]), label="ORG")
        mention.id = f"m-{key}"
        items.append(mention)
        fields["agent_mention"] = mention.id
    event = make_item("events", text, 0, len(text) - 1, **fields)
    event.id = f"e-{key}"
    items.append(event)
    if key in FIGURES:
        low, high = FIGURES[key]
        n0 = text.index("killing" if "killing" in text else "killed")
        claim = make_item(
            "claims",
            text,
            n0,
            len(text) - 1,
            low=low,
            high=high,
            counted="killed",
            subject="people",
            approx=False,
            event=event.id,
        )
        claim.id = f"c-{key}"
        items.append(claim)
    for n, item in enumerate(items):
        item.doc = key
        item.id = item.id or f"{item.kind[0]}-{key}-{n}"
    store.save_document(doc, items, {})


@pytest.fixture()
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("RASHOMON_EMBEDDINGS", "hashing")
    from rashomon.linking.embeddings import get_embedder

    get_embedder.cache_clear()
    with open_store(str(tmp_path / "s.db")) as s:
        yield s
    get_embedder.cache_clear()


def test_type_classes_and_days():
    assert type_class("ASSAULT") == type_class("attack") == "violence"
    assert type_class("VETO") != type_class("ATTACK")
    assert day_number("2019-04-09T10:30") == day_number("2019-04-09") == 17995
    assert day_number("April") is None


def test_no_events_means_no_stories(store):
    store.save_document(Document(id="x", text="Nothing happened."), [], {})
    StoryLinker().link(store)
    assert list(store.linked("stories")) == []


def test_same_event_across_outlets_is_one_story(store):
    for key in "abcd":
        _save(store, key)
    ActorLinker().link(store)
    StoryLinker().link(store)
    stories = list(store.linked("stories"))
    assert len(stories) == 1
    story = stories[0]
    assert story.fields["docs"] == ["a", "b", "c"]
    assert story.fields["outlets"] == ["Paper Three", "Voice Two", "Wire One"]
    assert story.text in ARTICLES[story.doc][2]


def test_new_document_joins_without_relinking(store):
    for key in "ab":
        _save(store, key)
    StoryLinker().link(store)
    first = list(store.linked("stories"))[0]
    _save(store, "c")
    StoryLinker().link(store)
    again = list(store.linked("stories"))
    assert [s.id for s in again] == [first.id]
    assert again[0].fields["docs"] == ["a", "b", "c"]


def _linked(store) -> list[tuple[str, list[str], list[str]]]:
    return [(s.id, s.fields["docs"], s.fields["events"]) for s in store.linked("stories")]


@pytest.mark.parametrize("runs", [["cd", "ab"], ["c", "b", "a", "d"], ["ba", "dc"]])
def test_runs_in_any_order_give_the_stories_of_one_run(store, tmp_path, runs):
    """Articles dated before the stored ones rebuild the index: the result is a function of the
    corpus, not of the order of runs (issue 19, deliver 4)."""
    for keys in runs:
        for key in keys:
            _save(store, key)
        ActorLinker().link(store)
        StoryLinker().link(store)
    with open_store(str(tmp_path / "whole.db")) as whole:
        for key in "abcd":
            _save(whole, key)
        ActorLinker().link(whole)
        StoryLinker().link(whole)
        assert _linked(store) == _linked(whole)
        assert list(store.linked("coverage")) == list(whole.linked("coverage"))
        assert store.get_meta("stories.index") == whole.get_meta("stories.index")


def test_a_relink_with_nothing_new_rewrites_nothing(store):
    for key in "abc":
        _save(store, key)
    StoryLinker().link(store)
    state = store.get_meta("stories.index")
    _save(store, "b")  # saved again, unchanged
    StoryLinker().link(store)
    assert store.get_meta("stories.index") == state


def _record(i: str, day: int, place: str, vec: list[float], doc: str = "") -> EventRecord:
    v = np.array(vec, dtype=np.float32)
    return EventRecord(i, doc or i, "violence", day, place, frozenset(), v / np.linalg.norm(v))


def test_index_blocks_by_date_and_place_and_round_trips():
    index = StoryIndex(dim=2)
    index.add_many(
        [
            _record("1", 100, "avel", [1, 0]),
            _record("2", 101, "avel", [1, 0.1]),
            _record("3", 130, "avel", [1, 0]),  # a month later: another event
            _record("4", 100, "corlan", [0, 1]),  # same day, other place and wording
        ]
    )
    assert index.assignment["1"] == index.assignment["2"]
    assert len({index.assignment[k] for k in "134"}) == 3
    loaded = StoryIndex.from_bytes(index.to_bytes())
    assert loaded.assignment == index.assignment
    assert loaded.add(_record("5", 102, "avel", [1, 0.05])) == index.assignment["1"]


def test_an_event_in_a_town_far_from_a_story_never_joins_it():
    # same day and wording; the towns are ~150 km apart (one incident, one town)
    far = _record("2", 100, "t2", [1, 0.05])
    far.coords = (36.0, 38.5)
    near = _record("3", 100, "t3", [1, 0.05])
    near.coords = (35.05, 37.05)  # a suburb 7 km away
    first = _record("1", 100, "t1", [1, 0])
    first.coords = (35.0, 37.0)
    index = StoryIndex(dim=2)
    index.add_many([first, far, near])
    assert index.assignment["1"] == index.assignment["3"] != index.assignment["2"]
    loaded = StoryIndex.from_bytes(index.to_bytes())
    assert loaded.stories[index.assignment["1"]].coords == {
        "t1": (35.0, 37.0),
        "t3": (35.05, 37.05),
    }
    ungated = StoryIndex(dim=2, settings=StorySettings(town_km=-1))
    ungated.add_many([first, far])
    assert ungated.assignment["1"] == ungated.assignment["2"]


def test_merge_pass_keeps_stories_months_apart():
    # stories of one place and wording merge only within merge_window_days of each other
    records = [
        _record("1", 100, "avel", [1, 0]),
        _record("2", 120, "avel", [1, 0.02]),  # 20 days on: merged (same truce, its collapse)
        _record("3", 300, "avel", [1, 0.01]),  # half a year on: another story
    ]
    index = StoryIndex(dim=2)
    index.add_many(records)
    merged = index.merged_assignment()
    assert merged["1"] == merged["2"] != merged["3"]
    unlimited = StoryIndex(dim=2, settings=StorySettings(merge_window_days=-1))
    unlimited.add_many(records)
    assert len(set(unlimited.merged_assignment().values())) == 1


def test_background_events_join_no_story():
    from rashomon.linking.stories import linkable

    fields = {"type": "ASSAULT", "modality": "asserted"}
    assert linkable(make_item("events", "a raid", 0, 6, **fields))
    assert not linkable(make_item("events", "a raid", 0, 6, **fields, background=True))


STRIKE_PLACE = "geonames:170794"  # the strike's town in the gazetteer


def test_seed_strike_on_syrian_army_is_one_story(seeds_dir, pipeline, tmp_path):
    """The three seeds reporting the coalition strike near Deir ez-Zor land in one story, which
    the bombing of the other city does not join; 62-80 vs 62 agree."""
    from rashomon.analyze import analyze

    with open_store(str(tmp_path / "seeds.db")) as db:
        analyze([str(seeds_dir)], db, pipeline=pipeline)
        story_of = {e: s.id for s in db.linked("stories") for e in s.fields["events"]}
        events = list(db.items("events"))
        found = list(db.linked("contradictions"))

    def stories(phrase: str) -> set[str]:
        return {story_of[e.id] for e in events if phrase in e.text and e.id in story_of}

    assert stories("air attack on Syrian troops") & stories("airstrike on a Syrian Army")
    # the strike's place (a gazetteer id): its story holds all three articles that report it
    # and no event told in another town (the scene gate)
    strike = {
        story_of[e.id]
        for e in events
        if e.fields.get("location") == STRIKE_PLACE and e.id in story_of
    }
    strike &= set(story_of.values())
    assert len(strike) == 1
    members = [e for e in events if story_of.get(e.id) in strike]
    assert len({e.doc for e in members}) == 3
    scenes = {(e.fields.get("scene") or {}).get("place_id") for e in members}
    assert scenes <= {None, STRIKE_PLACE}
    texts = [{s["text"] for s in c.fields["items"]} for c in found if c.fields["kind"] == "numbers"]
    assert not any(any("62 and 80" in t for t in pair) for pair in texts)


def _one_event(store, key: str, date: str | None, text: str, word: str, **fields) -> None:
    """An article with one event on ``word`` (``fields``: its type, lemma, scene...)."""
    doc = Document(id=key, text=text, outlet=key, date=date)
    t0 = text.index(word)
    lemma = fields.pop("lemma")
    trigger = {"start": t0, "end": t0 + len(word), "text": word, "lemma": lemma}
    fields = {"date": None, "trigger": trigger, "modality": "asserted", **fields}
    items = [
        make_item("sentences", text, 0, len(text)),
        make_item("events", text, t0, t0 + len(word), **fields),
    ]
    for n, item in enumerate(items):
        item.doc, item.id = key, f"{item.kind[0]}-{key}-{n}"
    store.save_document(doc, items, {})


def _occurrence(store, key: str, date: str, text: str, word: str) -> None:
    """An article with one learned-detector event (typed OCCURRENCE) on ``word``."""
    _one_event(store, key, date, text, word, type="OCCURRENCE", lemma=word.rstrip("ed"))


HYBRID = [
    ("p", "2021-03-01", "The minister of mines resigned on Monday after the audit.", "resigned"),
    ("q", "2021-03-01", "After the audit, the mines minister resigned on Monday.", "resigned"),
    ("r", "2021-03-02", "Farmers in the valley harvested a record crop of rice.", "harvested"),
]


def test_hybrid_clusters_learned_triggers_with_the_model(tmp_path):
    """Generic (learned) triggers are clustered by the pairwise model in any order of runs."""
    from rashomon.linking.embeddings import get_embedder

    get_embedder.cache_clear()
    if get_embedder().name != "all-minilm-l6-v2":
        pytest.skip("the pairwise model needs the MiniLM vectors it was trained on")
    results = []
    for n, runs in enumerate([[[0, 1, 2]], [[2], [1, 0]], [[0], [1], [2]]]):
        with open_store(str(tmp_path / f"h{n}.db")) as store:
            for run in runs:
                for k in run:
                    _occurrence(store, *HYBRID[k])
                StoryLinker().link(store)
            results.append(_linked(store))
    assert results[0] == results[1] == results[2]
    assert [docs for _, docs, _ in results[0]] == [["p", "q"]]


def test_story_methods_are_checked_and_hashed_vectors_keep_the_index(store):
    from rashomon.errors import ConfigError
    from rashomon.linking.story_index import StorySettings

    with pytest.raises(ConfigError, match="hybrid"):
        StorySettings(method="pairs")
    for key in "abcd":
        _save(store, key)
    StoryLinker(method="pairwise").link(store)  # hashed vectors: the model is not used
    pairwise = _linked(store)
    StoryLinker(method="index").link(store)
    assert pairwise == _linked(store) and len(pairwise) == 1


def _typed(store, key: str, text: str, word: str, extra: str) -> None:
    """An undated article with one typed (ATTACK) event on ``word`` and one learned
    OCCURRENCE event on ``extra`` (so that ``hybrid`` uses the model)."""
    doc = Document(id=key, text=text, outlet=key, date=None)
    items = [make_item("sentences", text, 0, len(text))]
    for kind, w in (("ATTACK", word), ("OCCURRENCE", extra)):
        t0 = text.index(w)
        trigger = {"start": t0, "end": t0 + len(w), "text": w, "lemma": w}
        fields = {"type": kind, "date": None, "trigger": trigger, "modality": "asserted"}
        items.append(make_item("events", text, t0, t0 + len(w), **fields))
    for n, item in enumerate(items):
        item.doc, item.id = key, f"{item.kind[0]}-{key}-{n}"
    store.save_document(doc, items, {})


def test_undated_typed_events_go_to_the_model_within_document_groups(tmp_path):
    """With no date the index would join two unrelated attacks on their type alone; the model
    keeps them apart (different document groups), unless ``undated_to_model`` is off."""
    from rashomon.linking.embeddings import get_embedder

    get_embedder.cache_clear()
    if get_embedder().name != "all-minilm-l6-v2":
        pytest.skip("the pairwise model needs the MiniLM vectors it was trained on")
    found = []
    for routed in (True, False):
        with open_store(str(tmp_path / f"u{routed}.db")) as store:
            _typed(store, "x", "Rebels shelled a school in the hills, and the mayor resigned.",
                   "shelled", "resigned")  # fmt: skip
            _typed(store, "y", "Pirates shelled a cargo ship at sea; the crew escaped unhurt.",
                   "shelled", "escaped")  # fmt: skip
            StoryLinker(undated_to_model=routed).link(store)
            found.append([docs for _, docs, _ in _linked(store)])
    assert found == [[], [["x", "y"]]]


def test_a_generic_trigger_is_located_in_its_sentence_for_its_context_vector() -> None:
    from rashomon.linking.story_pairwise import CONTEXT_KEY, context_span, context_text
    from rashomon.linking.story_vectors import linking_texts

    text = "Storms hit the coast. Crews cleared the road at dawn, and crews cleared it again."
    sentence = make_item("sentences", text, 22, len(text))
    trigger = {"start": 64, "end": 71, "text": "cleared", "lemma": "clear"}
    generic = make_item("events", text, 58, 80, type="OCCURRENCE", trigger=trigger)
    typed = make_item("events", text, 22, 44, type="PROTEST", trigger=trigger)
    doc = Document(id="d", text=text)
    wanted = linking_texts(doc, [sentence, generic, typed])
    contexts = [context_span(text) for key, text in wanted if key == CONTEXT_KEY]
    assert contexts == [(sentence.text, 42, 49)]  # the generic one's second "cleared"
    assert sentence.text[42:49] == "cleared"
    assert context_span(context_text(contexts[0])) == contexts[0]


def _undated_attack(store, key: str, text: str, word: str, town: tuple[float, float] | None):
    """An undated article with one typed (ATTACK) event on ``word``, told in ``town``."""
    scene = {"place_id": "t-1", "name": "Avel", "lat": town[0], "lon": town[1]} if town else None
    extra = {"scene": scene} if scene else {}
    _one_event(store, key, None, text, word, type="ATTACK", lemma=word, **extra)


def test_an_undated_story_takes_another_groups_attack_only_in_its_town(tmp_path):
    """Undated, the index blocks typed events by type class alone: every undated attack would
    join one story. An attack of another document group joins only when told in the same town
    (``undated_evidence``); off, all three join."""
    from rashomon.linking.embeddings import get_embedder

    get_embedder.cache_clear()
    if get_embedder().name != "all-minilm-l6-v2":
        pytest.skip("document groups are gated only with sentence embeddings")
    found = []
    for gated in (True, False):
        with open_store(str(tmp_path / f"t{gated}.db")) as store:
            _undated_attack(store, "x", "Rebels shelled a school in the hills at dawn.",
                            "shelled", (10.0, 20.0))  # fmt: skip
            _undated_attack(store, "y", "Gunmen shelled the old stone bridge over the river.",
                            "shelled", (10.01, 20.01))  # fmt: skip
            _undated_attack(store, "z", "Pirates shelled a cargo ship; its crew escaped unhurt.",
                            "shelled", None)  # fmt: skip
            StoryLinker(undated_evidence=gated).link(store)
            found.append([docs for _, docs, _ in _linked(store)])
    assert found == [[["x", "y"]], [["x", "y", "z"]]]
