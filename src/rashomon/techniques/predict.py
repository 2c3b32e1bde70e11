"""Applying a technique model to article folders and label templates, and scoring it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rashomon.errors import InputError
from rashomon.techniques.data import Article
from rashomon.techniques.metrics import SIScore, TCScore, score_si, score_tc
from rashomon.techniques.model import TechniqueModel

SIRow = tuple[str, int, int]
TCRow = tuple[str, str, int, int]


def predict_si(model: TechniqueModel, texts: Mapping[str, str]) -> list[SIRow]:
    """``(id, start, end)`` of every detected span, articles in id order."""
    return [
        (article_id, start, end)
        for article_id in sorted(texts)
        for start, end, _ in model.find_spans(texts[article_id])
    ]


def predict_tc(
    model: TechniqueModel, texts: Mapping[str, str], template: Sequence[TCRow]
) -> list[TCRow]:
    """Fill the label of each template row; a span listed k times gets its k best techniques."""
    by_article: dict[str, list[tuple[int, int]]] = {}
    for article_id, _, start, end in template:
        if article_id not in texts:
            raise InputError(article_id, "template names an article that is not in the folder")
        by_article.setdefault(article_id, []).append((start, end))
    ranked: dict[tuple[str, int, int], list[str]] = {}
    for article_id, spans in by_article.items():
        unique = sorted(set(spans))
        for span, ranking in zip(unique, model.rank(texts[article_id], unique), strict=True):
            ranked[(article_id, *span)] = [name for name, _ in ranking]
    seen: dict[tuple[str, int, int], int] = {}
    rows = []
    for article_id, _, start, end in template:
        key = (article_id, start, end)
        nth = seen.get(key, 0)
        seen[key] = nth + 1
        names = ranked[key]
        rows.append((article_id, names[min(nth, len(names) - 1)], start, end))
    return rows


def evaluate(model: TechniqueModel, articles: Sequence[Article]) -> tuple[SIScore, TCScore]:
    """SI scores on the articles' SI gold, TC scores on their TC gold spans."""
    texts = {a.id: a.text for a in articles}
    pred_si: dict[str, list[tuple[int, int]]] = {}
    for article_id, start, end in predict_si(model, texts):
        pred_si.setdefault(article_id, []).append((start, end))
    si = score_si(pred_si, {a.id: a.si for a in articles})
    gold_tc = [(a.id, t, s, e) for a in articles for t, s, e in a.tc]
    tc = score_tc(predict_tc(model, texts, gold_tc), gold_tc)
    return si, tc
