"""Carnets' contribution to the membership targets (militancia's indicator sources)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tz), datetime.combine(end, time.max, tz)


def cards_delivered(start: date, end: date) -> dict[int, int]:
    """Cards handed to their members in the month, by the member's territory."""
    from carnets.models import Card

    since, until = _day_bounds(start, end)
    rows = (
        Card.objects.filter(delivered_at__gte=since, delivered_at__lte=until)
        .values("member__territory_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["member__territory_id"]: row["n"] for row in rows}


def drives_held(start: date, end: date) -> dict[int, int]:
    """Registration drives that started in the month, by their territory."""
    from carnets.models import Jornada

    rows = (
        Jornada.objects.filter(starts_on__gte=start, starts_on__lte=end)
        .values("territory_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["territory_id"]: row["n"] for row in rows}


def register_indicator_sources() -> None:
    from militancia.indicators import IndicatorSource, register_indicator_source

    register_indicator_source(
        IndicatorSource(key="cards_delivered", label=_("Cards delivered"), compute=cards_delivered)
    )
    register_indicator_source(
        IndicatorSource(key="drives_held", label=_("Registration drives held"), compute=drives_held)
    )
