"""Stories at the document level: articles that cover the same news.

An article is a vector of its title and lead (the opening sentences, where news writing puts
the event; background told further down does not pull it elsewhere), the actors it names, and
its publication day. Articles are placed in date order: each joins the most similar group
published within ``DocSettings.window_days`` of it when the score (weighted cosine to the
group's centroid and overlap of named actors) reaches ``DocSettings.threshold``, else opens a
group. Only groups inside the date window are compared, so placing n articles costs about n x
(groups per window), not n squared. An article with no event still has its group. The linker
places articles in canonical order (date, then id), so the groups are a function of the set
of articles: the same whatever the order or the number of runs that brought them in.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import astuple, dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from rashomon.store.base import Store

LEAD_CHARS = 600  # title + the opening of the body: what the article is about
PLACEMENT_KEY = "stories.doc_placement"  # store meta: the last placement (``kept_groups``)


@dataclass(frozen=True)
class DocSettings:
    """How articles are grouped (tuned by cross-validation over BASIL triplets, see the docs)."""

    threshold: float = 0.5
    """Score an article needs to join a group."""
    cosine_weight: float = 0.7
    """Weight of the lead's cosine to the group centroid; the rest is actor overlap."""
    window_days: int = 3
    """Articles further apart in publication date are never grouped (undated: no limit)."""


@dataclass
class DocRecord:
    """What grouping needs to know about one article."""

    id: str
    day: int | None
    vector: np.ndarray
    actors: frozenset[str]


@dataclass
class _Group:
    total: np.ndarray
    actors: Counter[str] = field(default_factory=Counter)
    days: list[int] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    norm: float = 1.0  # of ``total`` (1.0 while zero), kept with it: every score divides by it


def lead_text(title: str | None, text: str) -> str:
    """The title and the opening of the article (the title is often its first line too)."""
    body = text[: LEAD_CHARS + len(title or "")]
    if title and not body.startswith(title):
        body = f"{title}\n{body}"
    return body[: LEAD_CHARS + len(title or "")]


def group_documents(
    records: list[DocRecord], settings: DocSettings | None = None, past: Any = None
) -> dict[str, str]:
    """Document id -> group key (the id of the group's first article), the articles placed in
    the order given: give them in a canonical order (by date, then id) so that the groups are
    a function of the set of articles. ``past``: a ``placement_state`` of an earlier call; the
    records it holds first, unchanged and in the same places, keep their groups (rebuilt
    without scoring: a news stream adds its articles at the end, and the placing loop was most
    of a stories run that added a hundred)."""
    settings = settings or DocSettings()
    placer = _Placer(settings)
    kept = _kept(records, settings, past)
    for record, key in zip(records, kept, strict=False):
        placer.keep(record, key)
    for record in records[len(kept) :]:
        placer.place(record)
    return placer.placed


def kept_groups(store: Store, records: list[DocRecord], settings: DocSettings) -> dict[str, str]:
    """``group_documents`` keeping the placement the last call stored (``PLACEMENT_KEY``) for
    the first records it holds unchanged, then storing this one (a pure function's cache:
    valid whatever else a run does or fails to do)."""
    raw = store.get_meta(PLACEMENT_KEY)
    past = json.loads(raw) if raw else None
    placed = group_documents(records, settings, past)
    state = placement_state(records, settings, placed)
    if state != past:
        store.set_meta(PLACEMENT_KEY, json.dumps(state, separators=(",", ":")))
    return placed


def placement_state(
    records: list[DocRecord], settings: DocSettings, placed: dict[str, str]
) -> dict[str, Any]:
    """What ``group_documents`` needs to keep this placement's first records next time: each
    record's id, inputs digest and group key, in order, and the settings."""
    rows = [[r.id, _digest(r), placed[r.id]] for r in records]
    return {"settings": list(astuple(settings)), "records": rows}


def _kept(records: list[DocRecord], settings: DocSettings, past: Any) -> list[str]:
    """The group keys of the longest run of first records that ``past`` placed with the same
    inputs (none for another settings or no past)."""
    if not past or past.get("settings") != list(astuple(settings)):
        return []
    keys: list[str] = []
    opened: set[str] = set()
    for record, (doc_id, digest, key) in zip(records, past["records"], strict=False):
        if doc_id != record.id or digest != _digest(record):
            break
        if key != doc_id and key not in opened:  # not a placement this code made: redo
            return []
        opened.add(key)
        keys.append(key)
    return keys


def _digest(record: DocRecord) -> str:
    """A record's inputs: its day, its lead vector's bytes and its actors."""
    text = f"{record.day}|{'|'.join(sorted(record.actors))}|"
    return hashlib.sha1(text.encode() + record.vector.tobytes()).hexdigest()[:20]


class _Placer:
    """The groups of the articles placed so far, in the order they were placed."""

    def __init__(self, settings: DocSettings) -> None:
        self.settings = settings
        self.groups: list[_Group] = []
        self.index: dict[str, int] = {}  # group key -> its place in ``groups``
        self.by_day: dict[int, list[int]] = {}
        self.undated: list[int] = []
        self.placed: dict[str, str] = {}

    def place(self, record: DocRecord) -> None:
        """Join the best-scoring group in reach, else open one."""
        window = self.settings.window_days
        best, score = -1, -1.0
        for n in _near(record, self.by_day, self.undated, len(self.groups), window):
            if _too_far(self.groups[n], record, window):
                continue
            value = _score(self.groups[n], record, self.settings.cosine_weight)
            if value > score:
                best, score = n, value
        self._join(record, record.id if score < self.settings.threshold else best)

    def keep(self, record: DocRecord, key: str) -> None:
        """Join the group ``key`` an earlier placement put the record in (its own: open it)."""
        self._join(record, key)

    def _join(self, record: DocRecord, target: str | int) -> None:
        if isinstance(target, str):  # a key: an existing group, or the record's new one
            if target not in self.index:
                self.index[target] = len(self.groups)
                self.groups.append(_Group(np.zeros_like(record.vector)))
            target = self.index[target]
        group = self.groups[target]
        _add(group, record)
        (self.undated if record.day is None else self.by_day.setdefault(record.day, [])).append(
            target
        )
        self.placed[record.id] = group.docs[0]


def _add(group: _Group, record: DocRecord) -> None:
    group.total = group.total + record.vector
    group.norm = float(np.linalg.norm(group.total)) or 1.0
    group.actors.update(record.actors)
    group.docs.append(record.id)
    if record.day is not None:
        group.days.append(record.day)


def _near(
    record: DocRecord, by_day: dict[int, list[int]], undated: list[int], count: int, window: int
) -> list[int]:
    """Groups within the window of the record's day (every group for an undated record)."""
    if record.day is None:
        return list(range(count))
    found = dict.fromkeys(undated)
    for day in range(record.day - window, record.day + window + 1):
        found.update(dict.fromkeys(by_day.get(day, ())))
    return sorted(found)


def _too_far(group: _Group, record: DocRecord, window: int) -> bool:
    """A dated article is never grouped with dated articles outside its window (reached
    through an undated member)."""
    if record.day is None or not group.days:
        return False
    return min(abs(day - record.day) for day in group.days) > window


def _score(group: _Group, record: DocRecord, cosine_weight: float) -> float:
    cosine = float(group.total @ record.vector) / group.norm
    shared = 0.0
    if record.actors and group.actors:
        common = sum(1 for a in record.actors if a in group.actors)  # no set copied a call
        shared = common / min(len(record.actors), len(group.actors))
    return cosine_weight * cosine + (1 - cosine_weight) * shared
