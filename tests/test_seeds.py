"""The five real seed articles (when ../shared is present): metadata from their text, exact spans."""

from __future__ import annotations

import json

from rashomon.analyze import analyze
from rashomon.export import build_export
from rashomon.store import open_store


def test_seeds_analyse_with_metadata_and_exact_spans(seeds_dir, tmp_path, pipeline):
    with open_store(str(tmp_path / "s.db")) as store:
        report = analyze([str(seeds_dir)], store, pipeline=pipeline)
        export = build_export(store)
    assert len(report.analysed) == 5 and not report.problems
    docs = {d["id"].split("_")[0]: d for d in export["documents"]}
    assert docs["003"]["date"] == "2016-09-30"
    assert docs["003"]["url"].startswith("https://fifthinternational.org/")
    assert docs["003"]["outlet"] == "fifthinternational.org"
    assert docs["003"]["title"].startswith("Statement on the Assault")
    assert docs["004"]["date"] == "2024-12-04"
    assert docs["001"]["title"].startswith("Victory to Syria")
    assert docs["002"]["title"] == "Syrian Army poised for victory in Aleppo"
    texts = {d["id"]: d["text"] for d in export["documents"]}
    for kind, items in export.items():
        if isinstance(items, list) and kind not in ("documents", "actors"):
            for item in items:
                assert texts[item["doc"]][item["start"] : item["end"]] == item["text"]
    json.dumps(export)  # serialisable
