"""``rashomon eval stance FILE``: BASIL-shaped JSONL in, figures with constant baselines out."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

TEXTS = {
    "fox": "Senator Mara Quill, the reckless demagogue, blocked the water bill on Monday. "
    "Quill said the bill was too costly. Critics called Quill a liar and a crook.",
    "nyt": "Senator Mara Quill voted against the water bill on Monday. Quill said the bill "
    "cost too much. Governor Tom Brekke said he would sign a smaller bill.",
    "hpo": "The water bill failed on Monday after Senator Mara Quill voted no. Quill said "
    "the bill was too costly, and Governor Tom Brekke promised a new one.",
}


def _records() -> list[dict]:
    records = []
    for triplet in ("t1", "t2"):
        for outlet, text in TEXTS.items():
            records.append(
                {
                    "id": f"{triplet}_{outlet}",
                    "triplet": triplet,
                    "outlet": outlet,
                    "date": "2019-03-04",
                    "title": "",
                    "text": text,
                    "feelings": {"Mara_Quill": "neg" if outlet == "fox" else "neu"},
                    "phrases": [],
                }
            )
    return records


def test_eval_stance_prints_the_figures_the_constants_and_the_cue_choice(tmp_path: Path):
    from rashomon.cli import app

    gold = tmp_path / "basil.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in _records()) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "stance", str(gold), "--cv", "2"])
    assert result.exit_code == 0, result.output
    assert "gold pairs 6" in result.output
    for row in ("always negative", "always neutral", "always positive"):
        assert row in result.output
    assert "min_article_cues chosen per fold (on the other folds) [" in result.output
    assert "model + cues, 2-fold CV by triplet" in result.output
    assert "3-way accuracy per held-out fold" in result.output
