"""Professionals and cases built through the services, as the secretariat makes them."""

from __future__ import annotations

from core.models import Territory, User
from core.roles import Role
from core.tests.factories import make_user
from militancia.models import Member
from solidarity import services
from solidarity.models import Professional, SolidarityCase, Specialty


def secretary(username: str = "sofia", territories: list[Territory] | tuple = ()) -> User:
    return make_user(username, Role.SOLIDARITY, territories=territories)


def make_professional(
    *,
    actor: User,
    name: str = "Laura Abogada",
    specialty: str = Specialty.LAWYER,
    territory: Territory | None = None,
    user: User | None = None,
) -> Professional:
    return services.professional_save(
        actor=actor,
        name=name,
        specialty=specialty,
        territory=territory,
        availability=Professional.Availability.AVAILABLE,
        phone="3005550101",
        email="laura@example.org",
        user=user,
    )


def make_case(
    *,
    actor: User,
    member: Member,
    kind: str = SolidarityCase.Kind.LEGAL,
    professional: Professional | None = None,
    facts: str = "Detenido sin orden judicial durante una movilización.",
) -> SolidarityCase:
    case = services.case_open(
        actor=actor,
        member=member,
        kind=kind,
        urgency=SolidarityCase.Urgency.HIGH,
        facts=facts,
        needs="Acompañamiento jurídico en la audiencia.",
    )
    if professional is not None:
        case = services.case_assign(actor=actor, case=case, professional=professional)
    return case
