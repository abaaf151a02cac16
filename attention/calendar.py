"""Business days in Colombia: weekends and the public holidays of the `holidays` package."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[date]:
    return frozenset(holidays.Colombia(years=year).keys())


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def add_business_days(start: date, days: int) -> date:
    """The `days`-th business day after `start` (the count starts the day after it).

    Legal terms (Ley 1755 de 2015, Ley 1581 de 2012) run in business days from the day
    after the request is received: 10 days from a Friday receipt ends on the second Friday.
    """
    if days < 0:
        raise ValueError("days must be positive")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_business_day(current):
            remaining -= 1
    return current


def business_days_between(start: date, end: date) -> int:
    """Business days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_business_day(current):
            count += 1
    return count


def business_days_left(today: date, due: date) -> int:
    """Business days from `today` to `due`: 0 when due today, negative when overdue."""
    if due >= today:
        return business_days_between(today, due)
    return -business_days_between(due, today)
