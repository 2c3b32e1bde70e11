"""The comparisons between outlets' accounts of one story, one module per kind.

Each is a ``Comparison`` (``name``, ``compare(story) -> list[Item]``) over ``StoryAccounts``;
``COMPARISONS`` is the order they run in (the report sorts the kinds itself).
"""

from __future__ import annotations

from rashomon.linking.compare.base import Comparison, Sides, StoryAccounts
from rashomon.linking.compare.blame import BlameComparison
from rashomon.linking.compare.control import ControlComparison
from rashomon.linking.compare.dates import DateComparison
from rashomon.linking.compare.denial import DenialComparison
from rashomon.linking.compare.figures import FigureComparison
from rashomon.linking.compare.intent import IntentComparison
from rashomon.linking.compare.places import PlaceComparison

COMPARISONS: tuple[Comparison, ...] = (
    FigureComparison(),
    BlameComparison(),
    IntentComparison(),
    DenialComparison(),
    DateComparison(),
    PlaceComparison(),
    ControlComparison(),
)

__all__ = ["COMPARISONS", "Comparison", "Sides", "StoryAccounts"]
