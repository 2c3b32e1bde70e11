"""Baselines printed beside the system's figures: TF-IDF document similarity and its groups."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def tfidf_cosines(texts: Sequence[str]) -> np.ndarray:
    """Pairwise cosine of TF-IDF vectors (sublinear tf, English stop words removed)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not texts:
        return np.zeros((0, 0))
    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    return np.asarray((matrix @ matrix.T).todense())


def average_link_groups(cosines: np.ndarray, threshold: float) -> list[int]:
    """Group label per row: average-linkage clusters whose mean cosine stays >= ``threshold``."""
    from sklearn.cluster import AgglomerativeClustering

    n = len(cosines)
    if n < 2:
        return [0] * n
    distance = np.clip(1.0 - cosines, 0.0, None)
    model = AgglomerativeClustering(
        n_clusters=None,
        metric="precomputed",
        linkage="average",
        distance_threshold=1.0 - threshold,
    )
    return [int(x) for x in model.fit_predict(distance)]
