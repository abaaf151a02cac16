from __future__ import annotations

from datetime import date, timedelta

from core.models import Territory, User
from core.roles import Role
from core.tests.factories import make_user
from social_orgs import services
from social_orgs.models import OrganizationElection, SocialOrganization


def social_secretary(username: str = "sara", territories: list[Territory] | tuple = ()) -> User:
    return make_user(username, Role.SOCIAL_AFFAIRS, territories=territories)


def make_organization(*, actor: User, territory: Territory, name: str = "JAC Barrio Manrique") -> SocialOrganization:
    return services.organization_save(
        actor=actor,
        name=name,
        kind=SocialOrganization.Kind.COMMUNITY_BOARD,
        territory=territory,
        contact_name="Presidencia de la junta",
        phone="6045550000",
    )


def make_election(*, actor: User, organization: SocialOrganization) -> OrganizationElection:
    return services.election_create(
        actor=actor,
        organization=organization,
        held_on=date.today() + timedelta(days=20),
        title="Elección de dignatarios",
    )
