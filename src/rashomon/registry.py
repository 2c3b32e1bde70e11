"""The one extension mechanism: catalogue registries, filled by built-ins and by plugins alike.

Five registries, one per extension point (as spaCy and thinc keep theirs):

=============  =====================================  ==============================
registry       what is registered under a name        entry-point group for plugins
=============  =====================================  ==============================
``analysers``  an ``Analyser`` subclass               ``rashomon_analysers``
``linkers``    a ``Linker`` subclass                  ``rashomon_linkers``
``sections``   a report section module or object      ``rashomon_sections``
``commands``   ``register(app: typer.Typer) -> None`` ``rashomon_commands``
``formats``    ``write(export, out) -> list[Path]``   ``rashomon_formats``
=============  =====================================  ==============================

Built-in components are registered by importing the modules in ``BUILTIN_MODULES`` (as
Datasette loads its ``DEFAULT_PLUGINS``); a separate package adds its own by declaring an entry
point in one of the groups above, e.g. in its ``pyproject.toml``::

    [project.entry-points.rashomon_analysers]
    shouting = "rashomon_shouting:Shouting"

Order never comes from registration order: analysers and linkers are ordered from what they
``requires`` and ``provides`` (``ordered``), report sections by their declared ``position``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from typing import Any, Protocol, TypeVar

import catalogue

from rashomon.errors import ConfigError

analysers = catalogue.create("rashomon", "analysers", entry_points=True)
linkers = catalogue.create("rashomon", "linkers", entry_points=True)
sections = catalogue.create("rashomon", "sections", entry_points=True)
commands = catalogue.create("rashomon", "commands", entry_points=True)
formats = catalogue.create("rashomon", "formats", entry_points=True)

# Importing the module named for a registry registers its built-in components (each module
# registers what it defines), as Datasette loads its DEFAULT_PLUGINS.
BUILTIN_MODULES = {
    "analysers": "rashomon.analysers",
    "linkers": "rashomon.linking",
    "sections": "rashomon.report.sections",
    "commands": "rashomon.commands",
    "formats": "rashomon.export",
}


def registered(registry: catalogue.Registry) -> dict[str, Any]:
    """Everything in ``registry``: its built-ins first loaded, plugins' entry points included."""
    importlib.import_module(BUILTIN_MODULES[registry.namespace[-1]])
    try:
        return dict(registry.get_all())
    except Exception as exc:  # a broken plugin must not hide which one it is
        raise ConfigError(f"a rashomon plugin failed to load: {exc}") from exc


class Component(Protocol):
    """What ordering needs of a component: its name and the kinds it reads and writes."""

    name: str
    requires: tuple[str, ...]
    provides: tuple[str, ...]


C = TypeVar("C", bound=Component)


def ordered(components: Sequence[C], provided: Iterable[str] = ()) -> list[C]:
    """Order ``components`` so each runs after those providing what it ``requires``.

    Kinds already in ``provided`` count as available; among components ready at the same
    step the order is by name, so the result never depends on registration order.
    """
    have = set(provided)
    pending = sorted(components, key=lambda c: c.name)
    result: list[C] = []
    while pending:
        ready = [c for c in pending if set(c.requires) <= have]
        if not ready:
            missing = sorted({r for c in pending for r in c.requires} - have)
            names = ", ".join(c.name for c in pending)
            raise ConfigError(f"nothing provides {', '.join(missing)} (needed by {names})")
        for component in ready:
            result.append(component)
            have.update(component.provides)
            pending.remove(component)
    return result


def unregister(registry: catalogue.Registry, name: str) -> None:
    """Remove ``name`` from ``registry`` (for tests that register a component for a while)."""
    if catalogue.check_exists(*registry.namespace, name):
        catalogue._remove([*registry.namespace, name])
