"""``techniques eval --cv --si-only --write``: the SI choice is stored, TC left alone."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from rashomon.techniques.cv import Selection
from rashomon.techniques.cv_report import MIX_KEYS, TAG_KEYS, apply_choice, report_lines
from rashomon.techniques.metrics import SIScore
from rashomon.techniques.model import default_model


def _selection(token: float) -> Selection:
    params = {k: 0.0 for k in TAG_KEYS + MIX_KEYS} | {"sentence": 0.3, "token": token, "gap": 1.0}
    score = SIScore(0.5, 0.5, 0.5, 10, 10)
    return Selection(params, [0.0] * 10, [0.5] * 5, score, [0.4] * 5, score)


def test_si_only_choice_is_written_without_touching_tc(tmp_path: Path) -> None:
    shipped = default_model()
    model = replace(shipped, tagger_dir=None, params=dict(shipped.params))
    result = {"shipped": model, "si": _selection(0.45), "si_tag": _selection(0.65)}
    # no TC selection: the PTC data is never read (the folder does not exist)
    apply_choice(result, tmp_path, tmp_path / "no-such-data", lambda _: None)
    params = json.loads((tmp_path / "meta.json").read_text())["params"]
    assert params["token"] == 0.45 and params["tag_token"] == 0.65
    assert params["slope"] == 0.0 and params["tag_slope"] == 0.0
    for key in ("tc_context", "tc_head", "tc_prior", "tc_sentence", "tc_repeat"):
        assert params[key] == shipped.params[key]
    lines = report_lines(result, 11)
    assert any(line.startswith("SI taggers + heads: CV choice") for line in lines)
    assert not any(line.startswith("TC") for line in lines)
