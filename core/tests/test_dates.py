"""Month arithmetic and names (no database)."""

from datetime import date

import pytest
from django.utils import translation

from core.dates import add_months, month_bounds, month_end, month_label, month_start, next_month, previous_month


def test_month_start_is_the_first_day():
    assert month_start(date(2026, 10, 17)) == date(2026, 10, 1)


def test_month_end_knows_leap_years():
    assert month_end(date(2028, 2, 3)) == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 3, 1), -11, date(2025, 4, 1)),
        (date(2026, 1, 1), -1, date(2025, 12, 1)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_last_one(start, months, expected):
    assert add_months(start, months) == expected


def test_next_month_crosses_the_year():
    assert next_month(date(2026, 12, 9)) == date(2027, 1, 1)


def test_previous_month_crosses_the_year():
    assert previous_month(date(2026, 1, 15)) == date(2025, 12, 1)


def test_month_bounds_are_a_half_open_range_of_aware_datetimes():
    start, end = month_bounds(date(2026, 10, 9))
    assert (start.date(), end.date(), start.tzinfo is not None) == (date(2026, 10, 1), date(2026, 11, 1), True)


def test_month_label_is_spanish():
    with translation.override("es"):
        assert month_label(date(2026, 10, 9)) == "octubre de 2026"
