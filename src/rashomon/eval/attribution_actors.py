"""Actor resolution on real news: do the linker's merges join the same person, and only them?

Gold, per person mention (spaCy tagged it PERSON): a full name (two to four capitalised words
once titles, initials and possessives are dropped) is its own normalised self; a lone surname
is the one full name of the same article that ends with it (BASIL's ``main_entities`` of the
article and the article's own full-name mentions), and has no gold when none or several fit.
Mentions without gold are left out. Scores are pairwise precision/recall/F1 over mention pairs
(a pair is merged when both mentions link to one actor) and B-cubed precision/recall, beside
the baseline that merges exactly equal normalised names. ``impure`` counts actors that hold
two or more different gold full names (the issue asks for none).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from rashomon.document import Item
from rashomon.eval.attribution import Article, Linked
from rashomon.eval.spans import prf
from rashomon.mentions.roles import PERSON_ROLES, TITLES

SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
NAME_WORD = re.compile(r"^[A-Z][\w’'-]*\.?$")
ABBREVIATED_TITLES = {"rep", "sen", "gov", "gen", "col", "lt", "sgt", "capt", "atty", "rev"}


def clean_name(text: str) -> list[str]:
    """The words of a person's name without titles, initials and a possessive, lower case."""
    text = re.sub(r"[’']s$", "", text.strip())
    words = text.split()
    drop = TITLES | PERSON_ROLES | ABBREVIATED_TITLES
    while len(words) > 1 and words[0].lower().rstrip(".") in drop:
        words.pop(0)
    if not all(NAME_WORD.match(w) for w in words):
        return []
    kept = [w.lower().rstrip(".,") for w in words if len(w.rstrip(".")) > 1]
    return kept


def full_name(words: list[str]) -> str | None:
    """A full name's key (first name, surname, suffix: middle names and initials vary), or
    None when the words are not two to four name words."""
    core = [w for w in words if w not in SUFFIXES]
    if not 2 <= len(core) <= 4:
        return None
    return " ".join([core[0], core[-1], *sorted(w for w in words if w in SUFFIXES)])


def gold_labels(mentions: list[Item], articles: list[Article]) -> dict[str, str]:
    """Mention id -> gold full name, for the person mentions that have one."""
    extra = {a.id: a.extra.get("main_entities", []) for a in articles}
    by_doc: dict[str, list[Item]] = defaultdict(list)
    for m in mentions:
        if m.fields.get("label") == "PERSON":
            by_doc[m.doc].append(m)
    gold: dict[str, str] = {}
    for doc, items in by_doc.items():
        names = {m.id: clean_name(m.text) for m in items}
        fulls = {full_name(w) for w in names.values()} | {
            full_name(clean_name(e)) for e in extra.get(doc, [])
        }
        fulls.discard(None)
        for m in items:
            words = names[m.id]
            key = full_name(words)
            if key is None and len(words) == 1:
                fits = {f for f in fulls if f and f.split()[-1] == words[0]}
                fits |= {f for f in fulls if f and f.split()[-2:-1] == words and _suffixed(f)}
                key = next(iter(fits)) if len(fits) == 1 else None
            if key is not None:
                gold[m.id] = key
    return gold


def _suffixed(name: str) -> bool:
    return name.split()[-1] in SUFFIXES


def score_merges(pred: dict[str, str], gold: dict[str, str]) -> dict[str, Any]:
    """Pairwise P/R/F1 and B-cubed P/R of a mention -> cluster map against gold."""
    cells: Counter[tuple[str, str]] = Counter((pred[m], g) for m, g in gold.items() if m in pred)
    pred_sizes: Counter[str] = Counter()
    gold_sizes: Counter[str] = Counter()
    for (p, g), n in cells.items():
        pred_sizes[p] += n
        gold_sizes[g] += n
    pairs = sum(n * (n - 1) // 2 for n in cells.values())
    out = prf(
        pairs,
        sum(n * (n - 1) // 2 for n in pred_sizes.values()),
        pairs,
        sum(n * (n - 1) // 2 for n in gold_sizes.values()),
    )
    total = sum(cells.values()) or 1
    out["b3_precision"] = sum(n * n / pred_sizes[p] for (p, _), n in cells.items()) / total
    out["b3_recall"] = sum(n * n / gold_sizes[g] for (_, g), n in cells.items()) / total
    names: dict[str, set[str]] = defaultdict(set)
    for p, g in cells:
        if " " in g:
            names[p].add(g)
    out["impure"] = sum(1 for v in names.values() if len(v) > 1)
    out["impure_examples"] = sorted(
        (sorted(v) for v in names.values() if len(v) > 1), key=len, reverse=True
    )[:8]
    out["mentions"] = sum(cells.values())
    return out


def evaluate_actors(linked: Linked, articles: list[Article]) -> dict[str, dict[str, Any]]:
    """The linker's merges and the exact-name baseline, scored on the same gold."""
    gold = gold_labels(linked.mentions, articles)
    ours = {m: linked.links[m] for m in gold if m in linked.links}
    texts = {m.id: " ".join(clean_name(m.text)) or m.text.lower() for m in linked.mentions}
    baseline = {m: texts[m] for m in gold}
    return {"rashomon": score_merges(ours, gold), "exact name": score_merges(baseline, gold)}
