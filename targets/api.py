"""/api/v1/targets/indicator-values/: monthly indicators per department."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from core.api.filters import query_filters
from core.api.routes import register_route
from core.api.territories import TerritoryCodeField
from core.api.views import ScopedReadOnlyViewSet
from targets.models import IndicatorValue


class IndicatorValueSerializer(serializers.ModelSerializer):
    territory = TerritoryCodeField(read_only=True)

    class Meta:
        model = IndicatorValue
        fields = ["id", "territory", "period", "indicator", "value", "computed_at"]
        read_only_fields = fields


class IndicatorValueFilters(serializers.Serializer):
    period = serializers.DateField(
        label=_("Month"), required=False, help_text="The month's first day, YYYY-MM-01 (2026-01-01 for January 2026)."
    )


@extend_schema_view(list=extend_schema(parameters=[IndicatorValueFilters]))
class IndicatorValueViewSet(ScopedReadOnlyViewSet):
    """Monthly indicators per department (`?period=YYYY-MM-01`)."""

    queryset = IndicatorValue.objects.select_related("territory")
    serializer_class = IndicatorValueSerializer
    cursor_ordering = ("-period", "territory_id", "indicator")

    def get_queryset(self):
        values = super().get_queryset()
        if self.action == "list":
            values = values.filter(**query_filters(self.request, IndicatorValueFilters))
        return values


def register(router) -> None:
    register_route(router, app="targets", resource="indicator-values", viewset=IndicatorValueViewSet)
