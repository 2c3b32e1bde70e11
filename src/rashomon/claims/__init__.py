"""Numeric claims: numbers with what they count, their bounds, type and who states them."""

from rashomon.claims.numbers import Quantity, find_quantities

__all__ = ["Quantity", "find_quantities"]
