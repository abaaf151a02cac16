"""/api/v1/social-orgs/organizations/ and /elections/: the directory and the elections, scoped like the pages.

No linked members here: who belongs to an organization is read on its page, where it is audited.
"""

from __future__ import annotations

from rest_framework import serializers

from core.api.routes import register_route
from core.api.territories import TerritoryCodeField
from core.api.views import ScopedReadOnlyViewSet
from social_orgs.models import OrganizationElection, SocialOrganization


class SocialOrganizationSerializer(serializers.ModelSerializer):
    territory = TerritoryCodeField(read_only=True)
    fronts = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    email = serializers.CharField(read_only=True, help_text="An e-mail address, or empty when none is known.")

    class Meta:
        model = SocialOrganization
        fields = ["id", "name", "kind", "territory", "contact_name", "phone", "email", "address", "fronts", "active"]
        read_only_fields = fields


class OrganizationViewSet(ScopedReadOnlyViewSet):
    """Social organizations in the user's scope (`?territory=05`)."""

    queryset = SocialOrganization.objects.select_related("territory").prefetch_related("fronts")
    serializer_class = SocialOrganizationSerializer
    cursor_ordering = ("name", "id")


class OrganizationElectionSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = OrganizationElection
        fields = ["id", "organization", "organization_name", "title", "held_on", "status", "party_support"]
        read_only_fields = fields


class ElectionViewSet(ScopedReadOnlyViewSet):
    """Internal elections of the organizations in scope."""

    queryset = OrganizationElection.objects.select_related("organization")
    serializer_class = OrganizationElectionSerializer
    cursor_ordering = ("-held_on", "-id")


def register(router) -> None:
    register_route(router, app="social_orgs", resource="organizations", viewset=OrganizationViewSet)
    register_route(router, app="social_orgs", resource="elections", viewset=ElectionViewSet)
