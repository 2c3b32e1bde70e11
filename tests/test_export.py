"""The export contract: schema-valid, exact spans, ids resolved, every format written."""

from __future__ import annotations

import csv
import json

import jsonschema
import pytest

from rashomon.export import ITEM_KINDS, SCHEMA_VERSION, build_export, export_schema, write_export
from rashomon.store import open_store


def _item_lists(export: dict) -> dict[str, list]:
    return {k: v for k, v in export.items() if k not in ("documents", "actors", "schema_version")}


def test_export_validates_against_schema(corpus_export):
    jsonschema.validate(corpus_export, export_schema())
    assert corpus_export["schema_version"] == SCHEMA_VERSION
    assert set(ITEM_KINDS) <= set(corpus_export)


def test_every_span_is_exact(corpus_export):
    texts = {d["id"]: d["text"] for d in corpus_export["documents"]}
    checked = 0
    for kind, items in _item_lists(corpus_export).items():
        for item in items:
            assert texts[item["doc"]][item["start"] : item["end"]] == item["text"], (kind, item)
            checked += 1
    assert checked > 500


def test_mentions_point_at_actors(corpus_export):
    actors = {a["id"] for a in corpus_export["actors"]}
    assert corpus_export["mentions"]
    assert all(m["actor"] in actors for m in corpus_export["mentions"])


def test_documents_carry_metadata(corpus_export):
    docs = {d["id"]: d for d in corpus_export["documents"]}
    assert len(docs) == 10
    assert docs["06_ftv_dawn_of_tarvesk"]["date"] == "2019-04-13"
    assert docs["01_meridian_ildra_strike"]["outlet"] == "Meridian Wire"
    near = docs["03_harlin_observer_ildra_strike"]["duplicates"]
    assert near and near[0]["other"] == "01_meridian_ildra_strike" and near[0]["kind"] == "near"


def test_schema_rejects_a_broken_item(corpus_export):
    broken = json.loads(json.dumps(corpus_export))
    del broken["mentions"][0]["start"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, export_schema())


def test_export_is_deterministic(analysed_corpus):
    with open_store(str(analysed_corpus)) as store:
        first = json.dumps(build_export(store), sort_keys=True)
        second = json.dumps(build_export(store), sort_keys=True)
    assert first == second


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "parquet"])
def test_formats(analysed_corpus, tmp_path, fmt):
    out = tmp_path / ("out.json" if fmt == "json" else "out")
    with open_store(str(analysed_corpus)) as store:
        written = write_export(store, fmt, out)
    if fmt == "json":
        assert json.loads(out.read_text())["documents"]
        return
    names = {p.name for p in written}
    assert {f"documents.{fmt}", f"mentions.{fmt}", f"actors.{fmt}"} <= names
    if fmt == "jsonl":
        first = json.loads((out / "mentions.jsonl").read_text().splitlines()[0])
        assert {"id", "doc", "start", "end", "text", "actor"} <= set(first)
    elif fmt == "csv":
        rows = list(csv.DictReader((out / "mentions.csv").open(encoding="utf-8")))
        assert rows and rows[0]["doc"]
    else:
        pq = pytest.importorskip("pyarrow.parquet")
        assert pq.read_table(out / "mentions.parquet").num_rows > 0
