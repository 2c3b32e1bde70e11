"""Coreference metrics over clusters of mention keys: MUC, B-cubed, CEAF-e and their CoNLL mean.

Clusters are sets of hashable mention keys. Mentions present in one partition and not the other
count as singletons there (the usual treatment when scoring on gold mentions).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import numpy as np

Clusters = list[set[Hashable]]


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _prf(num_p: float, den_p: float, num_r: float, den_r: float) -> tuple[float, float, float]:
    p = num_p / den_p if den_p else 0.0
    r = num_r / den_r if den_r else 0.0
    return p, r, _f1(p, r)


def _owner(clusters: Clusters) -> dict[Hashable, int]:
    return {m: n for n, c in enumerate(clusters) for m in c}


def _muc_side(key: Clusters, response: Clusters) -> tuple[float, float]:
    """Sum of |K| - partitions(K by response) and of |K| - 1 (Vilain et al. 1995)."""
    owner = _owner(response)
    num = den = 0.0
    for cluster in key:
        parts = {owner.get(m, ("single", m)) for m in cluster}
        num += len(cluster) - len(parts)
        den += len(cluster) - 1
    return num, den


def muc(key: Clusters, response: Clusters) -> tuple[float, float, float]:
    """Link-based MUC precision, recall, F1."""
    nr, dr = _muc_side(key, response)
    np_, dp = _muc_side(response, key)
    return _prf(np_, dp, nr, dr)


def _b3_side(key: Clusters, response: Clusters) -> tuple[float, float]:
    owner = _owner(response)
    num = den = 0.0
    for cluster in key:
        for m in cluster:
            other = response[owner[m]] if m in owner else {m}
            num += len(cluster & other) / len(cluster)
            den += 1
    return num, den


def b_cubed(key: Clusters, response: Clusters) -> tuple[float, float, float]:
    """Mention-based B-cubed precision, recall, F1 (Bagga and Baldwin 1998)."""
    nr, dr = _b3_side(key, response)
    np_, dp = _b3_side(response, key)
    return _prf(np_, dp, nr, dr)


def ceaf_e(key: Clusters, response: Clusters) -> tuple[float, float, float]:
    """Entity-based CEAF with phi4 similarity and an optimal one-to-one alignment (Luo 2005)."""
    from scipy.optimize import linear_sum_assignment

    if not key or not response:
        return 0.0, 0.0, 0.0
    sim = np.array(
        [[2 * len(k & r) / (len(k) + len(r)) for r in response] for k in key], dtype=float
    )
    rows, cols = linear_sum_assignment(-sim)
    total = float(sim[rows, cols].sum())
    return _prf(total, len(response), total, len(key))


def with_singletons(clusters: Clusters, mentions: Iterable[Hashable]) -> Clusters:
    """Add every mention missing from ``clusters`` as its own cluster."""
    covered = {m for c in clusters for m in c}
    return [set(c) for c in clusters] + [{m} for m in mentions if m not in covered]


def conll(key: Clusters, response: Clusters) -> dict[str, float]:
    """MUC, B3 and CEAF-e F1 and their mean (the CoNLL-2012 score), on the union of mentions."""
    mentions = sorted({m for c in key + response for m in c}, key=repr)
    key, response = with_singletons(key, mentions), with_singletons(response, mentions)
    scores = {
        "muc": muc(key, response)[2],
        "b3": b_cubed(key, response)[2],
        "ceaf_e": ceaf_e(key, response)[2],
    }
    scores["conll"] = sum(scores.values()) / 3
    return {k: round(v, 4) for k, v in scores.items()}
