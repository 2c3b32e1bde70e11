"""The learned pairwise event-coreference model on ECB+, for ``eval ecb``'s table.

Clusters the gold mentions (and, end to end, the predicted triggers) with the shipped model
(``events/coref_model.json``) within the stories linker's document groups, whatever linker
method the stored stories were made with, so the model is compared with the baselines in the
same run even when the linker does not use it.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from rashomon.eval.coref import conll
from rashomon.eval.ecb import EcbDoc, Key
from rashomon.store.base import Store


def pairwise_rows(
    store: Store,
    docs: list[EcbDoc],
    gold: dict[Key, str],
    predicted: list[Key],
    as_gold: dict[Key, Key],
) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """CoNLL rows (end to end, on gold mentions) of the model's clusters; None without one."""
    from rashomon.events.coref import MODEL_PATH, CorefModel, cluster
    from rashomon.events.coref_train import Vectors, span_mentions
    from rashomon.linking.embeddings import get_embedder
    from rashomon.linking.stories import document_groups

    if not MODEL_PATH.exists():
        return None
    model = CorefModel.load()
    embedder = get_embedder()
    groups = document_groups(store, {d.id: d for d in store.documents()}, embedder)
    vectors = Vectors(embedder)
    by_id = {d.id: d for d in docs}
    key = _groups(list(gold), [gold[k] for k in gold])

    def labels(keys: list[Key]) -> list[Hashable]:
        spans = [(by_id[k[0]], k[1], k[2]) for k in keys]
        return list(cluster(span_mentions(store, spans, vectors, groups), model))

    on_gold = _groups(list(gold), labels(list(gold)))
    e2e = _groups([as_gold.get(k, k) for k in predicted], labels(predicted))
    return conll(key, e2e), conll(key, on_gold)


def _groups(keys: list[Key], labels: list[Hashable]) -> list[set[Hashable]]:
    out: dict[Hashable, set[Hashable]] = {}
    for k, label in zip(keys, labels, strict=True):
        out.setdefault(label, set()).add(k)
    return list(out.values())
