"""The list filters the users fill: each filled value becomes one ORM lookup."""

from __future__ import annotations

from django.db.models import QuerySet


def filter_by(queryset: QuerySet, filters: dict, lookups: dict[str, str]) -> QuerySet:
    """`queryset` filtered by every value of `filters` that is filled in (an empty field, None or
    False filters nothing); `lookups` maps a filter's name to its lookup, e.g.
    {"date_from": "date__gte", "outlet": "outlet__icontains"}."""
    conditions = {lookup: filters[name] for name, lookup in lookups.items() if filters.get(name)}
    return queryset.filter(**conditions) if conditions else queryset
