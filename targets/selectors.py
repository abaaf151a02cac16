"""The targets dashboard: indicator values against targets, per department, in a constant number of queries."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet, Value

from core.models import Territory, User
from core.ordering import spanish_key
from targets.models import PERCENT_INDICATORS, Indicator, IndicatorValue, NationalReport, Target


def _scoped(model, user):
    # user=None is the system (the monthly report): national.
    return model.objects.all() if user is None else model.objects.visible_to(user)


def dashboard_data(*, user: User, period: date) -> dict:
    """Rows of departments in scope × indicators, each with value, target and progress (3 queries)."""
    period = period.replace(day=1)
    territories = Territory.objects.filter(kind__in=[Territory.Kind.COUNTRY, Territory.Kind.DEPARTMENT])
    if user is not None:
        territories = territories.visible_to(user)
    # Spanish order, as people read the list ("Córdoba" before "Cundinamarca"; the database sorts bytes).
    territories = list(territories.order_by("depth", spanish_key("name"), "pk").only("pk", "name", "kind", "path"))
    ids = [t.pk for t in territories]
    # Values and targets in one round trip.
    values_rows = (
        _scoped(IndicatorValue, user)
        .filter(period=period, territory_id__in=ids)
        .annotate(source=Value("v"))
        .values_list("source", "territory_id", "indicator", "value")
    )
    target_rows = (
        _scoped(Target, user)
        .filter(period=period, territory_id__in=ids)
        .annotate(source=Value("t"))
        .values_list("source", "territory_id", "indicator", "value")
    )
    values, targets = {}, {}
    for source, territory_id, indicator, value in values_rows.union(target_rows, all=True):
        (values if source == "v" else targets)[(territory_id, indicator)] = value
    indicators = indicator_choices()
    rows = []
    national = None
    national_territory = None
    for territory in territories:
        cells = {}
        for key, _label in indicators:
            value = values.get((territory.pk, key))
            target = targets.get((territory.pk, key))
            progress = None
            if value is not None and target:
                progress = min(999, round(float(value) * 100 / float(target)))
            cells[key] = {
                "value": value,
                "target": target,
                "progress": progress,
                "percent": key in PERCENT_INDICATORS,
            }
        if territory.kind == Territory.Kind.COUNTRY:
            national = cells
            national_territory = territory
        else:
            rows.append({"territory": territory, "cells": cells})
    return {
        "period": period,
        "indicators": indicators,
        "rows": rows,
        "national": national,
        "national_territory": national_territory,
    }


def report_list(*, user: User) -> QuerySet[NationalReport]:
    return NationalReport.objects.visible_to(user).select_related("job", "requested_by")[:60]


def indicator_choices() -> list[tuple[str, str]]:
    """The built-in indicators, then those other apps register (a source may compute a built-in one)."""
    from militancia.indicators import indicator_sources

    built_in = list(Indicator.choices)
    known = {key for key, _label in built_in}
    return built_in + [(source.key, source.label) for source in indicator_sources() if source.key not in known]
