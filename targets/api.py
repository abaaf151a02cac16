"""/api/v1/: monthly indicators per department."""

from __future__ import annotations

from rest_framework import serializers

from core.api.views import ScopedReadOnlyViewSet
from targets.models import IndicatorValue


class IndicatorValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["id", "territory", "period", "indicator", "value", "computed_at"]
        read_only_fields = fields


class IndicatorValueViewSet(ScopedReadOnlyViewSet):
    """Monthly indicators per department (`?period=YYYY-MM-01`)."""

    queryset = IndicatorValue.objects.all()
    serializer_class = IndicatorValueSerializer
    cursor_ordering = ("-period", "territory_id", "indicator")

    def get_queryset(self):
        values = super().get_queryset()
        period = self.request.query_params.get("period")
        if period:
            values = values.filter(period=period)
        return values


def register(router) -> None:
    router.register("indicators", IndicatorValueViewSet, basename="indicator-value")
