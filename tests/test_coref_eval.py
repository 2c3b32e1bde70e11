"""Coreference metrics on hand-made cases, and the stories evaluation on the example corpus."""

from __future__ import annotations

from rashomon.eval.coref import b_cubed, ceaf_e, conll, muc


def test_perfect_and_split():
    key = [{1, 2, 3}, {4, 5}]
    assert conll(key, key)["conll"] == 1.0
    p, r, f = muc(key, [{1, 2}, {3}, {4, 5}])
    assert p == 1.0 and abs(r - 2 / 3) < 1e-9
    p, r, _ = b_cubed(key, [{1, 2, 3, 4, 5}])
    assert r == 1.0 and abs(p - (3 * 3 / 5 + 2 * 2 / 5) / 5) < 1e-9
    p, r, _ = ceaf_e([{1, 2}], [{1}, {2}])
    assert abs(p - (2 / 3) / 2) < 1e-9 and abs(r - 2 / 3) < 1e-9


def test_all_singletons_score_zero_muc():
    assert muc([{1, 2}], [{1}, {2}])[2] == 0.0
