"""The incremental same-event index behind stories: block, score, join or open a story.

Each event is compared only with stories in its block (compatible event type, dates within
``window_days``), so linking n events costs about n x (stories per block), not n squared. A new
event joins the best-scoring story above ``link_threshold`` or opens a new one; nothing placed before
moves, so new documents are added without relinking the corpus. The whole index serialises to
bytes (for the store's metadata) and loads back.
"""

from __future__ import annotations

import base64
import json
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from rashomon.config import Settings
from rashomon.errors import ConfigError
from rashomon.events.scene import distance_km
from rashomon.events.targets import compatible

METHODS = ("index", "pairwise", "hybrid")

# Tuned on half the example gold (documents at even positions: CoNLL 0.78 at 0.35, 0.82 on the
# 0.2-0.3 plateau, the least-merging end chosen); the other half is held out (0.87).
NO_DAY = -(10**6)


@dataclass
class EventRecord:
    """What the index needs to know about one event mention."""

    id: str
    doc: str
    type_class: str
    day: int | None  # days since 1970-01-01, or None when undated
    place: str | None
    actors: frozenset[str]
    vector: np.ndarray
    coverage: str = ""  # the article's document-level group: events of other groups never join
    target: str | None = None  # the patient's class (``events/targets.py``), None when unknown
    coords: tuple[float, float] | None = None  # (lat, lon) when its place is a town
    group: str = ""  # a typed event's document group (``undated_evidence``)


@dataclass
class Story:
    """A growing group of events: running centroid and the evidence it was built from."""

    id: str
    type_class: str
    day_min: int | None
    day_max: int | None
    places: Counter[str] = field(default_factory=Counter)
    actors: Counter[str] = field(default_factory=Counter)
    events: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    coverage: str = ""
    targets: Counter[str] = field(default_factory=Counter)
    coords: dict[str, tuple[float, float]] = field(default_factory=dict)  # town place -> lat/lon
    groups: dict[str, str] = field(default_factory=dict)  # document -> its group (``group``)


@dataclass(frozen=True)
class StorySettings(Settings):
    """Settings of the ``stories`` linker: how events join stories and articles join groups."""

    link_threshold: float = 0.3
    """Score an event needs to join a story (else it opens a new one)."""
    window_days: int = 3
    """Events further apart than this from a story's dates are never compared with it."""
    weight_cosine: float = 0.45
    """Weight of the sentence-vector cosine in an event's score against a story."""
    weight_place: float = 0.25
    """Weight of the same place."""
    weight_actors: float = 0.2
    """Weight of a shared actor."""
    weight_date: float = 0.1
    """Weight of date closeness."""
    undated_reach: int = 64
    """Undated stories a dated event is compared with (the latest ones; keeps it sub-quadratic)."""
    merge_cosine: float = 0.6
    """Second pass: stories of one type class and main place whose centroids are this close
    (cosine) merge, so one battle told in two vocabularies is one story."""
    merge_window_days: int = 30
    """That pass merges dated stories only when their dates are at most this many days apart
    (undated ones as before): a place's battles of different months stay apart, and a
    story's size no longer grows with the span of the corpus. Negative: no limit."""
    method: str = "hybrid"
    """How events become stories: ``index`` (placed one by one into the centroid index),
    ``pairwise`` (the learned pairwise coreference model, ``events/coref_model.json``,
    clustered by average linkage within document groups) or ``hybrid`` (typed events by the
    index, the learned detector's generic OCCURRENCE triggers by the model; with none of
    those, or with hashed vectors, exactly ``index``)."""
    coref_threshold: float | None = None
    """``pairwise``: mean pair probability a cluster keeps (unset: the model's CV-tuned one)."""
    undated_to_model: bool = True
    """``hybrid``, when the model is in use (learned triggers on): undated typed events are
    clustered by the model within their document group too, not by the index."""

    target_gate: bool = True
    """An event whose patient's class (humanitarian, military, civilian...) is known and is no
    match (``lang/en/events_target_classes.yaml``) for the most common known class of a
    story's patients never joins that story."""
    town_km: float = 30.0
    """An event placed in a town (its place, else its scene) never joins a story whose commonest
    town is further away than this (km): one incident, one town. Negative: no gate."""
    undated_evidence: bool = True
    """A typed event joins an undated story (blocked by type class alone) that holds no article
    of its own document group only when its town is within ``town_km`` of the story's commonest
    town: else one undated "kill" story gathers the killings of every undated article. (A
    shared actor as evidence too mixed two seed attacks through one state, and ECB+ read the
    same.)"""

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ConfigError(f"stories.method {self.method!r}: one of {', '.join(METHODS)}")

    doc_threshold: float = 0.5
    """Score an article needs to join a coverage group (``story_docs``)."""
    doc_cosine_weight: float = 0.7
    """Weight of the lead's cosine in that score; the rest is actor overlap."""
    doc_window_days: int = 3
    """Articles further apart in publication date never share a group (undated: no limit)."""


class StoryIndex:
    """Stories, their centroids, blocks by (type class, day) and event -> story assignments."""

    def __init__(self, dim: int, embedder: str = "", settings: StorySettings | None = None) -> None:
        self.dim = dim
        self.embedder = embedder
        self.settings = settings or StorySettings()
        self.stories: list[Story] = []
        self.sums = np.zeros((0, dim), dtype=np.float32)
        self.blocks: dict[tuple[str, int], list[int]] = {}
        self.assignment: dict[str, int] = {}
        # What was placed, for the linker: a digest of the records' signatures in the order
        # they were placed (see ``story_records``).
        self.chain = ""
        self.merge = True  # the centroid merge pass (off for stories clustered pairwise)

    def add(self, event: EventRecord) -> int:
        """Place one event: join the best compatible story or open a new one; its index."""
        if event.id in self.assignment:
            return self.assignment[event.id]
        best, score = self._best(event)
        if best is None or score < self.settings.link_threshold:
            best = self._open(event)
        self._join(best, event)
        return best

    def add_many(self, events: list[EventRecord]) -> None:
        """Place events in the given order (sort them first for determinism)."""
        for event in events:
            self.add(event)

    def add_clusters(self, events: list[EventRecord], labels: list[str]) -> None:
        """Place events whose clusters were decided elsewhere (``labels[i]`` is the cluster of
        ``events[i]``): one story per cluster, opened in the order of first members."""
        story: dict[str, int] = {}
        for event, label in zip(events, labels, strict=True):
            if label not in story:
                story[label] = self._open(event)
            self._join(story[label], event)

    def _candidates(self, event: EventRecord) -> list[int]:
        """Stories in this event's blocks: same type class, within the date window."""
        if event.day is None:
            return list(self.blocks.get((_kind(event), NO_DAY), ()))
        # Undated stories (documents without a date) stay reachable, the latest few only.
        seen: dict[int, None] = dict.fromkeys(
            self.blocks.get((_kind(event), NO_DAY), [])[-self.settings.undated_reach :]
        )
        reach = self.settings.window_days
        for day in range(event.day - reach, event.day + reach + 1):
            for s in self.blocks.get((_kind(event), day), ()):
                seen[s] = None
        return list(seen)

    def _best(self, event: EventRecord) -> tuple[int | None, float]:
        """The highest-scoring candidate story and its score."""
        candidates = self._candidates(event)
        if event.target and self.settings.target_gate:
            candidates = [s for s in candidates if not _conflicts(self.stories[s], event.target)]
        if event.coords and self.settings.town_km >= 0:
            candidates = [s for s in candidates if not self._far(self.stories[s], event.coords)]
        if event.group and self.settings.undated_evidence:
            candidates = [s for s in candidates if self._evident(self.stories[s], event)]
        if not candidates:
            return None, 0.0
        sums = self.sums[candidates]
        norms = np.linalg.norm(sums, axis=1)
        norms[norms == 0] = 1.0
        cosines = (sums @ event.vector) / norms
        scores = [
            self._score(self.stories[s], event, float(c), self.settings)
            for s, c in zip(candidates, cosines, strict=True)
        ]
        top = int(np.argmax(scores))
        return candidates[top], scores[top]

    def _far(self, story: Story, coords: tuple[float, float]) -> bool:
        """Whether a story's commonest town is more than ``town_km`` from ``coords``."""
        town = max(story.coords, key=lambda k: (story.places[k], k), default=None)
        if town is None:
            return False
        return distance_km(*story.coords[town], *coords) > self.settings.town_km

    def _evident(self, story: Story, event: EventRecord) -> bool:
        """Whether a typed event may join ``story``: a dated story, one holding an article of
        the event's document group, or one whose commonest town is the event's."""
        if story.day_min is not None and event.day is not None:
            return True  # both dated: the date window blocks them
        if not story.groups or event.group in story.groups.values():
            return True
        # ``_best`` has already dropped the stories far from the event's town
        return bool(event.coords) and self.settings.town_km >= 0 and bool(story.coords)

    @staticmethod
    def _score(story: Story, event: EventRecord, cosine: float, settings: StorySettings) -> float:
        """Weighted agreement of text, place, actors and date."""
        place = 0.5
        if event.place and story.places:
            place = 1.0 if event.place in story.places else 0.0
        actors = 0.5
        if event.actors and story.actors:
            actors = 1.0 if event.actors & set(story.actors) else 0.0
        date = 0.5
        if event.day is not None and story.day_min is not None and story.day_max is not None:
            gap = max(story.day_min - event.day, event.day - story.day_max, 0)
            date = 1.0 - gap / (settings.window_days + 1)
        w = settings
        return (
            w.weight_cosine * cosine
            + w.weight_place * place
            + w.weight_actors * actors
            + w.weight_date * date
        )

    def _open(self, event: EventRecord) -> int:
        index = len(self.stories)
        story = Story(f"s-{event.id}", event.type_class, event.day, event.day)
        story.coverage = event.coverage
        self.stories.append(story)
        if index >= len(self.sums):
            grown = np.zeros((max(16, 2 * len(self.sums)), self.dim), dtype=np.float32)
            grown[: len(self.sums)] = self.sums
            self.sums = grown
        return index

    def _join(self, index: int, event: EventRecord) -> None:
        self._absorb(index, event)
        self._block(index)
        self.assignment[event.id] = index

    def _absorb(self, index: int, event: EventRecord) -> None:
        """Add an event to story ``index``: its vector sum, members, places, actors, patient
        classes (the target gate reads these) and date span."""
        story = self.stories[index]
        self.sums[index] += event.vector
        story.events.append(event.id)
        if event.doc not in story.docs:
            story.docs.append(event.doc)
        if event.place:
            story.places[event.place] += 1
        story.actors.update(event.actors)
        if event.target:
            story.targets[event.target] += 1
        if event.coords and event.place:
            story.coords[event.place] = event.coords
        if event.group:
            story.groups[event.doc] = event.group
        if event.day is not None:
            story.day_min = event.day if story.day_min is None else min(story.day_min, event.day)
            story.day_max = event.day if story.day_max is None else max(story.day_max, event.day)

    def _block(self, index: int) -> None:
        """Register a story under every day it spans (or the undated block)."""
        story = self.stories[index]
        if story.day_min is None or story.day_max is None:
            days: range | list[int] = [NO_DAY]
        else:
            days = range(story.day_min, story.day_max + 1)
        for day in days:
            members = self.blocks.setdefault((_kind(story), day), [])
            if (not members or members[-1] != index) and index not in members:
                members.append(index)

    def groups(self) -> list[int]:
        """Story index -> the index of the story it is merged into (itself when none).

        Stories are bucketed by (type class, main place); within a bucket each story joins the
        first earlier group whose centroid is within ``merge_cosine``, so the pass costs about
        stories x groups per bucket, not stories squared.
        """
        owner = list(range(len(self.stories)))
        if not self.merge:
            return owner
        buckets: dict[tuple[str, str], list[tuple[int, np.ndarray]]] = {}
        for n, story in enumerate(self.stories):
            if not story.places:
                continue
            place = story.places.most_common(1)[0][0]
            centroid = self.sums[n] / (np.linalg.norm(self.sums[n]) or 1.0)
            groups = buckets.setdefault((_kind(story), place), [])
            for head, vector in groups:
                if float(vector @ centroid) >= self.settings.merge_cosine and self._close_in_time(
                    self.stories[head], story
                ):
                    owner[n] = head
                    break
            else:
                groups.append((n, centroid))
        return owner

    def _close_in_time(self, a: Story, b: Story) -> bool:
        """Whether two stories' date ranges are within ``merge_window_days`` (or one is undated)."""
        window = self.settings.merge_window_days
        if window < 0 or a.day_min is None or a.day_max is None:
            return True
        if b.day_min is None or b.day_max is None:
            return True
        return max(a.day_min - b.day_max, b.day_min - a.day_max, 0) <= window

    def merged_assignment(self) -> dict[str, int]:
        """Event id -> merged story index."""
        owner = self.groups()
        return {event: owner[n] for event, n in self.assignment.items()}

    def to_bytes(self) -> bytes:
        """Serialise everything (centroid sums as float32) to one JSON byte string."""
        stories = [
            [
                s.id,
                s.type_class,
                s.day_min,
                s.day_max,
                dict(s.places),
                dict(s.actors),
                s.events,
                s.docs,
                s.coverage,
                dict(s.targets),
                {k: list(v) for k, v in s.coords.items()},
                *([s.groups] if s.groups else []),  # absent: states as before
            ]
            for s in self.stories
        ]
        sums = np.ascontiguousarray(self.sums[: len(self.stories)], dtype=np.float32)
        state = {
            "dim": self.dim,
            "embedder": self.embedder,
            "stories": stories,
            "sums": base64.b64encode(sums.tobytes()).decode("ascii"),
            "chain": self.chain,
            "merge": self.merge,
            # in the order stories entered them (a story extended into a day joins its block
            # after the stories opened there since): candidates come in that order
            "blocks": [[kind, day, members] for (kind, day), members in self.blocks.items()],
        }
        return json.dumps(state, separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes, settings: StorySettings | None = None) -> StoryIndex:
        """Load an index written by ``to_bytes`` (it was built under ``settings``)."""
        state = json.loads(data)
        index = cls(state["dim"], state.get("embedder", ""), settings)
        sums = np.frombuffer(base64.b64decode(state["sums"]), dtype=np.float32)
        index.sums = sums.reshape(-1, index.dim).copy()
        index.chain = state.get("chain", "")
        index.merge = state.get("merge", True)
        for n, (sid, tclass, dmin, dmax, places, actors, events, docs, *rest) in enumerate(
            state["stories"]
        ):
            story = Story(sid, tclass, dmin, dmax, Counter(places), Counter(actors), events, docs)
            story.coverage = rest[0] if rest else ""
            story.targets = Counter(rest[1]) if len(rest) > 1 else Counter()
            story.coords = {k: (v[0], v[1]) for k, v in rest[2].items()} if len(rest) > 2 else {}
            story.groups = dict(rest[3]) if len(rest) > 3 else {}
            index.stories.append(story)
            index.assignment.update({e: n for e in events})
            if "blocks" not in state:
                index._block(n)
        for kind, day, members in state.get("blocks", ()):
            index.blocks[(kind, day)] = members
        return index

    def rewind(self, later: set[str], records: dict[str, EventRecord]) -> None:
        """Undo the placing of the events ``later`` (the last ones placed, in any order):
        the index becomes what placing only the events before them gave. ``records`` holds
        the records (vectors filled in) of the other events of every story ``later`` touched;
        sums are added again from zero in placing order, so they are the same numbers."""
        touched = sorted({self.assignment[e] for e in later if e in self.assignment})
        opened = next((n for n in touched if self.stories[n].events[0] in later), None)
        if opened is not None:  # stories opened by a later event were opened after the others
            self.stories = self.stories[:opened]
            self.sums[opened:] = 0  # a story opened again starts from zero, as in a fresh index
        kept = set(range(len(self.stories)))
        for key, members in list(self.blocks.items()):
            self.blocks[key] = [n for n in members if n in kept]
        for n in (n for n in touched if n in kept):
            self._restore(n, [records[e] for e in self.stories[n].events if e not in later])
        for e in later:
            self.assignment.pop(e, None)
        self.blocks = {k: v for k, v in self.blocks.items() if v}

    def _restore(self, n: int, events: list[EventRecord]) -> None:
        """Story ``n`` as its first ``events`` left it; its block entries for days it covered
        only later go (the others keep their place: a story enters a day's block once)."""
        old = self.stories[n]
        before = (old.day_min, old.day_max)
        story = Story(old.id, old.type_class, events[0].day, events[0].day, coverage=old.coverage)
        self.stories[n] = story
        self.sums[n] = 0
        for event in events:
            self._absorb(n, event)
        if before != (story.day_min, story.day_max):
            now = set(_days(story))
            for day in set(_days(old, before)) - now:
                members = self.blocks.get((_kind(story), day), [])
                if n in members:
                    members.remove(n)


def _days(story: Story, span: tuple[int | None, int | None] | None = None) -> list[int]:
    """The block days of a story (its date span, or the undated block)."""
    low, high = span or (story.day_min, story.day_max)
    return [NO_DAY] if low is None or high is None else list(range(low, high + 1))


def _conflicts(story: Story, target: str) -> bool:
    """Whether a story's patients are mostly of a known class ``target`` is no match for."""
    if not story.targets:
        return False
    return not compatible(story.targets.most_common(1)[0][0], target)


def _kind(item: EventRecord | Story) -> str:
    """The block an event or story belongs to: its type class within its document group."""
    return f"{item.coverage}|{item.type_class}" if item.coverage else item.type_class
