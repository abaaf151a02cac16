"""Attention's contribution to the membership targets: requests answered within their legal term."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Q


def answered_on_time(start: date, end: date) -> dict[int, tuple[int, int]]:
    """(answered on time, answered) per territory, for requests answered in the month."""
    from attention.models import AttentionRequest

    rows = (
        AttentionRequest.objects.filter(answered_on__gte=start, answered_on__lte=end)
        .values("territory_id")
        .annotate(n=Count("pk"), on_time=Count("pk", filter=Q(answered_on__lte=F("due_on"))))
        .order_by()
    )
    return {row["territory_id"]: (row["on_time"], row["n"]) for row in rows}


def register_indicator_sources() -> None:
    from django.utils.translation import gettext_lazy as _

    from militancia.indicators import IndicatorSource, register_indicator_source

    register_indicator_source(
        IndicatorSource(
            key="attention_on_time", label=_("Requests answered on time (%)"), compute=answered_on_time, ratio=True
        )
    )
