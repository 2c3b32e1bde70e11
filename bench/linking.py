"""Same-event linking at scale: synthetic events, link time and peak memory per corpus size.

    python bench/linking.py --sizes 1000 10000 100000
    python bench/linking.py --quick

Events come from synthetic real-world happenings (random day over a year, place, actors, type),
each reported 1-6 times with noisy sentence vectors. Also times adding 100 documents' events
(1,000 events) to the largest index after a save/load round trip, as a new `analyze` would.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import time

import numpy as np

from rashomon.linking.story_index import EventRecord, StoryIndex

TYPES = ["violence", "truce", "diplomacy", "displacement", "arrest"]


def synthetic(n: int, dim: int, seed: int = 0) -> list[EventRecord]:
    """``n`` event mentions of about n/3 happenings, sorted by day like a news stream."""
    rng = np.random.default_rng(seed)
    events: list[EventRecord] = []
    happening = 0
    while len(events) < n:
        base = rng.standard_normal(dim).astype(np.float32)
        day = int(rng.integers(0, 365))
        place = f"place{rng.integers(0, 500)}"
        actors = frozenset(f"actor{a}" for a in rng.integers(0, 300, size=2))
        kind = TYPES[int(rng.integers(0, len(TYPES)))]
        for k in range(int(rng.integers(1, 7))):
            vec = base + 0.8 * rng.standard_normal(dim).astype(np.float32)
            vec /= np.linalg.norm(vec)
            d = day + int(rng.integers(0, 2))
            events.append(
                EventRecord(
                    f"e{happening}-{k}", f"d{len(events) // 10}", kind, d, place, actors, vec
                )
            )
        happening += 1
    events = events[:n]
    events.sort(key=lambda e: (e.day, e.id))
    return events


def _run(n: int, dim: int, queue: mp.Queue) -> None:
    events = synthetic(n, dim)
    start = time.perf_counter()
    index = StoryIndex(dim, "synthetic")
    index.add_many(events)
    link_s = time.perf_counter() - start
    data = index.to_bytes()
    start = time.perf_counter()
    loaded = StoryIndex.from_bytes(data)
    extra = synthetic(1000, dim, seed=1)
    for e in extra:
        e.id = "new-" + e.id
    loaded.add_many(extra)
    add_s = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((n, link_s, len(index.stories), peak, add_s, len(data) / 2**20))


def main() -> None:
    """Print link time, stories, peak memory and incremental add time per size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--dim", type=int, default=384, help="vector size (384 = MiniLM)")
    parser.add_argument("--quick", action="store_true", help="smoke test: 1,000 events, 32 dims")
    args = parser.parse_args()
    sizes, dim = ([1000], 32) if args.quick else (args.sizes, args.dim)
    print(
        f"{'events':>8} {'link s':>8} {'ev/s':>8} {'stories':>8} {'peak MiB':>9} {'+1000 ev s':>11} {'state MiB':>10}"
    )
    ctx = mp.get_context("spawn")
    for n in sizes:
        queue: mp.Queue = ctx.Queue()
        proc = ctx.Process(target=_run, args=(n, dim, queue))
        proc.start()
        n, link_s, stories, peak, add_s, state = queue.get()
        proc.join()
        print(
            f"{n:8d} {link_s:8.2f} {n / link_s:8.0f} {stories:8d} {peak:9.0f} {add_s:11.2f} {state:10.1f}"
        )


if __name__ == "__main__":
    main()
