"""What a linker is: a corpus-level component that reads the store and writes linked results.

A linker may also link incrementally: ``changes`` says which documents the store saved since
the linker's last complete run, ``Changes.stale`` turns that and the linker's own digest of each
group's inputs (a story's events, an outlet's articles...) into the groups to recompute, and
``write_groups`` stores those groups' items while the store keeps the others
(``Store.update_linked``), then records the run. docs/scale.md has the contract.
"""

from __future__ import annotations

import functools
import gc
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from rashomon.config import Settings as ComponentSettings
from rashomon.config import as_dict, build, fingerprint
from rashomon.store.base import LinkedUpdate, Store

INCREMENTAL_KEY = "incremental.{}"  # store meta, per linker: its last run's mark and digests


def _collector_paused(link: Callable[[Any, Store], None]) -> Callable[[Any, Store], None]:
    """``link`` with Python's cyclic garbage collector paused while it runs (re-enabled after,
    as it was). A linker builds millions of small acyclic objects (states parsed from JSON,
    items, digests) that reference counting frees; each automatic collection walked all of
    them again: a quarter of the CPU of adding 100 articles to a 100k-event store (12.6 ->
    9.2 s over the five linkers, peak memory within 30 MB). Cycles made meanwhile wait for
    the next collection after the run."""

    @functools.wraps(link)
    def paused(self: Any, store: Store) -> None:
        was = gc.isenabled()
        gc.disable()
        try:
            link(self, store)
        finally:
            if was:
                gc.enable()

    return paused


@dataclass
class Changes:
    """What changed in the store since a linker's last complete run."""

    mark: str  # the store's change mark when this run began (recorded once it is written)
    documents: set[str] | None  # saved since that run; None: every document counts as changed
    digests: dict[str, str] = field(default_factory=dict)  # each group's digest at that run
    since: str | None = None  # the mark of that run (None: there was none)

    def stale(self, digests: Mapping[str, str], members: Mapping[str, Iterable[str]]) -> set[str]:
        """The groups to recompute: new ones, those whose digest changed, and those with a
        member document in ``documents`` (every group when that is None)."""
        if self.documents is None:
            return set(digests)
        changed = self.documents
        return {
            g
            for g, digest in digests.items()
            if self.digests.get(g) != digest or any(d in changed for d in members.get(g, ()))
        }


class Linker:
    """Base class for corpus-level linkers (actors, stories, contradictions...).

    Linkers run after every document is analysed, ordered from what they ``requires`` (item
    kinds of analysers or of other linkers) and ``provides``. ``Settings`` holds their typed
    thresholds; settings and ``fingerprint`` are part of the stored linker versions, so a change
    of either re-links on the next ``analyze``.
    """

    name: ClassVar[str] = ""
    version: ClassVar[str] = "1"
    requires: ClassVar[tuple[str, ...]] = ()  # item kinds it reads
    provides: ClassVar[tuple[str, ...]] = ()  # kinds it writes (``actors`` or linked item kinds)
    Settings: ClassVar[type[ComponentSettings]] = ComponentSettings

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "link" in cls.__dict__:  # every linker's link runs with the cyclic collector paused
            cls.link = _collector_paused(cls.__dict__["link"])  # type: ignore[method-assign,assignment]

    def __init__(self, settings: ComponentSettings | None = None, **options: Any) -> None:
        if settings is None:
            settings = build(self.Settings, options, f"linkers.{self.name}")
        self.settings = settings

    def fingerprint(self, store: Store | None = None) -> str:
        """What besides code identifies this linker's output (its settings; override to add
        the hash of a file it reads, such as the user's alias file)."""
        return fingerprint(self.settings) if as_dict(self.settings) else ""

    def link(self, store: Store) -> None:
        """Recompute this linker's output from the store and write it back atomically."""
        raise NotImplementedError

    def version_key(self, store: Store) -> str:
        """This linker's version and fingerprint: what its stored state was computed under."""
        return f"{self.version} {self.fingerprint(store)}"

    def changes(self, store: Store) -> Changes:
        """The documents saved since this linker's last complete run with the same version and
        settings (None when there was none, or the store keeps no change marks)."""
        raw = store.get_meta(INCREMENTAL_KEY.format(self.name))
        last = json.loads(raw) if raw else {}
        if last.get("version") != self.version_key(store):
            last = {}
        mark, documents = store.changed_since(last.get("mark"))
        digests = last.get("digests", {}) if documents is not None else {}
        return Changes(mark, documents, digests, last.get("mark"))

    def write_groups(
        self, store: Store, changes: Changes, update: LinkedUpdate, digests: Mapping[str, str]
    ) -> None:
        """Store the recomputed groups' items (all of them, when every group was recomputed),
        then record this run: its mark and each group's digest. A run killed in between leaves
        the old record, so the next run recomputes those groups again: never fewer."""
        if set(update.order) <= update.stale:
            store.replace_grouped(self.name, update)
        elif update.stale or not set(changes.digests) <= set(update.order):
            store.update_linked(self.name, update)
        # else nothing was recomputed and no group is gone: the stored items are the output
        self.record_run(store, changes, digests)

    def record_run(self, store: Store, changes: Changes, digests: Mapping[str, str]) -> None:
        """Record a complete run: the store's mark when it began and each group's digest."""
        record = {"version": self.version_key(store), "mark": changes.mark, "digests": digests}
        store.set_meta(INCREMENTAL_KEY.format(self.name), json.dumps(record, sort_keys=True))
