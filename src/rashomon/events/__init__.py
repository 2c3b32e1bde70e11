"""Events: trigger lexicon (a small PLOVER-style ontology) and dependency-based argument finding."""

from rashomon.events.lexicon import EVENT_TYPES, trigger_type

__all__ = ["EVENT_TYPES", "trigger_type"]
