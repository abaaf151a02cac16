"""Reads of social organizations, always through `visible_to(user)`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from social_orgs.models import (
    ElectionCandidate,
    ElectionPosition,
    OrganizationElection,
    OrganizationMember,
    SocialOrganization,
    WorkFront,
)

if TYPE_CHECKING:
    from core.models import Territory, User


def organization_list(
    *, user: User, kind: str = "", territory: Territory | None = None, front: WorkFront | None = None
) -> QuerySet[SocialOrganization]:
    organizations = SocialOrganization.objects.visible_to(user).select_related("territory")
    if kind:
        organizations = organizations.filter(kind=kind)
    if territory is not None:
        organizations = organizations.filter(territory__path__startswith=territory.path)
    if front is not None:
        organizations = organizations.filter(fronts=front)
    return organizations.annotate(linked=Count("members", distinct=True)).order_by("name", "id")


def organization_get(*, user: User, pk: int) -> SocialOrganization:
    return (
        SocialOrganization.objects.visible_to(user)
        .select_related("territory", "created_by")
        .prefetch_related("fronts")
        .get(pk=pk)
    )


def organization_members(*, organization: SocialOrganization) -> list[OrganizationMember]:
    return list(
        organization.members.select_related("member", "member__territory").order_by("role", "member__last_names")
    )


def front_list(*, user: User) -> QuerySet[WorkFront]:
    return (
        WorkFront.objects.visible_to(user)
        .select_related("territory", "coordinator")
        .annotate(organization_count=Count("organizations", distinct=True))
        .order_by("-active", "name")
    )


def election_list(*, user: User, upcoming: bool = False) -> QuerySet[OrganizationElection]:
    elections = OrganizationElection.objects.visible_to(user).select_related("organization", "organization__territory")
    if upcoming:
        elections = elections.filter(held_on__gte=timezone.localdate(), status=OrganizationElection.Status.PLANNED)
    return elections.order_by("held_on" if upcoming else "-held_on", "id")


def election_get(*, user: User, pk: int) -> OrganizationElection:
    return (
        OrganizationElection.objects.visible_to(user)
        .select_related("organization", "organization__territory")
        .prefetch_related(
            Prefetch(
                "positions",
                queryset=ElectionPosition.objects.prefetch_related(
                    Prefetch("candidates", queryset=ElectionCandidate.objects.select_related("member"))
                ),
            )
        )
        .get(pk=pk)
    )


def upcoming_election_count(*, user: User) -> int:
    return election_list(user=user, upcoming=True).count()
