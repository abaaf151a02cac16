import csv
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from vendor_audits.sampling import (
    TABLE,
    TABLES,
    LotResult,
    Resumption,
    sample_positions,
    sampling_plan,
    should_tighten,
    switching_state,
    table_rows,
    tighter_accept_number,
)

SHARED = Path("/work/shared/data/iso2859_1_level_II_normal.csv")


def _rows(severity="normal"):
    with TABLES[severity].open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_project_copy_is_the_shared_table():
    if SHARED.exists():
        assert TABLE.read_bytes() == SHARED.read_bytes()
    assert len(table_rows()) == 30


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['code_letter']}-{r['aql']}")
def test_every_row_of_the_table_gives_its_plan(row):
    lot_min = int(row["lot_min"])
    lot_max = int(row["lot_max"]) if row["lot_max"] else lot_min * 3
    expected_n, ac, re = int(row["plan_sample_size"]), int(row["accept"]), int(row["reject"])
    for lot in {lot_min, (lot_min + lot_max) // 2, lot_max}:
        plan = sampling_plan(lot, row["aql"])
        assert plan.code_letter == row["code_letter"]
        assert (plan.accept, plan.reject) == (ac, re)
        if expected_n >= lot:
            assert plan.full_inspection
            assert plan.sample_size == lot
        else:
            assert not plan.full_inspection
            assert plan.sample_size == expected_n


def test_known_plans():
    # 500 forms at AQL 2.5: H, n=50, Ac 3 Re 4.  At AQL 1.0: n=50, Ac 1 Re 2.
    assert sampling_plan(500, "2.5").sample_size == 50
    assert (sampling_plan(500, "2.5").accept, sampling_plan(500, "2.5").reject) == (3, 4)
    assert (sampling_plan(500, "1.0").accept, sampling_plan(500, "1.0").reject) == (1, 2)
    # A box of 10 at AQL 1.0: the arrow leads to n=13 > 10, so every form is inspected.
    small = sampling_plan(10, "1.0")
    assert small.full_inspection
    assert small.sample_size == 10
    assert small.accept == 0
    # Above 150,000 at AQL 2.5 the arrow goes up to n=500, Ac 21.
    assert sampling_plan(600_000, "2.5").sample_size == 500
    assert sampling_plan(1, "2.5").sample_size == 1


def test_boundaries_between_rows():
    assert sampling_plan(150, "2.5").code_letter == "F"
    assert sampling_plan(151, "2.5").code_letter == "G"
    assert sampling_plan(3200, "2.5").code_letter == "K"
    assert sampling_plan(3201, "2.5").code_letter == "L"


def test_it_refuses_unknown_aql():
    with pytest.raises(ValueError):
        sampling_plan(100, "4.0")


def test_the_draw_is_reproducible_from_the_seed():
    first = sample_positions(500, 50, seed=12345)
    assert first == sample_positions(500, 50, seed=12345)
    assert first != sample_positions(500, 50, seed=54321)
    assert len(set(first)) == 50
    assert all(1 <= p <= 500 for p in first)
    assert first == sorted(first)
    assert sample_positions(10, 13, seed=1) == list(range(1, 11))


def test_accept_and_reject_by_the_plan_numbers():
    plan = sampling_plan(500, "2.5")
    assert plan.decide(3)
    assert not plan.decide(4)


def test_switching_to_tightened_after_two_rejections_in_five():
    assert not should_tighten([True, True, False, True, True])
    assert should_tighten([True, False, True, False, True])
    assert not should_tighten([False, True, True, True, True, True, False])
    assert should_tighten([False, False])


# ---- Tightened inspection (Table II-B) -------------------------------------------------------------


@pytest.mark.parametrize("row", _rows("tightened"), ids=lambda r: f"{r['code_letter']}-{r['aql']}")
def test_every_row_of_the_tightened_table_gives_its_plan(row):
    lot_min = int(row["lot_min"])
    lot_max = int(row["lot_max"]) if row["lot_max"] else lot_min * 3
    expected_n, ac, re = int(row["plan_sample_size"]), int(row["accept"]), int(row["reject"])
    for lot in {lot_min, (lot_min + lot_max) // 2, lot_max}:
        plan = sampling_plan(lot, row["aql"], "tightened")
        assert plan.severity == "tightened"
        assert plan.code_letter == row["code_letter"]
        assert (plan.accept, plan.reject) == (ac, re)
        assert plan.sample_size == min(expected_n, lot)
        assert plan.full_inspection == (expected_n >= lot)


# Cells of MIL-STD-105E Table II-B (level II code letters A–L) as printed: the rejection number, or the
# arrow ("down"/"up") whose plan is then taken from another letter.
TIGHTENED_PRINTED = {
    "1.0": dict(zip("ABCDEFGHJKL", ["down"] * 5 + [1, "down", "down", 2, 3, 4], strict=True)),
    "2.5": dict(zip("ABCDEFGHJKL", ["down"] * 3 + [1, "down", "down", 2, 3, 4, 6, 9], strict=True)),
}


@pytest.mark.parametrize("aql", ["1.0", "2.5"])
def test_the_tightened_table_matches_the_printed_cells(aql):
    for row in _rows("tightened"):
        printed = TIGHTENED_PRINTED[aql].get(row["code_letter"]) if row["aql"] == aql else None
        if printed is None:
            continue
        if printed == "down":
            assert int(row["plan_sample_size"]) > int(row["letter_sample_size"]), row
        else:
            assert int(row["plan_sample_size"]) == int(row["letter_sample_size"]), row
            assert int(row["reject"]) == printed, row
            assert int(row["accept"]) == printed - 1, row


SAMPLE_SIZES = [2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250]
NORMAL_DIAGONALS = {0: (0, 1), 1: "up", 2: "down", 3: (1, 2), 4: (2, 3), 5: (3, 4), 6: (5, 6)}
NORMAL_DIAGONALS |= {7: (7, 8), 8: (10, 11), 9: (14, 15), 10: (21, 22)}
TIGHTENED_DIAGONALS = {1: (0, 1), 2: "down", 3: "down", 4: (1, 2), 5: (2, 3), 6: (3, 4), 7: (5, 6)}
TIGHTENED_DIAGONALS |= {8: (8, 9), 9: (12, 13), 10: (18, 19)}


def _diagonal_plan(diagonals, letter_index, aql):
    """The master tables are diagonal: the plan depends on code letter + AQL step only."""

    def cell(index):
        diagonal = index + {"1.0": 0, "2.5": 2}[aql] - 4  # AQL 1.0 at letter E (13) is the first 0/1
        if diagonal < min(diagonals):
            return "down"
        return diagonals.get(diagonal, "up")

    index, plan = letter_index, cell(letter_index)
    while isinstance(plan, str):
        index += 1 if plan == "down" else -1
        plan = cell(index)
    return SAMPLE_SIZES[index], plan


@pytest.mark.parametrize(("severity", "diagonals"), [("normal", NORMAL_DIAGONALS), ("tightened", TIGHTENED_DIAGONALS)])
def test_the_diagonal_rule_reproduces_both_tables(severity, diagonals):
    rows = _rows(severity)
    assert len(rows) == 30
    for row in rows:
        letter_index = SAMPLE_SIZES.index(int(row["letter_sample_size"]))
        n, (ac, re) = _diagonal_plan(diagonals, letter_index, row["aql"])
        assert (int(row["plan_sample_size"]), int(row["accept"]), int(row["reject"])) == (n, ac, re), row


def test_tightened_plans_are_stricter_than_normal_ones():
    for lot in (5, 40, 100, 280, 500, 1200, 3200, 10_000, 35_000, 150_000, 500_000, 900_000):
        for aql in ("1.0", "2.5"):
            normal, tight = sampling_plan(lot, aql), sampling_plan(lot, aql, "tightened")
            assert tight.sample_size >= normal.sample_size
            assert tight.accept / tight.sample_size <= normal.accept / normal.sample_size
    # A box of 500 at AQL 2.5: normal n=50 Ac 3; tightened n=50 Ac 2.
    assert (sampling_plan(500, "2.5", "tightened").sample_size, sampling_plan(500, "2.5", "tightened").accept) == (
        50,
        2,
    )
    with pytest.raises(ValueError):
        sampling_plan(500, "2.5", "reduced")


# ---- Switching rules -------------------------------------------------------------------------------

T0 = datetime(2026, 1, 1, 9, 0)


def _lots(results, *, accept=3, nonconforming=None, start=0):
    """LotResults from a string: A = accepted, R = rejected."""
    lots = []
    for offset, letter in enumerate(results):
        accepted = letter == "A"
        found = nonconforming if nonconforming is not None else (0 if accepted else accept + 1)
        lots.append(
            LotResult(
                at=T0 + timedelta(days=start + offset), accepted=accepted, accept_number=accept, nonconforming=found
            )
        )
    return lots


def test_it_starts_on_normal_inspection():
    state = switching_state([])
    assert state.severity == "normal"
    assert state.switching_score == 0
    assert not state.discontinued


def test_two_rejections_within_five_lots_switch_to_tightened():
    assert switching_state(_lots("RAAAR")).severity == "tightened"
    assert switching_state(_lots("RR")).severity == "tightened"
    assert switching_state(_lots("ARAAAAR")).severity == "normal"  # six lots apart: never two in five
    state = switching_state(_lots("AARAR"))
    assert state.severity == "tightened"
    assert state.reason == "two_of_five_rejected"
    assert state.lots_on_current == 0


def test_five_accepted_in_a_row_on_tightened_return_to_normal():
    assert switching_state(_lots("RR" + "AAAA")).severity == "tightened"
    state = switching_state(_lots("RR" + "AAAAA"))
    assert state.severity == "normal"
    assert state.reason == "five_accepted_on_tightened"
    assert switching_state(_lots("RR" + "AARAAAA")).severity == "tightened"  # the streak starts over
    assert switching_state(_lots("RR" + "AARAAAAA")).severity == "normal"


def test_five_rejections_on_tightened_discontinue_until_a_corrective_action():
    lots = _lots("RR" + "RARARAR" + "R")  # 5 rejected on tightened (not consecutive)
    state = switching_state(lots)
    assert state.discontinued
    assert state.reason == "five_rejected_on_tightened"
    later = _lots("AAAAA", start=30)
    assert switching_state([*lots, *later]).discontinued  # nothing counts until it is resumed
    resumed = switching_state([*lots, Resumption(at=T0 + timedelta(days=20)), *later[:4]])
    assert resumed.severity == "tightened"
    assert resumed.accepted_in_a_row == 4
    assert switching_state([*lots, Resumption(at=T0 + timedelta(days=20)), *later]).severity == "normal"


def test_a_resumption_without_discontinuation_changes_nothing():
    assert switching_state([Resumption(at=T0), *_lots("R", start=1)]).severity == "normal"


def test_the_switching_score():
    # Ac 0 or 1: +2 per accepted lot.
    assert switching_state(_lots("AAA", accept=1, nonconforming=1)).switching_score == 6
    # Ac >= 2: +3 only when the lot would pass one AQL step tighter (Ac 3 → 2), otherwise back to 0.
    assert switching_state(_lots("AA", accept=3, nonconforming=2)).switching_score == 6
    assert switching_state(_lots("AA", accept=3, nonconforming=3)).switching_score == 0
    # Any rejected lot resets it.
    assert switching_state(_lots("AAAR", accept=1, nonconforming=0)).switching_score == 0
    ten = switching_state(_lots("A" * 10, accept=5, nonconforming=0))
    assert ten.switching_score == 30
    assert ten.reduced_eligible
    assert not switching_state(_lots("A" * 9, accept=5, nonconforming=0)).reduced_eligible


def test_the_plan_one_step_tighter():
    assert [tighter_accept_number(ac) for ac in (0, 1, 2, 3, 5, 7, 10, 14, 21)] == [None, None, 1, 2, 3, 5, 7, 10, 14]
