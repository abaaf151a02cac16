"""Demo data of solidarity (run by `manage.py seed_demo`): a directory of professionals, one of
them with an account (`abogada.voluntaria`, no role: she sees only her cases), and cases at each
step, one of them a restricted threat case. Safe to run again."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone


@transaction.atomic
def seed(stdout=None, **_options) -> None:
    from core.demo_accounts import DEMO_PASSWORD
    from core.models import Territory, User
    from militancia.models import Member
    from solidarity import services
    from solidarity.models import CaseAction, Professional, SolidarityCase, Specialty

    if Professional.objects.exists():
        return
    secretary = User.objects.filter(username="solidaridad").first()
    if secretary is None:
        return
    antioquia = Territory.objects.filter(code="05").first()
    bogota = Territory.objects.filter(code="11").first()
    account, created = User.objects.get_or_create(
        username="abogada.voluntaria",
        defaults={"first_name": "Lucía", "last_name": "Restrepo", "email": "abogada.voluntaria@demo.local"},
    )
    if created:
        account.set_password(DEMO_PASSWORD)
        account.save()

    def professional(name, email, specialty, territory, user=None, availability=Professional.Availability.AVAILABLE):
        return services.professional_save(
            actor=secretary,
            name=name,
            specialty=specialty,
            territory=territory,
            availability=availability,
            availability_notes="Tardes y fines de semana" if user else "",
            phone="3005550100",
            email=f"{email}@voluntarios.demo",
            user=user,
        )

    lawyer = professional("Lucía Restrepo", "lucia.restrepo", Specialty.LAWYER, antioquia, user=account)
    doctor = professional("Andrés Gómez", "andres.gomez", Specialty.DOCTOR, antioquia)
    professional("Marta Ruiz", "marta.ruiz", Specialty.SOCIAL_WORKER, bogota)
    professional(
        "Julián Mora", "julian.mora", Specialty.HUMAN_RIGHTS, None, availability=Professional.Availability.LIMITED
    )

    members = list(Member.objects.filter(territory__path__startswith=antioquia.path).order_by("pk")[:4])
    if len(members) < 4:
        return
    today = timezone.localdate()
    detained = services.case_open(
        actor=secretary,
        member=members[0],
        kind=SolidarityCase.Kind.LEGAL,
        urgency=SolidarityCase.Urgency.HIGH,
        facts="Detenido durante una movilización en el centro de Medellín, sin que se le leyeran sus derechos.",
        needs="Acompañamiento jurídico en la audiencia de legalización de captura.",
        opened_on=today - timedelta(days=6),
    )
    services.case_assign(actor=secretary, case=detained, professional=lawyer)
    services.case_action_record(
        actor=account,
        case=detained,
        kind=CaseAction.Kind.ACTION,
        done_on=today - timedelta(days=5),
        description="Asistí a la audiencia: el juez declaró ilegal la captura y ordenó la libertad.",
        next_step_on=today + timedelta(days=7),
    )
    threatened = services.case_open(
        actor=secretary,
        member=members[1],
        kind=SolidarityCase.Kind.SECURITY,
        urgency=SolidarityCase.Urgency.CRITICAL,
        facts="Recibió un panfleto con amenazas contra los dirigentes comunales del barrio.",
        needs="Ruta de protección ante la UNP y acompañamiento a la denuncia.",
        opened_on=today - timedelta(days=2),
    )
    services.case_assign(actor=secretary, case=threatened, professional=lawyer)
    services.case_restrict(actor=secretary, case=threatened, restricted=True, users=[])
    ill = services.case_open(
        actor=secretary,
        member=members[2],
        kind=SolidarityCase.Kind.MEDICAL,
        urgency=SolidarityCase.Urgency.MEDIUM,
        facts="Dirigente veredal con diagnóstico reciente; la EPS no autoriza el tratamiento.",
        needs="Orientación médica y acompañamiento para la tutela.",
        opened_on=today - timedelta(days=20),
    )
    services.case_assign(actor=secretary, case=ill, professional=doctor)
    services.case_open(
        actor=secretary,
        member=members[3],
        kind=SolidarityCase.Kind.SOCIAL,
        urgency=SolidarityCase.Urgency.LOW,
        facts="Su vivienda resultó afectada por las lluvias.",
        needs="Ayuda humanitaria y gestión ante la alcaldía.",
    )
    if stdout:
        stdout.write("Solidaridad: profesionales y casos de demostración creados.")
