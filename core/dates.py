"""Month arithmetic and month names, shared by every report that works month by month."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _


def month_start(day: date) -> date:
    """The first day of `day`'s month."""
    return day.replace(day=1)


def month_end(day: date) -> date:
    """The last day of `day`'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(start: date, months: int) -> date:
    """The same day `months` later (or earlier, when negative); the month's last day when it has
    no such day: 31/01 → 28/02."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def next_month(day: date) -> date:
    """The first day of the month after `day`'s."""
    return add_months(month_start(day), 1)


def previous_month(day: date | None = None) -> date:
    """The first day of the month before `day`'s (today's by default)."""
    return month_start(month_start(day or timezone.localdate()) - timedelta(days=1))


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month of `month` as [start, end) aware datetimes in the current time zone."""
    tz = timezone.get_current_timezone()
    start = month_start(month)
    return datetime.combine(start, time.min, tz), datetime.combine(next_month(start), time.min, tz)


def month_name(month: int) -> str:
    """The name of month 1–12 in the active language, lower case ("octubre")."""
    return str(MONTHS[month]).lower()


def month_label(day: date) -> str:
    """`day`'s month and year for people ("octubre de 2026")."""
    return _("%(month)s %(year)s") % {"month": month_name(day.month), "year": day.year}
