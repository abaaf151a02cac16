"""Party bodies' contribution to the membership targets: members trained in the month."""

from __future__ import annotations

from datetime import date

from django.db.models import Count


def trained_members(start: date, end: date) -> dict[int, int]:
    """Members who attended a training event held in the month, by the member's territory."""
    from party_bodies.models import TrainingAttendance

    rows = (
        TrainingAttendance.objects.filter(event__held_on__gte=start, event__held_on__lte=end)
        .values("member__territory_id")
        .annotate(n=Count("member_id", distinct=True))
        .order_by()
    )
    return {row["member__territory_id"]: row["n"] for row in rows}


def register_indicator_sources() -> None:
    from django.utils.translation import gettext_lazy as _

    from militancia.indicators import IndicatorSource, register_indicator_source

    register_indicator_source(
        IndicatorSource(key="trained_members", label=_("Trained members"), compute=trained_members)
    )
