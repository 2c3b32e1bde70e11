"""One exception hierarchy: the CLI turns any RashomonError into one clear line."""

from __future__ import annotations


class RashomonError(Exception):
    """Base class for every error rashomon raises on purpose."""


class InputError(RashomonError):
    """A source file or manifest cannot be read as an article (empty, binary, too big...)."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class DuplicateIdError(RashomonError):
    """Two different documents would get the same id."""


class StoreError(RashomonError):
    """The store file is missing, locked, corrupt or from a newer rashomon."""


class ConfigError(RashomonError):
    """An analyser, alias file or option is misconfigured."""


class ModelError(RashomonError):
    """A model (spaCy pipeline, technique detector) cannot be loaded."""
