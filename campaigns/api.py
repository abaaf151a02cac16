"""Read API of field work (scoped like the pages: out of scope is 404; keyset pages).

Campaigns, turfs and walk lists only: contacts and attempts are personal data read on the pages,
where each read is audited, and are not offered here."""

from __future__ import annotations

from django.db.models import Count
from rest_framework import serializers

from campaigns.models import Campaign, Turf, WalkList
from core.api.routes import register_route
from core.api.territories import TerritoryCodeField
from core.api.views import ScopedReadOnlyViewSet


class CampaignSerializer(serializers.ModelSerializer):
    territory = TerritoryCodeField(read_only=True, allow_null=True)

    class Meta:
        model = Campaign
        fields = ["id", "name", "kind", "territory", "election", "issues", "checkout_days", "list_size", "is_active"]


class TurfSerializer(serializers.ModelSerializer):
    territory = TerritoryCodeField(read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True, allow_null=True)

    class Meta:
        model = Turf
        fields = ["id", "campaign", "name", "territory", "unit", "unit_code", "target_count"]


class WalkListSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)

    class Meta:
        model = WalkList
        fields = ["id", "turf", "number", "volunteer", "checked_out_at", "due_at", "completed_at", "status", "size"]


class CampaignViewSet(ScopedReadOnlyViewSet):
    queryset = Campaign.objects.select_related("territory")
    serializer_class = CampaignSerializer
    cursor_ordering = "-id"


class TurfViewSet(ScopedReadOnlyViewSet):
    queryset = Turf.objects.select_related("territory", "unit")
    serializer_class = TurfSerializer
    cursor_ordering = "id"


class WalkListViewSet(ScopedReadOnlyViewSet):
    """Thousands of lists per campaign: keyset by id, each with its number of people."""

    queryset = WalkList.objects.annotate(size=Count("entries"))
    serializer_class = WalkListSerializer
    cursor_ordering = "id"


def register(router) -> None:
    register_route(router, app="campaigns", resource="campaigns", viewset=CampaignViewSet)
    register_route(router, app="campaigns", resource="turfs", viewset=TurfViewSet)
    register_route(router, app="campaigns", resource="walk-lists", viewset=WalkListViewSet)
