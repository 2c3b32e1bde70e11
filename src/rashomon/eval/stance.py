"""Score stances against BASIL's per-article author feelings toward each main entity.

BASIL (see ``../shared/data/dev/basil/NOTICE.md``) gives, for each article, the author's
feeling toward each main entity (``neg``/``neu``/``pos``, possibly ``str-``). A gold pair is
(article, entity); the system's value is the stance of that article toward the actor the entity
names (its per-document score when the stance item carries one, else the outlet's score).
Printed beside the system, from the same gold pairs: the constant answers "always negative",
"always neutral" and "always positive".
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rashomon.store.base import Store

FEELING = {"str-neg": -1, "neg": -1, "neu": 0, "pos": 1, "str-pos": 1}
NEUTRAL_CUT = 0.1  # |score| below this is read as neutral
_STOP = frozenset({"the", "of", "and", "party", "mr", "mrs", "ms", "president", "house", "new"})


def load_basil(path: Path | str) -> list[dict[str, Any]]:
    """The BASIL JSONL records, one article a line."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def gold_pairs(records: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
    """(article id, entity name with spaces, -1/0/+1) for every annotated author feeling."""
    return [
        (r["id"], entity.replace("_", " "), FEELING[value])
        for r in records
        for entity, value in sorted((r.get("feelings") or {}).items())
        if value in FEELING
    ]


def name_tokens(name: str) -> set[str]:
    """Lower-case content tokens of a name ("Vance Holloway" -> {"vance", "holloway"})."""
    words = {w for w in re.findall(r"[a-z]+", name.lower()) if len(w) > 2}
    stems = {w[:-1] if w.endswith("s") and len(w) > 4 else w for w in words}
    return stems - _STOP


def actor_index(store: Store) -> dict[str, dict[str, set[str]]]:
    """Document -> actor id -> the content tokens of that actor's mentions in the document."""
    links = store.actor_links()
    index: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for mention in store.items("mentions"):
        actor = links.get(mention.id)
        if actor:
            index[mention.doc][actor] |= name_tokens(mention.text)
    return index


def match_actor(entity: str, actors: dict[str, set[str]], counts: Counter[str]) -> str | None:
    """The actor of the document whose mentions share most name tokens with ``entity``
    (ties: the most mentioned); None when no actor shares one."""
    wanted = name_tokens(entity)
    scored = [(len(wanted & toks), counts[a], a) for a, toks in actors.items() if wanted & toks]
    return max(scored)[2] if scored else None


def system_scores(store: Store) -> dict[tuple[str, str], float]:
    """(document, actor) -> stance score: per-document scores when stored, else the outlet's."""
    outlet_of = {d.id: d.outlet or d.id for d in store.documents()}
    by_outlet: dict[tuple[str, str], float] = {}
    scores: dict[tuple[str, str], float] = {}
    for stance in store.linked("stances"):
        fields = stance.fields
        by_outlet[(fields["outlet"], fields["actor"])] = float(fields["score"])
        for row in fields.get("documents") or []:
            scores[(row["doc"], fields["actor"])] = float(row["score"])
    for doc, outlet in outlet_of.items():
        for (o, actor), value in by_outlet.items():
            if o == outlet:
                scores.setdefault((doc, actor), value)
    return scores


def align(store: Store, records: list[dict[str, Any]]) -> list[tuple[str, str, int, str | None]]:
    """(article, entity, gold value, matched actor or None) for every gold pair."""
    index = actor_index(store)
    links = store.actor_links()
    counts: Counter[str] = Counter(links.values())
    return [
        (doc, entity, value, match_actor(entity, index.get(doc, {}), counts))
        for doc, entity, value in gold_pairs(records)
    ]


def sign(value: float, cut: float = NEUTRAL_CUT) -> int:
    """-1, 0 or +1, with ``|value| < cut`` neutral."""
    return 0 if abs(value) < cut else (1 if value > 0 else -1)


def score_pairs(gold: list[int], predicted: list[float]) -> dict[str, Any]:
    """Sign accuracy on non-neutral gold, 3-way accuracy, Spearman, and how often each class."""
    from scipy.stats import spearmanr

    signed = [(g, p) for g, p in zip(gold, predicted, strict=True) if g != 0]
    sign_acc = sum(1 for g, p in signed if sign(p, 1e-9) == g) / len(signed) if signed else 0.0
    three = sum(1 for g, p in zip(gold, predicted, strict=True) if sign(p) == g)
    rho = float("nan")
    if len(set(predicted)) > 1 and len(set(gold)) > 1:
        rho = float(spearmanr(gold, predicted).statistic)
    return {
        "n": len(gold),
        "non_neutral": len(signed),
        "sign_accuracy": round(sign_acc, 4),
        "accuracy3": round(three / len(gold), 4) if gold else 0.0,
        "spearman": round(rho, 4),
        "predicted": dict(Counter(sign(p) for p in predicted)),
    }


def evaluate_stance(
    store: Store,
    records: list[dict[str, Any]],
    scores: dict[tuple[str, str], float] | None = None,
) -> dict[str, Any]:
    """System and constant-baseline figures on the covered pairs and on all pairs (an
    uncovered pair counts as the system answering neutral)."""
    scores = system_scores(store) if scores is None else scores
    aligned = align(store, records)
    covered = [(g, scores[(d, a)]) for d, _, g, a in aligned if a and (d, a) in scores]
    everything = [(g, scores.get((d, a or ""), 0.0)) for d, _, g, a in aligned]
    return {
        "pairs": len(aligned),
        "matched": sum(1 for *_, a in aligned if a),
        "covered": len(covered),
        "gold": dict(Counter(g for _, _, g, _ in aligned)),
        "system_covered": _with_baselines(covered),
        "system_all": _with_baselines(everything),
    }


def _with_baselines(pairs: list[tuple[int, float]]) -> dict[str, dict[str, Any]]:
    gold = [g for g, _ in pairs]
    constant: dict[str, Callable[[int], float]] = {
        "always negative": lambda _: -1.0,
        "always neutral": lambda _: 0.0,
        "always positive": lambda _: 1.0,
    }
    rows = {"system": score_pairs(gold, [p for _, p in pairs])}
    for name, guess in constant.items():
        rows[name] = score_pairs(gold, [guess(g) for g in gold])
    return rows
