"""Language data as data: word lists, tables and patterns per language, matched on lemmas.

Each language is a folder (``rashomon/lang/en/``) of plain files a user can read and edit:

- ``<name>.txt``: one entry per line (a lemma or a lower-case phrase); ``#`` starts a comment.
- ``<name>.yaml``: a table (mapping or list) for data with structure (number words, months...).
- ``<name>.jsonl``: spaCy ``Matcher``/``DependencyMatcher``/``SpanRuler`` patterns, one a line.

``RASHOMON_LANG_DIR`` (or the ``lang.data_dir`` setting) names a folder whose files replace the
packaged ones of the same name, so a user can adapt a list without editing the package.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from rashomon.errors import ConfigError

DEFAULT_LANGUAGE = "en"
OVERRIDE_ENV = "RASHOMON_LANG_DIR"


def data_path(name: str, lang: str = DEFAULT_LANGUAGE) -> Path:
    """The file behind ``name`` (with its extension): the user's override when there is one."""
    override = os.environ.get(OVERRIDE_ENV)
    if override:
        candidate = Path(override) / lang / name
        if candidate.is_file():
            return candidate
        candidate = Path(override) / name
        if candidate.is_file():
            return candidate
    packaged = resources.files("rashomon.lang").joinpath(lang, name)
    if not packaged.is_file():
        raise ConfigError(f"no language data {name!r} for language {lang!r}")
    return Path(str(packaged))


@lru_cache(maxsize=256)
def words(name: str, lang: str = DEFAULT_LANGUAGE) -> frozenset[str]:
    """The entries of ``<name>.txt``: lower-cased, comments and blank lines dropped."""
    return frozenset(word_list(name, lang))


@lru_cache(maxsize=256)
def word_list(name: str, lang: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """The entries of ``<name>.txt`` in file order (for lists where order matters)."""
    entries: list[str] = []
    for line in data_path(f"{name}.txt", lang).read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip().lower()
        if entry:
            entries.append(entry)
    return tuple(dict.fromkeys(entries))


@lru_cache(maxsize=128)
def table(name: str, lang: str = DEFAULT_LANGUAGE) -> Any:
    """The content of ``<name>.yaml`` (treat it as read-only: it is shared)."""
    # libyaml's loader when PyYAML has it: the same objects, labels_model.yaml 0.53 -> 0.10 s
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with data_path(f"{name}.yaml", lang).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)  # a safe loader either way


@lru_cache(maxsize=64)
def patterns(name: str, lang: str = DEFAULT_LANGUAGE) -> tuple[dict[str, Any], ...]:
    """The patterns of ``<name>.jsonl``, one JSON object a line."""
    path = data_path(f"{name}.jsonl", lang)
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(json.loads(line) for line in lines if line.strip())


def fingerprint(lang: str = DEFAULT_LANGUAGE) -> str:
    """A hash of every data file in effect for ``lang``: part of the stored versions."""
    import hashlib

    digest = hashlib.sha256()
    folder = resources.files("rashomon.lang").joinpath(lang)
    names = sorted(p.name for p in folder.iterdir() if p.name.rsplit(".", 1)[-1] in _KINDS)
    for name in names:
        digest.update(name.encode())
        digest.update(data_path(name, lang).read_bytes())
    return digest.hexdigest()[:16]


_KINDS = {"txt", "yaml", "jsonl"}


def capitalised_only(texts: Iterable[str]) -> frozenset[str]:
    """Lower-cased words the texts only ever write with a capital: names, by the texts' own
    evidence. Learned models drop their features on these, so a shipped model keeps no names
    of the articles it was trained on."""
    capital: set[str] = set()
    lower: set[str] = set()
    for text in texts:
        for word in _WORD.findall(text):
            (capital if word[0].isupper() else lower).add(word.lower())
    return frozenset(capital - lower)


def names_in_feature(feature: str, names: frozenset[str]) -> bool:
    """Whether a ``key=value|value`` feature's values hold one of ``names``."""
    _, sep, value = feature.partition("=")
    return bool(sep) and any(part.lower() in names for part in value.split("|"))


_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]+")
