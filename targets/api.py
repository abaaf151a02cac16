"""/api/v1/targets/indicator-values/: monthly indicators per department."""

from __future__ import annotations

from rest_framework import serializers

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


class IndicatorValueViewSet(ScopedReadOnlyViewSet):
    """Monthly indicators per department (`?period=YYYY-MM-01`)."""

    queryset = IndicatorValue.objects.select_related("territory")
    serializer_class = IndicatorValueSerializer
    cursor_ordering = ("-period", "territory_id", "indicator")

    def get_queryset(self):
        values = super().get_queryset()
        period = self.request.query_params.get("period")
        if period:
            values = values.filter(period=period)
        return values


def register(router) -> None:
    register_route(router, app="targets", resource="indicator-values", viewset=IndicatorValueViewSet)
