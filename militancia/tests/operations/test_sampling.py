import csv
from pathlib import Path

import pytest

from militancia.operations.audits.sampling import (
    TABLE,
    sample_positions,
    sampling_plan,
    should_tighten,
    table_rows,
)

SHARED = Path("/work/shared/data/iso2859_1_level_II_normal.csv")


def _rows():
    with TABLE.open(newline="", encoding="utf-8") as handle:
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
            assert plan.full_inspection and plan.sample_size == lot
        else:
            assert not plan.full_inspection and plan.sample_size == expected_n


def test_known_plans():
    # 500 forms at AQL 2.5: H, n=50, Ac 3 Re 4.  At AQL 1.0: n=50, Ac 1 Re 2.
    assert sampling_plan(500, "2.5").sample_size == 50
    assert (sampling_plan(500, "2.5").accept, sampling_plan(500, "2.5").reject) == (3, 4)
    assert (sampling_plan(500, "1.0").accept, sampling_plan(500, "1.0").reject) == (1, 2)
    # A box of 10 at AQL 1.0: the arrow leads to n=13 > 10, so every form is inspected.
    small = sampling_plan(10, "1.0")
    assert small.full_inspection and small.sample_size == 10 and small.accept == 0
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
    assert len(set(first)) == 50 and all(1 <= p <= 500 for p in first) and first == sorted(first)
    assert sample_positions(10, 13, seed=1) == list(range(1, 11))


def test_accept_and_reject_by_the_plan_numbers():
    plan = sampling_plan(500, "2.5")
    assert plan.decide(3) and not plan.decide(4)


def test_switching_to_tightened_after_two_rejections_in_five():
    assert not should_tighten([True, True, False, True, True])
    assert should_tighten([True, False, True, False, True])
    assert not should_tighten([False, True, True, True, True, True, False])
    assert should_tighten([False, False])
