"""analyze --profile: seconds per stage, spaCy's share, the analysers left as they were."""

from __future__ import annotations

from rashomon.analyze import analyze
from rashomon.profiling import StageTimes
from rashomon.store import open_store

ARTICLE = (
    "Harbour repairs delayed in Velmora\n\n"
    "Engineer Ada Korsby said on Monday that the repairs to the harbour wall would take a month.\n"
    "The port council blamed the weather for the delay."
)


def test_split_spacy_takes_ingest_and_analysers_out() -> None:
    times = StageTimes()
    times.add("a", 1.0)
    times.add("analysis", 5.0)
    times.add("ingest", 0.5)
    times.add("b", 2.0)
    times.split_spacy("analysis", ["a", "b"])
    assert list(times.seconds) == ["ingest", "spacy", "a", "b"]
    assert times.seconds["spacy"] == 1.5
    assert list(times.cpu) == ["ingest", "spacy", "a", "b"]
    table = times.table(words=100)
    assert "CPU s" in table.splitlines()[0]
    assert "(other threads, the loop)" in table and "words/s" in table


def test_split_spacy_splits_cpu_like_seconds() -> None:
    times = StageTimes()
    times.add("analysis", 5.0, cpu=4.0)
    times.add("ingest", 0.5, cpu=0.25)
    times.add("a", 1.0, cpu=0.75)
    times.split_spacy("analysis", ["a"])
    assert times.cpu == {"ingest": 0.25, "spacy": 3.0, "a": 0.75}
    assert times.seconds == {"ingest": 0.5, "spacy": 3.5, "a": 1.0}


def test_timed_counts_the_threads_cpu() -> None:
    times = StageTimes()
    busy = times.timed("busy", lambda n: sum(i * i for i in range(n)))
    idle = times.timed("idle", lambda: None)
    busy(300_000)
    idle()
    assert times.cpu["busy"] > times.cpu["idle"] >= 0.0
    assert times.cpu["busy"] <= times.seconds["busy"] + 0.01  # one thread: CPU within its wall


def test_stream_and_timed_add_up() -> None:
    times = StageTimes()
    assert list(times.stream("s", iter([1, 2, 3]))) == [1, 2, 3]
    assert times.timed("f", lambda x: x + 1)(1) == 2
    assert set(times.seconds) == {"s", "f"}


def test_analyze_profile_has_every_stage(tmp_path, pipeline) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    times = StageTimes()
    with open_store(str(tmp_path / "s.db")) as store:
        report = analyze([str(folder)], store, pipeline=pipeline, profile=times)
    assert report.analysed == ["a"]
    names = [a.name for a in pipeline.analysers]
    assert list(times.seconds)[:2] == ["ingest", "spacy"]
    assert set(names) | {"store", "link stories", "link actors"} <= set(times.seconds)
    assert all(s >= 0 for s in times.seconds.values())
    seen = dict(times.seconds)
    with open_store(str(tmp_path / "s.db")) as store:  # no profile: the timers are gone
        analyze([str(folder)], store, pipeline=pipeline, force=True)
    assert times.seconds == seen
