"""Start-up loading: the techniques model read without joblib's Python unpickler, and the
linear scorers without SciPy, giving the same objects and the same floats as before."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pytest

from rashomon.techniques.linear import LinearModel, _matrix
from rashomon.techniques.model import DEFAULT_DIR, read_joblib


def _same(a: Any, b: Any, where: str = "") -> None:
    assert type(a) is type(b), where
    if isinstance(a, dict):
        assert list(a) == list(b), where
        for key in a:
            _same(a[key], b[key], f"{where}/{key}")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), where
        for x, y in zip(a, b, strict=True):
            _same(x, y, where)
    elif isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape, where
        assert a.tobytes(order="A") == b.tobytes(order="A"), where
        for flag in ("C_CONTIGUOUS", "F_CONTIGUOUS", "WRITEABLE", "OWNDATA"):
            assert a.flags[flag] == b.flags[flag], (where, flag)
    else:
        assert a == b, where


def test_shipped_model_reads_as_joblib_does() -> None:
    path = DEFAULT_DIR / "model.joblib"
    _same(read_joblib(path), joblib.load(path))


@pytest.mark.parametrize("compress", [0, 3, ("gzip", 3)])
def test_joblib_files_read_as_joblib_does(
    tmp_path: Path, compress: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(0)
    state = {
        "features": ["a", "b=c", "no", "1.5"],
        "coef": rng.normal(size=(3, 7)).astype(np.float16),
        "fortran": np.asfortranarray(rng.normal(size=(4, 5))),
        "intercept": rng.normal(size=3),
        "empty": np.zeros((0, 4), dtype=np.float32),
        "scalar": np.array(2.5),
        "classes": [np.str_("x"), np.str_("y")],
        "nested": [{"w": np.arange(5, dtype=np.int64)}, (np.ones(2), 3)],
        "same": None,
    }
    state["same"] = state["intercept"]  # one array referenced twice
    path = tmp_path / "m.joblib"
    joblib.dump(state, path, compress=compress)
    want = joblib.load(path)
    if compress != ("gzip", 3):  # gzip files are left to joblib
        monkeypatch.setattr(joblib, "load", None)
    _same(read_joblib(path), want)


def test_decision_matches_the_sparse_product() -> None:
    rng = np.random.default_rng(1)
    names = [f"f{i}" for i in range(300)]
    vocab = {name: i for i, name in enumerate(names)}
    rows = [list(rng.choice(names, size=int(rng.integers(0, 40)))) for _ in range(200)]
    rows += [[], ["unknown"], names]
    for classes in (["0", "1"], [f"c{i}" for i in range(5)]):
        k = 1 if len(classes) == 2 else len(classes)
        coef = rng.normal(size=(k, len(names))).astype(np.float16).astype(np.float32)
        model = LinearModel(vocab, coef, rng.normal(size=k), classes)
        for batch in (rows, rows[:1], []):
            want = _matrix(batch, vocab) @ coef.T.astype(np.float64) + model.intercept
            want = want[:, 0] if k == 1 else want
            got = model.decision(batch)
            assert got.dtype == want.dtype and got.shape == want.shape
            assert got.tobytes() == want.tobytes()


def test_detecting_imports_neither_joblib_nor_scipy() -> None:
    code = (
        "import sys\n"
        "from rashomon.techniques.model import load_model\n"
        "model = load_model(None, tagger=False)\n"
        "model.detect('They lied and lied again. A disgrace, a total disgrace!')\n"
        "print(sorted(m for m in ('joblib', 'scipy') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
