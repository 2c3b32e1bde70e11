"""Alias tables: a small built-in table of world knowledge, plus a user-editable YAML file.

The user file is ``rashomon.aliases.yaml`` beside the store (or in the working directory), or
the file named by the ``RASHOMON_ALIASES`` environment variable. Its shape::

    actors:
      - name: Government of Veskaria      # canonical name
        type: state                       # person, organisation, state, armed_group, collective, place
        parent: Veskaria                  # optional, a canonical name
        aliases: [the government in Soren, Soren]
    split:
      - [Harlin Observer, Harlin]         # names that must never be merged
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rashomon.errors import ConfigError

FILE_NAME = "rashomon.aliases.yaml"
ENV_VAR = "RASHOMON_ALIASES"
ACTOR_TYPES = {"person", "organisation", "state", "armed_group", "collective", "place", "other"}

# Generic world knowledge only: demonyms, capitals used as metonyms, well-known acronyms.
BUILTIN: list[dict[str, Any]] = [
    {
        "name": "United States",
        "type": "state",
        "aliases": [
            "US",
            "U.S.",
            "USA",
            "U.S.A.",
            "America",
            "American",
            "Americans",
            "Washington",
            "United States of America",
        ],
    },  # noqa: E501
    # A state's institutions are actors of their own under it, never merged into it.
    {"name": "White House", "type": "organisation", "parent": "United States", "aliases": []},
    {
        "name": "US Congress",
        "type": "organisation",
        "parent": "United States",
        "aliases": ["U.S. Congress"],
    },
    {
        "name": "US Senate",
        "type": "organisation",
        "parent": "US Congress",
        "aliases": ["U.S. Senate"],
    },
    {
        "name": "US House of Representatives",
        "type": "organisation",
        "parent": "US Congress",
        "aliases": ["U.S. House", "U.S. House of Representatives"],
    },
    {
        "name": "Pentagon",
        "type": "organisation",
        "parent": "United States",
        "aliases": ["the Pentagon", "US Department of Defense"],
    },  # noqa: E501
    {
        "name": "Russia",
        "type": "state",
        "aliases": ["Russian", "Russians", "Moscow", "Russian Federation"],
    },  # noqa: E501
    {"name": "Kremlin", "type": "organisation", "parent": "Russia", "aliases": ["the Kremlin"]},
    {
        "name": "United Kingdom",
        "type": "state",
        "aliases": ["UK", "U.K.", "Britain", "British", "Great Britain", "London"],
    },  # noqa: E501
    {"name": "France", "type": "state", "aliases": ["French", "Paris"]},
    {"name": "China", "type": "state", "aliases": ["Chinese", "Beijing"]},
    {"name": "Syria", "type": "state", "aliases": ["Syrian", "Damascus", "Syrian Arab Republic"]},
    {"name": "Iran", "type": "state", "aliases": ["Iranian", "Iranians", "Tehran"]},
    {"name": "Israel", "type": "state", "aliases": ["Israeli", "Israelis"]},
    {"name": "Turkey", "type": "state", "aliases": ["Turkish", "Turks", "Ankara", "Türkiye"]},
    {"name": "Ukraine", "type": "state", "aliases": ["Ukrainian", "Ukrainians", "Kyiv", "Kiev"]},
    {"name": "Saudi Arabia", "type": "state", "aliases": ["Saudi", "Saudis", "Riyadh"]},
    {"name": "United Nations", "type": "organisation", "aliases": ["UN", "U.N."]},
    {
        "name": "UN Security Council",
        "type": "organisation",
        "parent": "United Nations",
        "aliases": ["Security Council", "the UN Security Council", "UNSC"],
    },  # noqa: E501
    {
        "name": "NATO",
        "type": "organisation",
        "aliases": ["Nato", "North Atlantic Treaty Organization"],
    },  # noqa: E501
    {"name": "European Union", "type": "organisation", "aliases": ["EU", "E.U."]},
    {
        "name": "Islamic State",
        "type": "armed_group",
        "aliases": [
            "IS",
            "ISIS",
            "ISIL",
            "Daesh",
            "Islamic State of Iraq and the Levant",
            "Islamic State of Iraq and Syria",
        ],
    },  # noqa: E501
    {
        "name": "al-Qaeda",
        "type": "armed_group",
        "aliases": ["al Qaeda", "al-Qaida", "al-Queda", "Al Qaeda", "Qaeda"],
    },  # noqa: E501
    {
        "name": "al-Nusra Front",
        "type": "armed_group",
        "aliases": [
            "Nusra Front",
            "Nusrah Front",
            "Jabhat al-Nusra",
            "al-Nusra",
            "Al Nusra Front",
            "Jabhat al-Nusrah",
        ],
    },  # noqa: E501
    {"name": "Hayat Tahrir al-Sham", "type": "armed_group", "aliases": ["HTS", "Tahrir al-Sham"]},
    {"name": "Hezbollah", "type": "armed_group", "aliases": ["Hizbollah", "Hizballah"]},
    {"name": "Hamas", "type": "armed_group", "aliases": []},
]


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
        for entry in BUILTIN:
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
    digest = hashlib.sha256(json.dumps(BUILTIN, sort_keys=True).encode("utf-8"))
    digest.update(path.read_bytes() if path is not None else b"")
    return digest.hexdigest()[:16]
