"""Printing technique scores as Rich tables: SI, TC per technique, TC confusions."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from rashomon.techniques.catalog import NAMES
from rashomon.techniques.metrics import SIScore, TCScore


def _short(name: str) -> str:
    """A column-sized abbreviation of a technique name."""
    return "".join(part[:3] for part in name.replace(",", "_").replace("-", "_").split("_"))[:9]


def print_scores(si: SIScore, tc: TCScore, console: Console) -> None:
    """SI P/R/F1, TC micro scores, per-technique P/R/F1 and the confusion table."""
    console.print(
        f"SI  precision {si.precision:.4f}  recall {si.recall:.4f}  F1 {si.f1:.4f}"
        f"  ({si.predicted} predicted, {si.gold} gold spans after merging)"
    )
    console.print(f"TC  micro-F1 {tc.f1:.4f}  (P {tc.precision:.4f}, R {tc.recall:.4f})")
    table = Table("technique", "gold", "P", "R", "F1")
    for name, (p, r, f1, gold) in sorted(tc.per_technique.items()):
        table.add_row(name, str(gold), f"{p:.3f}", f"{r:.3f}", f"{f1:.3f}")
    console.print(table)
    labels = [n for n in NAMES if any(n in pair for pair in tc.confusion)]
    confusion = Table("gold \\ predicted", *[_short(n) for n in labels], title="TC confusions")
    for true in labels:
        cells = [str(tc.confusion.get((true, pred), "")) for pred in labels]
        confusion.add_row(_short(true), *cells)
    console.print(confusion)
    console.print("  ".join(f"{_short(n)}={n}" for n in labels), highlight=False)
