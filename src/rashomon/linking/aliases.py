"""Alias tables: the built-in world knowledge of lang/en/actors_aliases.yaml, plus the user's file.

The user file is ``rashomon.aliases.yaml`` beside the store (or in the working directory), or
the file named by the ``RASHOMON_ALIASES`` environment variable. Its shape::

    actors:
      - name: Government of Ostland       # canonical name
        type: state                       # person, organisation, state, armed_group, collective, place
        parent: Ostland                   # optional, a canonical name
        aliases: [the government in Brelka, Brelka]
    split:
      - [Brelka Courier, Brelka]          # names that must never be merged
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rashomon import lang
from rashomon.errors import ConfigError

FILE_NAME = "rashomon.aliases.yaml"
ENV_VAR = "RASHOMON_ALIASES"
ACTOR_TYPES = {"person", "organisation", "state", "armed_group", "collective", "place", "other"}

# Generic world knowledge only (demonyms, capitals used as metonyms, well-known organisations
# and armed groups): the documented, user-editable data file lang/en/actors_aliases.yaml.
BUILTIN_FILE = "actors_aliases"


def builtin_entries() -> list[dict[str, Any]]:
    """The built-in actor entries of ``lang/en/actors_aliases.yaml``."""
    data = lang.table(BUILTIN_FILE)
    entries = data.get("actors", []) if isinstance(data, dict) else []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(f"{BUILTIN_FILE}.yaml: 'actors' must be a list of mappings")
    return entries


@dataclass
class AliasTable:
    """Alias key -> canonical name, canonical name -> type/parent, and forced splits."""

    canonical: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)
    splits: list[tuple[str, str]] = field(default_factory=list)

    def add(self, entry: dict[str, Any], source: str) -> None:
        """Add one actor entry (name, type, parent, aliases)."""
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{source}: every actor needs a 'name'")
        kind = entry.get("type")
        if kind is not None and kind not in ACTOR_TYPES:
            raise ConfigError(f"{source}: {name}: unknown type {kind!r}")
        for alias in [name, *entry.get("aliases", [])]:
            self.canonical[alias_key(str(alias))] = name
        if kind:
            self.types[name] = kind
        if entry.get("parent"):
            self.parents[name] = str(entry["parent"])


def alias_key(name: str) -> str:
    """A matching key: lower case, straight apostrophes, no 'the', no possessive, single spaces."""
    key = name.strip().replace("’", "'").replace("‘", "'")
    key = re.sub(r"'s?$", "", key)
    key = re.sub(r"^(the|a|an)\s+", "", key, flags=re.I)
    key = re.sub(r"[\s\u00a0]+", " ", key).strip(" .,'\"“”")
    return key.lower()


def find_alias_file(store_path: str | None = None) -> Path | None:
    """The user's alias file: $RASHOMON_ALIASES, then beside the store, then in the cwd."""
    env = os.environ.get(ENV_VAR)
    if env:
        path = Path(env)
        if not path.is_file():
            raise ConfigError(f"{ENV_VAR}={env}: no such alias file")
        return path
    places = [Path(store_path).resolve().parent] if store_path else []
    places.append(Path.cwd())
    for place in places:
        if (place / FILE_NAME).is_file():
            return place / FILE_NAME
    return None


def load_aliases(path: Path | None = None, *, builtin: bool = True) -> AliasTable:
    """The built-in table, overridden by the user's file when there is one."""
    table = AliasTable()
    if builtin:
        for entry in builtin_entries():
            table.add(entry, "built-in aliases")
    if path is None:
        return table
    import yaml

    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: cannot read alias file ({exc})") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping with 'actors' and/or 'split'")
    for entry in data.get("actors", []) or []:
        table.add(entry if isinstance(entry, dict) else {}, str(path))
    for pair in data.get("split", []) or []:
        if not (isinstance(pair, list) and len(pair) == 2):
            raise ConfigError(f"{path}: each 'split' entry is a pair of names")
        table.splits.append((alias_key(str(pair[0])), alias_key(str(pair[1]))))
    return table


def fingerprint(path_or_store_dir: str | Path | None = None) -> str:
    """A hash of the aliases in effect: the built-in table and the user's file.

    Give the alias file itself, the folder it sits in, or the store's path (the file is then
    looked up as the linker does); a change of either part changes the fingerprint.
    """
    path: Path | None = None
    if path_or_store_dir is not None and Path(path_or_store_dir).is_dir():
        candidate = Path(path_or_store_dir) / FILE_NAME
        path = candidate if candidate.is_file() else find_alias_file(None)
    elif path_or_store_dir is not None and str(path_or_store_dir).endswith((".yaml", ".yml")):
        path = Path(path_or_store_dir) if Path(path_or_store_dir).is_file() else None
    else:
        path = find_alias_file(str(path_or_store_dir) if path_or_store_dir else None)
    digest = hashlib.sha256(json.dumps(builtin_entries(), sort_keys=True).encode("utf-8"))
    digest.update(path.read_bytes() if path is not None else b"")
    return digest.hexdigest()[:16]
