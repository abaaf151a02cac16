from datetime import date, timedelta

import holidays
import pytest

from attention.calendar import add_business_days, business_days_between, is_business_day
from attention.models import LEGAL_TERMS, AttentionKind
from attention.services import attention_deadlines


def _reference(start: date, days: int) -> date:
    """Straight from the holidays package, independent of the module under test."""
    calendar = holidays.Colombia(years=range(start.year, start.year + 2))
    current, left = start, days
    while left:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in calendar:
            left -= 1
    return current


def test_it_counts_from_the_day_after_receipt():
    # Monday 2 March 2026, no holiday around: 10 business days end on Monday 16 March.
    assert add_business_days(date(2026, 3, 2), 10) == date(2026, 3, 16)
    # Received on a Friday: the count starts on Monday.
    assert add_business_days(date(2026, 3, 6), 1) == date(2026, 3, 9)


def test_it_skips_holy_week_and_moved_holidays():
    # 2026: San José moved to Monday 23 March; Holy Thursday 2 and Good Friday 3 April.
    assert add_business_days(date(2026, 3, 20), 1) == date(2026, 3, 24)
    assert add_business_days(date(2026, 4, 1), 1) == date(2026, 4, 6)


def test_it_crosses_the_year_end():
    # Friday 18 Dec 2026: 25 Dec and 1 Jan are holidays, Epiphany is moved to Monday 11 Jan 2027.
    assert not is_business_day(date(2026, 12, 25))
    assert not is_business_day(date(2027, 1, 1))
    assert not is_business_day(date(2027, 1, 11))
    expected = [date(2026, 12, d) for d in (21, 22, 23, 24, 28, 29, 30, 31)] + [
        date(2027, 1, 4),
        date(2027, 1, 5),
        date(2027, 1, 6),
        date(2027, 1, 7),
        date(2027, 1, 8),
        date(2027, 1, 12),
    ]
    for n, day in enumerate(expected, start=1):
        assert add_business_days(date(2026, 12, 18), n) == day


@pytest.mark.parametrize("year", [2025, 2026, 2027, 2028])
def test_it_matches_the_holidays_package_every_day_of_the_year(year):
    start = date(year, 1, 1)
    for offset in range(0, 366, 3):
        received = start + timedelta(days=offset)
        for days in (10, 15, 30):
            assert add_business_days(received, days) == _reference(received, days), (received, days)


def test_it_gives_each_kind_its_legal_term_and_maximum():
    received = date(2026, 12, 18)
    for kind, (term, extra) in LEGAL_TERMS.items():
        due, maximum = attention_deadlines(kind=kind, received_on=received)
        assert due == _reference(received, term)
        assert maximum == _reference(received, term + extra)
    assert LEGAL_TERMS[AttentionKind.HD_QUERY] == (10, 5)
    assert LEGAL_TERMS[AttentionKind.HD_CLAIM] == (15, 8)
    assert LEGAL_TERMS[AttentionKind.PETITION][0] == 15
    assert LEGAL_TERMS[AttentionKind.DOCUMENTS][0] == 10
    assert LEGAL_TERMS[AttentionKind.CONSULTATION][0] == 30


def test_it_counts_business_days_between_dates():
    assert business_days_between(date(2026, 12, 18), date(2027, 1, 12)) == 14
    assert business_days_between(date(2026, 12, 18), date(2026, 12, 18)) == 0
