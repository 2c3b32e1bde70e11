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

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

LEAD_CHARS = 600  # title + the opening of the body: what the article is about


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
    records: list[DocRecord], settings: DocSettings | None = None
) -> dict[str, str]:
    """Document id -> group key (the id of the group's first article), the articles placed in
    the order given: give them in a canonical order (by date, then id) so that the groups are
    a function of the set of articles."""
    settings = settings or DocSettings()
    groups: list[_Group] = []
    keys: list[str] = []
    by_day: dict[int, list[int]] = {}
    undated: list[int] = []
    placed: dict[str, str] = {}
    for record in records:
        best, score = -1, -1.0
        for n in _near(record, by_day, undated, len(groups), settings.window_days):
            if _too_far(groups[n], record, settings.window_days):
                continue
            value = _score(groups[n], record, settings.cosine_weight)
            if value > score:
                best, score = n, value
        if score < settings.threshold:
            groups.append(_Group(np.zeros_like(record.vector)))
            keys.append(record.id)
            best = len(groups) - 1
        _add(groups[best], record)
        (undated if record.day is None else by_day.setdefault(record.day, [])).append(best)
        placed[record.id] = keys[best]
    return placed


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
