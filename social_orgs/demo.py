"""Demo data of social organizations (run by `manage.py seed_demo`): fronts, organizations in
Antioquia and Bogotá with linked members, notes, and an upcoming election. Safe to run again."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone


@transaction.atomic
def seed(stdout=None, **_options) -> None:
    from core.models import Territory, User
    from militancia.models import Member
    from social_orgs import services
    from social_orgs.models import OrganizationActivity, OrganizationMember, SocialOrganization

    if SocialOrganization.objects.exists():
        return
    secretary = User.objects.filter(username="asuntos.sociales").first()
    medellin = Territory.objects.filter(code="05001").first()
    bogota = Territory.objects.filter(code="11001").first()
    if secretary is None or medellin is None:
        return
    today = timezone.localdate()
    community = services.front_create(actor=secretary, name="Frente comunal", description="Juntas de acción comunal")
    labour = services.front_create(actor=secretary, name="Frente sindical", description="Sindicatos y trabajadores")
    youth = services.front_create(actor=secretary, name="Frente juvenil")

    def organization(name, kind, territory, fronts, contact):
        return services.organization_save(
            actor=secretary,
            name=name,
            kind=kind,
            territory=territory,
            contact_name=contact,
            phone="6045551234",
            email=f"{name.split()[0].lower()}@organizaciones.demo",
            address="Sede comunal",
            fronts=fronts,
        )

    jac = organization(
        "JAC Barrio Manrique Central", SocialOrganization.Kind.COMMUNITY_BOARD, medellin, [community], "Presidencia"
    )
    union = organization(
        "Sindicato de Educadores de Antioquia", SocialOrganization.Kind.UNION, medellin, [labour], "Junta"
    )
    organization("Brigada Juvenil Comuna 13", SocialOrganization.Kind.BRIGADE, medellin, [youth], "Coordinación")
    if bogota:
        organization(
            "Cooperativa Multiactiva Kennedy", SocialOrganization.Kind.COOPERATIVE, bogota, [labour], "Gerencia"
        )
    members = list(Member.objects.filter(territory__path__startswith=medellin.parent.path).order_by("pk")[:4])
    if len(members) < 4:
        return
    services.organization_member_add(
        actor=secretary, organization=jac, member=members[0], role=OrganizationMember.Role.LEADER, position="Presidente"
    )
    services.organization_member_add(
        actor=secretary, organization=jac, member=members[1], role=OrganizationMember.Role.MEMBER
    )
    services.organization_member_add(
        actor=secretary, organization=union, member=members[2], role=OrganizationMember.Role.LEADER, position="Fiscal"
    )
    services.activity_record(
        actor=secretary,
        organization=jac,
        kind=OrganizationActivity.Kind.MEETING,
        held_on=today - timedelta(days=10),
        title="Reunión con la junta directiva",
        notes="Acordamos apoyar la jornada de arborización y la elección de dignatarios.",
        front=community,
    )
    election = services.election_create(
        actor=secretary, organization=jac, held_on=today + timedelta(days=25), title="Elección de dignatarios 2027"
    )
    president = services.election_position_add(
        actor=secretary, election=election, name="Presidencia", requires_member=True
    )
    treasurer = services.election_position_add(actor=secretary, election=election, name="Tesorería")
    services.election_candidate_add(actor=secretary, position=president, member=members[0])
    services.election_candidate_add(actor=secretary, position=treasurer, member=members[3])
    services.election_candidate_add(actor=secretary, position=treasurer, name="Gloria Patiño")
    services.election_support(
        actor=secretary, election=election, supported=True, notes="Testigos en la mesa y transporte para los votantes."
    )
    if stdout:
        stdout.write("Organizaciones sociales: datos de demostración creados.")
