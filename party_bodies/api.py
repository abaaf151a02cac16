"""/api/v1/party-bodies/office-terms/: terms of office (the directory's data, scoped like the pages)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from core.api.filters import query_filters
from core.api.routes import register_route
from core.api.views import ScopedReadOnlyViewSet
from party_bodies.models import OfficeTerm


class OfficeTermSerializer(serializers.ModelSerializer):
    office = serializers.CharField(source="office.get_title_display", read_only=True)
    body = serializers.CharField(source="office.body.name", read_only=True)
    territory = serializers.CharField(source="office.body.territory.code", read_only=True)
    member_name = serializers.CharField(source="member.full_name", read_only=True)

    class Meta:
        model = OfficeTerm
        fields = ["id", "office", "body", "territory", "member", "member_name", "starts_on", "ends_on"]
        read_only_fields = fields


class OfficeTermFilters(serializers.Serializer):
    current = serializers.BooleanField(required=False, help_text="true: only the terms running today.")


@extend_schema_view(list=extend_schema(parameters=[OfficeTermFilters]))
class OfficeTermViewSet(ScopedReadOnlyViewSet):
    """Terms of office (the directory's data); `?current=1` for the office holders of today."""

    queryset = OfficeTerm.objects.select_related("office__body__territory", "member")
    serializer_class = OfficeTermSerializer
    cursor_ordering = ("-starts_on", "-id")

    def get_queryset(self):
        terms = super().get_queryset()
        if self.action == "list" and query_filters(self.request, OfficeTermFilters).get("current"):
            today = timezone.localdate()
            terms = terms.filter(starts_on__lte=today, ends_on__gte=today)
        return terms


def register(router) -> None:
    register_route(router, app="party_bodies", resource="office-terms", viewset=OfficeTermViewSet)
