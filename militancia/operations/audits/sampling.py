"""ISO 2859-1 (ANSI/ASQ Z1.4) single sampling, general inspection level II, normal inspection.

The plans come from the project's copy of the table (militancia/data/iso2859_1_level_II_normal.csv,
see its README): the arrows are already followed there, so each row gives the plan to use.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLE = Path(__file__).resolve().parents[2] / "data" / "iso2859_1_level_II_normal.csv"
AQLS = ("1.0", "2.5")


@dataclass(frozen=True)
class SamplingPlan:
    lot_size: int
    aql: str
    code_letter: str
    sample_size: int
    accept: int
    reject: int
    full_inspection: bool

    def decide(self, nonconforming: int) -> bool:
        """True = accept the lot (at most `accept` nonconforming), False = reject."""
        return nonconforming <= self.accept


@dataclass(frozen=True)
class _Row:
    lot_min: int
    lot_max: int | None
    code_letter: str
    aql: str
    plan_sample_size: int
    accept: int
    reject: int


@lru_cache(maxsize=1)
def table_rows() -> tuple[_Row, ...]:
    with TABLE.open(newline="", encoding="utf-8") as handle:
        return tuple(
            _Row(
                lot_min=int(row["lot_min"]),
                lot_max=int(row["lot_max"]) if row["lot_max"] else None,
                code_letter=row["code_letter"],
                aql=row["aql"],
                plan_sample_size=int(row["plan_sample_size"]),
                accept=int(row["accept"]),
                reject=int(row["reject"]),
            )
            for row in csv.DictReader(handle)
        )


def sampling_plan(lot_size: int, aql: str = "2.5") -> SamplingPlan:
    """The plan for a box of `lot_size` forms. 100 % inspection when the sample is not smaller than the box."""
    if aql not in AQLS:
        raise ValueError(f"AQL must be one of {AQLS}")
    if lot_size < 1:
        raise ValueError("A box holds at least one form")
    lot_for_table = max(lot_size, 2)  # the table starts at 2; a single form is inspected anyway
    for row in table_rows():
        if row.aql == aql and row.lot_min <= lot_for_table and (row.lot_max is None or lot_for_table <= row.lot_max):
            full = row.plan_sample_size >= lot_size
            return SamplingPlan(
                lot_size=lot_size,
                aql=aql,
                code_letter=row.code_letter,
                sample_size=lot_size if full else row.plan_sample_size,
                accept=row.accept,
                reject=row.reject,
                full_inspection=full,
            )
    raise LookupError(f"No plan for lot size {lot_size} at AQL {aql}")  # unreachable: the last row is open-ended


def new_seed() -> int:
    return random.SystemRandom().randrange(1, 2**62)


def sample_positions(lot_size: int, sample_size: int, seed: int) -> list[int]:
    """The forms to pull (1-based positions in the box), reproducible from the seed."""
    if sample_size >= lot_size:
        return list(range(1, lot_size + 1))
    return sorted(random.Random(seed).sample(range(1, lot_size + 1), sample_size))


def should_tighten(recent_results: list[bool]) -> bool:
    """ISO 2859-1 switching rule (normal → tightened): 2 of 5 or fewer consecutive lots rejected
    on original inspection. `recent_results` are first-round decisions, newest last (True = accepted)."""
    return sum(1 for accepted in recent_results[-5:] if not accepted) >= 2
