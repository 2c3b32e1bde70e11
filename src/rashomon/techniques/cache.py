"""Per-article caches of the slow parts (tagger probabilities), for cross-validation.

The tagger reads every sentence of an article as one text (``tag_pre`` 0), so its character
probabilities depend only on the article and the tagger member: they are computed once per
article and member and stored as float16 ``.npz`` files, keyed by a digest of the text and of
the member's weights file, so a changed article or tagger is never read from a stale entry.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.techniques.data import Article
from rashomon.techniques.tokens import tokenize

DEFAULT_CACHE = Path.home() / ".cache" / "rashomon" / "techniques"


def _digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:16]


def member_keys(folder: Path) -> list[str]:
    """One key per tagger member saved in ``folder`` (a digest of its weights)."""
    from rashomon.techniques.tagger import member_files

    files = [p for p in member_files(folder) if p.suffix == ".safetensors"]
    files.sort(key=lambda p: int(p.stem.rpartition("-")[2]) if "-" in p.stem else 1)
    return [_digest(p.read_bytes()) for p in files]


def tagged_range(text: str) -> tuple[int, int]:
    """The characters the tagger reads: first token's start to last token's end."""
    tokens = tokenize(text)
    if not len(tokens):
        return 0, 0
    return tokens.starts[0], tokens.ends[-1]


def member_probs(
    articles: Sequence[Article],
    folder: Path,
    cache: Path = DEFAULT_CACHE,
    log: Callable[[str], None] = lambda _: None,
) -> dict[str, list[np.ndarray]]:
    """Per article id, each tagger member's character probabilities over the whole text.

    Entries missing from ``cache`` are computed (float32 tagger, as the inference path runs)
    and written; probabilities outside ``tagged_range`` are 0.
    """
    keys = member_keys(folder)
    cache.mkdir(parents=True, exist_ok=True)
    out: dict[str, list[np.ndarray]] = {}
    todo: list[Article] = []
    for article in articles:
        path = cache / f"{_digest(article.text.encode())}-{'-'.join(keys)}.npz"
        if path.is_file():
            with np.load(path) as stored:
                out[article.id] = [stored[f"m{i}"].astype(np.float32) for i in range(len(keys))]
        else:
            todo.append(article)
    if todo:
        ensemble = _ensemble(folder)
        for n, article in enumerate(todo, 1):
            start, end = tagged_range(article.text)
            probs = []
            for member in ensemble.members:
                full = np.zeros(len(article.text) + 1, dtype=np.float32)
                if end > start:
                    full[start : end + 1] = member.char_probs([article.text[start:end]])[0]
                probs.append(full)
            path = cache / f"{_digest(article.text.encode())}-{'-'.join(keys)}.npz"
            arrays: dict[str, Any] = {f"m{i}": p.astype(np.float16) for i, p in enumerate(probs)}
            np.savez_compressed(path, **arrays)
            out[article.id] = probs
            log(f"tagged {n}/{len(todo)} ({article.id})")
    return out


def _ensemble(folder: Path) -> Any:
    from rashomon.techniques.tagger import Ensemble

    return Ensemble.load(folder)
