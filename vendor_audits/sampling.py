"""ISO 2859-1 (ANSI/ASQ Z1.4) single sampling, general inspection level II, with the switching rules.

The plans come from the project's copies of the master tables (militancia/data/, see its README):
normal inspection (Table II-A) and tightened inspection (Table II-B). The arrows are already
followed there, so each row gives the plan to use.

Switching (ISO 2859-1:1999, clause 9.3) is replayed from a contract's history of original
(first-round) inspections, so the state is never stored twice and can always be explained:
normal → tightened when 2 of 5 or fewer consecutive lots are not accepted; tightened → normal after
5 consecutive accepted lots; inspection is discontinued when 5 lots are not accepted while on
tightened inspection, and resumes (tightened) only after a recorded corrective action.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
TABLE = DATA / "iso2859_1_level_II_normal.csv"
TABLES = {"normal": TABLE, "tightened": DATA / "iso2859_1_level_II_tightened.csv"}
AQLS = ("1.0", "2.5")
SEVERITIES = tuple(TABLES)

# Acceptance numbers along a row of Table II-A, AQL ascending: the plan one AQL step tighter
# at the same sample size is the previous one (for Ac >= 2 no arrow lies between them).
NORMAL_ACCEPT_SEQUENCE = (0, 1, 2, 3, 5, 7, 10, 14, 21)

TIGHTEN_AFTER_REJECTED = 2  # ... of the last 5 (or fewer) lots on normal inspection
TIGHTEN_WINDOW = 5
RELAX_AFTER_ACCEPTED = 5  # consecutive lots on tightened inspection
DISCONTINUE_AFTER_REJECTED = 5  # lots not accepted while on tightened inspection
REDUCED_SCORE = 30  # switching score at which reduced inspection may be considered


@dataclass(frozen=True)
class SamplingPlan:
    lot_size: int
    aql: str
    code_letter: str
    sample_size: int
    accept: int
    reject: int
    full_inspection: bool
    severity: str = "normal"

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


@lru_cache(maxsize=len(TABLES))
def table_rows(severity: str = "normal") -> tuple[_Row, ...]:
    with TABLES[severity].open(newline="", encoding="utf-8") as handle:
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


def sampling_plan(lot_size: int, aql: str = "2.5", severity: str = "normal") -> SamplingPlan:
    """The plan for a box of `lot_size` forms. 100 % inspection when the sample is not smaller than the box."""
    if aql not in AQLS:
        raise ValueError(f"AQL must be one of {AQLS}")
    if severity not in TABLES:
        raise ValueError(f"Inspection must be one of {SEVERITIES}")
    if lot_size < 1:
        raise ValueError("A box holds at least one form")
    lot_for_table = max(lot_size, 2)  # the table starts at 2; a single form is inspected anyway
    for row in table_rows(severity):
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
                severity=severity,
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
    window = recent_results[-TIGHTEN_WINDOW:]
    return sum(1 for accepted in window if not accepted) >= TIGHTEN_AFTER_REJECTED


def tighter_accept_number(accept: int) -> int | None:
    """Ac of the normal plan one AQL step tighter at the same sample size (None when Ac < 2)."""
    if accept < 2 or accept not in NORMAL_ACCEPT_SEQUENCE:
        return None
    return NORMAL_ACCEPT_SEQUENCE[NORMAL_ACCEPT_SEQUENCE.index(accept) - 1]


# ---- Switching -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LotResult:
    """An original (first-round) inspection of a box, as the switching rules see it."""

    at: datetime
    accepted: bool
    accept_number: int
    nonconforming: int


@dataclass(frozen=True)
class Resumption:
    """Inspection resumed after the vendor's corrective action was accepted."""

    at: datetime


@dataclass(frozen=True)
class SwitchingState:
    severity: str  # "normal", "tightened" or "discontinued"
    switching_score: int  # ISO 2859-1:1999 9.3.3.2; only counted on normal inspection
    lots_on_current: int  # original inspections since the last switch
    rejected_on_current: int
    accepted_in_a_row: int
    rejected_in_last_five: int
    reason: str  # why the current severity holds: start, two_of_five_rejected, five_accepted_on_tightened, ...

    @property
    def normal(self) -> bool:
        return self.severity == "normal"

    @property
    def tightened(self) -> bool:
        return self.severity == "tightened"

    @property
    def discontinued(self) -> bool:
        return self.severity == "discontinued"

    @property
    def reduced_eligible(self) -> bool:
        return self.severity == "normal" and self.switching_score >= REDUCED_SCORE


def switching_state(events: Iterable[LotResult | Resumption]) -> SwitchingState:
    """Replay the switching rules over a contract's original inspections and resumptions, oldest first."""
    severity, reason = "normal", "start"
    score = 0
    window: list[bool] = []  # results since the last switch
    for event in events:
        if isinstance(event, Resumption):
            if severity == "discontinued":
                severity, reason, window = "tightened", "resumed", []
            continue
        if severity == "discontinued":
            continue  # no lot is accepted under the scheme while it is discontinued
        window.append(event.accepted)
        if severity == "normal":
            score = _next_score(score, event)
            if should_tighten(window):
                severity, reason, window, score = "tightened", "two_of_five_rejected", [], 0
        elif severity == "tightened":
            if window.count(False) >= DISCONTINUE_AFTER_REJECTED:
                severity, reason, window = "discontinued", "five_rejected_on_tightened", []
            elif len(window) >= RELAX_AFTER_ACCEPTED and all(window[-RELAX_AFTER_ACCEPTED:]):
                severity, reason, window, score = "normal", "five_accepted_on_tightened", [], 0
    accepted_in_a_row = 0
    for accepted in reversed(window):
        if not accepted:
            break
        accepted_in_a_row += 1
    return SwitchingState(
        severity=severity,
        switching_score=score if severity == "normal" else 0,
        lots_on_current=len(window),
        rejected_on_current=window.count(False),
        accepted_in_a_row=accepted_in_a_row,
        rejected_in_last_five=window[-TIGHTEN_WINDOW:].count(False),
        reason=reason,
    )


def _next_score(score: int, lot: LotResult) -> int:
    """ISO 2859-1:1999 9.3.3.2: with Ac 0 or 1 add 2 for an accepted lot; with Ac >= 2 add 3 when the
    lot would also have been accepted one AQL step tighter; anything else resets the score to 0."""
    if not lot.accepted:
        return 0
    tighter = tighter_accept_number(lot.accept_number)
    if tighter is None:
        return score + 2
    return score + 3 if lot.nonconforming <= tighter else 0
