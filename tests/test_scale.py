"""Scale-out: the Ray engine and ``rashomon migrate`` give the same export as the default engine
on the example corpus; interrupted and killed runs resume; reading commands take a folder."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

from rashomon.cli import app  # noqa: E402
from rashomon.commands.migrate import migrate  # noqa: E402
from rashomon.export import build_export  # noqa: E402
from rashomon.store import open_store  # noqa: E402
from rashomon.store.parquet import ParquetStore  # noqa: E402

runner = CliRunner()


def _same(a: dict, b: dict) -> None:
    """Exports equal, compared list by list so that a failure names the list."""
    assert sorted(a) == sorted(b)
    for key in a:
        assert a[key] == b[key], key


@pytest.fixture(scope="module")
def parquet_copy(tmp_path_factory: pytest.TempPathFactory, analysed_corpus: Path) -> Path:
    """The analysed example corpus migrated into a Parquet store."""
    folder = tmp_path_factory.mktemp("scale") / "corpus-store"
    with open_store(str(analysed_corpus)) as source, ParquetStore(folder) as target:
        assert migrate(source, target) == 10
    return folder


def test_migrate_both_ways_keeps_the_export(parquet_copy, corpus_export, tmp_path) -> None:
    with open_store(str(parquet_copy)) as store:
        assert isinstance(store, ParquetStore)
        _same(build_export(store), corpus_export)
    result = runner.invoke(app, ["migrate", str(parquet_copy), str(tmp_path / "back.db")])
    assert result.exit_code == 0, result.output
    with open_store(str(tmp_path / "back.db")) as store:
        _same(build_export(store), corpus_export)
        assert store.get_meta("links_stale") == "0"
    result = runner.invoke(app, ["migrate", str(parquet_copy), str(tmp_path / "back.db")])
    assert result.exit_code != 0 and "already exists" in str(result.exception)


def test_migrate_keeps_the_story_caches(parquet_copy, analysed_corpus) -> None:
    """The story index and its vector caches travel, so the next analyze of the migrated store
    links new documents incrementally instead of re-encoding every sentence."""
    from rashomon.linking.stories import DOC_VECTORS_KEY, STATE_KEY
    from rashomon.linking.story_records import VECTORS_KEY

    with open_store(str(analysed_corpus)) as source, ParquetStore(parquet_copy) as target:
        for key in (STATE_KEY, DOC_VECTORS_KEY, VECTORS_KEY, "linkers"):
            assert source.get_meta(key), key
            assert target.get_meta(key) == source.get_meta(key), key


def test_linkers_on_parquet_give_the_sqlite_links(analysed_corpus, tmp_path) -> None:
    """Every linker re-run over DuckDB reads (cached kinds, partition-read documents) writes
    the same actors, stories and comparisons as over SQLite."""
    import shutil

    from rashomon.analyze import run_linkers

    db = tmp_path / "copy.db"
    shutil.copy(analysed_corpus, db)
    with open_store(str(db)) as source, ParquetStore(tmp_path / "p") as target:
        migrate(source, target)
    exports = []
    for path in (str(db), str(tmp_path / "p")):
        with open_store(path) as store:
            run_linkers(store)
            exports.append(build_export(store))
    _same(exports[1], exports[0])


def test_reading_commands_take_a_folder(parquet_copy, analysed_corpus, tmp_path) -> None:
    for store in (parquet_copy, analysed_corpus):
        out = tmp_path / f"{Path(store).name}.json"
        result = runner.invoke(app, ["export", "--db", str(store), "-o", str(out)])
        assert result.exit_code == 0, result.output
    assert (tmp_path / "corpus-store.json").read_bytes() == (
        tmp_path / "corpus.db.json"
    ).read_bytes()
    result = runner.invoke(app, ["info", "--db", str(parquet_copy)])
    assert result.exit_code == 0 and "10 documents" in result.output
    result = runner.invoke(app, ["timeline", "--db", str(parquet_copy), "--json"])
    expected = runner.invoke(app, ["timeline", "--db", str(analysed_corpus), "--json"])
    assert result.exit_code == 0 and json.loads(result.output) == json.loads(expected.output)
    result = runner.invoke(
        app, ["report", "--db", str(parquet_copy), "-o", str(tmp_path / "r.html")]
    )
    assert result.exit_code == 0 and (tmp_path / "r.html").stat().st_size > 1000


def test_engine_ray_needs_a_parquet_store(tmp_path, corpus_dir) -> None:
    db = str(tmp_path / "x.db")
    result = runner.invoke(app, ["analyze", str(corpus_dir), "--db", db, "--engine", "ray"])
    assert result.exit_code != 0 and "--store" in str(result.output) + str(result.exception)


# -- the Ray engine ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def local_ray():
    """A local Ray in this process with 2 CPUs, as CI has."""
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.mark.slow
def test_ray_engine_interrupted_resumed_same_export(
    local_ray, corpus_dir, corpus_export, tmp_path
) -> None:
    """Stopped after its first partitions, the Ray run leaves whole documents only; the next run
    does the rest, the export equals the default engine's, and a third run does nothing."""
    from rashomon.scale.engine import STATS_KEY, analyze_ray

    class Stop(Exception):
        pass

    def stop_early(event: str, doc_id: str) -> None:
        if event == "analysed":
            raise Stop

    folder = tmp_path / "ray-store"
    with ParquetStore(folder) as store, pytest.raises(Stop):
        analyze_ray([str(corpus_dir)], store, batch_docs=2, workers=1, progress=stop_early)
    with ParquetStore(folder) as store:
        done = [d.id for d in store.documents()]
        assert 1 <= len(done) < 10
        for doc_id in done:  # every stored document came with its items
            assert list(store.items(doc=doc_id))
        report = analyze_ray([str(corpus_dir)], store, batch_docs=2)
        assert set(report.skipped) >= set(done) and len(report.analysed) + len(report.skipped) == 10
        _same(build_export(store), corpus_export)
        stats = json.loads(store.get_meta(STATS_KEY))
        assert stats["documents"] == len(report.analysed) and stats["worker_peak_rss_mb"] > 50
        assert stats["worker_cpu_s"] > 0 and len(stats["block_cpu_s"]) == 1
        analysed = [store.document(doc_id) for doc_id in report.analysed]
        assert stats["block_words"] == [sum(len(d.text.split()) for d in analysed if d)]
        again = analyze_ray([str(corpus_dir)], store)
        assert (again.analysed, len(again.skipped), again.linked) == ([], 10, False)


# -- a real kill -9 of the default engine writing a Parquet store ----------------------------


@pytest.mark.slow
def test_killed_parquet_run_resumes(tmp_path, corpus_dir) -> None:
    from rashomon.ingest import load_documents

    folder = tmp_path / "articles"
    folder.mkdir()
    bases = [d.text for d in load_documents([str(corpus_dir)]) if not isinstance(d, Exception)]
    for i in range(24):
        text = bases[i % len(bases)] + f"\n\nCorrection number {i} was appended to this copy."
        (folder / f"copy-{i:03d}.txt").write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    cmd = [sys.executable, "-m", "rashomon", "analyze", str(folder), "--store", str(store), "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    parts = store / "parts"
    deadline = time.monotonic() + 240
    while not (parts.is_dir() and len(list(parts.iterdir())) >= 3):
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        assert time.monotonic() < deadline, "no progress"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with ParquetStore(store) as opened:
        kept = len(list(opened.documents()))
        assert 3 <= kept < 24
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with ParquetStore(store) as opened:
        docs = list(opened.documents())
        assert len(docs) == 24
        assert {i.doc for i in opened.items("sentences")} == {d.id for d in docs}


class _OutletWords:
    """A toy incremental linker: one item per outlet counting its articles' words, recomputing
    only the outlets with a new or changed article."""

    def __init__(self, version: str = "1") -> None:
        from rashomon.linking.base import Linker

        class OutletWords(Linker):
            name = "outletwords"
            provides = ("outlet_words",)

        OutletWords.version = version
        self.linker = OutletWords()
        self.computed: list[str] = []

    def link(self, store) -> None:
        from rashomon.document import Item
        from rashomon.store.base import LinkedUpdate

        changes = self.linker.changes(store)
        docs: dict[str, list] = {}
        for doc in store.documents():
            docs.setdefault(doc.outlet, []).append(doc)
        digests = {o: ",".join(d.id for d in ds) for o, ds in sorted(docs.items())}
        stale = changes.stale(digests, {o: [d.id for d in ds] for o, ds in docs.items()})
        self.computed += sorted(stale)
        items = [
            Item(
                "outlet_words",
                0,
                0,
                "",
                {"outlet": o, "words": sum(len(d.text.split()) for d in docs[o])},
                f"ow-{o}",
                docs[o][0].id,
            )
            for o in digests
            if o in stale
        ]
        update = LinkedUpdate(("outlet_words",), "outlet", list(digests), stale, items)
        self.linker.write_groups(store, changes, update, digests)


def test_an_incremental_linker_recomputes_only_the_changed_groups(tmp_path) -> None:
    from rashomon.document import Document

    def doc(doc_id: str, outlet: str, text: str) -> Document:
        return Document(id=doc_id, text=text, outlet=outlet, date="2031-01-02")

    def words(store) -> dict[str, int]:
        return {i.fields["outlet"]: i.fields["words"] for i in store.linked("outlet_words")}

    with ParquetStore(tmp_path / "s") as store:
        store.save_document(doc("a1", "Alpha", "one two three"), [], {})
        store.save_document(doc("b1", "Beta", "four five"), [], {})
        linker = _OutletWords()
        linker.link(store)
        assert linker.computed == ["Alpha", "Beta"] and words(store) == {"Alpha": 3, "Beta": 2}
        linker.link(store)  # nothing new: nothing recomputed, nothing lost
        assert linker.computed == ["Alpha", "Beta"] and words(store) == {"Alpha": 3, "Beta": 2}
        store.save_document(doc("b2", "Beta", "six seven eight nine"), [], {})
        store.save_document(doc("c1", "Gamma", "ten"), [], {})
        linker.link(store)
        assert linker.computed[2:] == ["Beta", "Gamma"]
        assert words(store) == {"Alpha": 3, "Beta": 6, "Gamma": 1}
        store.save_document(doc("a1", "Alpha", "one two three four"), [], {})  # re-analysed
        linker.link(store)
        assert linker.computed[4:] == ["Alpha"] and words(store)["Alpha"] == 4
        again = _OutletWords(version="2")  # another version: everything again
        again.link(store)
        assert again.computed == ["Alpha", "Beta", "Gamma"]
        assert words(store) == {"Alpha": 4, "Beta": 6, "Gamma": 1}


def test_run_stats_cost_by_block_of_documents() -> None:
    """Worker CPU and words fall into blocks of ``BLOCK_DOCS`` stored documents, in order."""
    from rashomon.scale.engine import BLOCK_DOCS, RunStats

    stats = RunStats()
    batch = BLOCK_DOCS // 2
    for n in range(5):  # two and a half blocks, each batch's figures on its first row
        first = [1.0] + [0.0] * (batch - 1)
        stats.add(
            {
                "id": [f"d{n}-{i}" for i in range(batch)],
                "partitions": first,
                "analyse_s": first,
                "write_s": first,
                "cpu_s": [(n + 1.0) * f for f in first],
                "rss_mb": [100.0] * batch,
                "words": [10] * batch,
            }
        )
    assert stats.block_cpu_s == [3.0, 7.0, 5.0] and stats.worker_cpu_s == 15.0
    assert stats.block_words == [10 * BLOCK_DOCS, 10 * BLOCK_DOCS, 10 * batch]


def test_bench_mixed_corpus_has_few_near_duplicates(tmp_path: Path) -> None:
    """The bench's generated articles are rarely near-duplicates (its wire copies aside), and a
    smaller corpus is the start of a larger one."""
    import importlib.util

    from rashomon.ingest.dedup import NearDuplicateIndex

    repo = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("bench_scale", repo / "bench" / "scale.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    docs, _, copies = bench.build_mixed(tmp_path / "big", 120, 0.05)
    bench.build_mixed(tmp_path / "small", 40, 0.05)
    for path in sorted((tmp_path / "small").iterdir()):
        assert path.read_text() == (tmp_path / "big" / path.name).read_text()
    index, near = NearDuplicateIndex(), 0
    for path in sorted((tmp_path / "big").iterdir()):
        near += bool(index.query(path.read_text()))
        index.add(path.name, path.read_text())
    assert docs == 120 and 1 <= copies <= 15 and copies <= near <= copies + 6


def test_ray_run_saves_its_figures_block_by_block(
    monkeypatch, tmp_path, corpus_dir, pipeline
) -> None:
    """Each time a block of documents is complete the run's figures are saved: a long run
    stopped later keeps them, and they can be read while it runs (Ray itself faked here)."""
    from rashomon.scale import engine

    seen: list[int | None] = []

    def fake_window(rows, store, pipeline, workers, batch_docs):  # one summary per document
        for row in rows:
            seen.append(json.loads(store.get_meta(engine.STATS_KEY) or "{}").get("documents"))
            yield {
                "id": [json.loads(row["doc"])["id"]],
                "partitions": [1.0],
                "analyse_s": [0.5],
                "write_s": [0.1],
                "cpu_s": [0.25],
                "rss_mb": [100.0],
                "words": [10],
            }

    monkeypatch.setattr(engine, "BLOCK_DOCS", 3)
    monkeypatch.setattr(engine, "start_ray", lambda address: "already")
    monkeypatch.setattr(engine, "_run_window", fake_window)
    with ParquetStore(tmp_path / "store") as store:
        report = engine.analyze_ray([str(corpus_dir)], store, pipeline=pipeline, link=False)
        final = json.loads(store.get_meta(engine.STATS_KEY))
    assert len(report.analysed) == 10
    assert seen == [None] * 4 + [4] * 3 + [7] * 3  # saved as the 4th and 7th start a block
    assert final["documents"] == 10 and final["block_cpu_s"] == [0.75, 0.75, 0.75, 0.25]
    assert final["block_words"] == [30, 30, 30, 10] and final["worker_cpu_s"] == 2.5
