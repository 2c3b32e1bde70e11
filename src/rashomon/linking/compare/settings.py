"""The contradiction linker's typed settings, read by every comparison through its story."""

from __future__ import annotations

from dataclasses import dataclass

from rashomon.config import Settings
from rashomon.linking import figures


@dataclass(frozen=True)
class ContradictionSettings(Settings):
    """Thresholds of the contradictions linker (``--set contradictions.<field>=VALUE``)."""

    place_km: float = 30.0
    """Towns closer than this (km) may be one place under two names: no place contradiction."""
    sign_cut: float = 0.1
    """Stance scores smaller than this never put two agreeing outlets in opposite camps."""
    approx_slack: float = figures.APPROX_SLACK
    """An approximate figure ("about 40") is widened by this share on each side."""
    near_slack: float = figures.NEAR_SLACK
    """"Nearly N" is read as [N x (1 - near_slack), N]."""
    anchor_chars: int = figures.ANCHOR_CHARS
    """A figure with no event in its sentence is tied to an event at most this many characters
    away."""
    update_gap_days: int = figures.UPDATE_GAP_DAYS
    """An unscoped toll published more than this many days after another (and higher) is an
    update, not a contradiction."""
