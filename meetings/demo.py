"""Demo data of meetings (run by `manage.py seed_demo` after the members): a planning meeting of
the membership office in Antioquia and a national one with the director, with commitments at every
status (one of them overdue, for the home page and "Mis compromisos"). Safe to run again."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

DEMO_TITLE = "Planeación de jornadas de carnetización en Antioquia"


def seed(stdout=None, **_options) -> None:
    from core.models import Territory, User
    from meetings import services
    from meetings.models import Meeting
    from militancia.models import Member

    if Meeting.objects.filter(title=DEMO_TITLE).exists():
        return
    users = {u.username: u for u in User.objects.filter(username__in=[
        "admin", "coord.antioquia", "carnetizacion", "jefe.comunicaciones", "electoral"])}  # fmt: skip
    if len(users) < 5:
        return
    coordinator, admin = users["coord.antioquia"], users["admin"]
    antioquia = Territory.objects.get(code="05", kind=Territory.Kind.DEPARTMENT)
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    today = timezone.localdate()
    meeting = services.meeting_create(
        actor=coordinator,
        kind="planning",
        title=DEMO_TITLE,
        starts_at=now - timedelta(days=10),
        secretariat="membership",
        territory=antioquia,
        place="Sede departamental, Medellín",
        agenda="1. Jornadas del mes en Bello, Itagüí y Envigado\n2. Carnets pendientes de entrega\n3. Metas de diciembre",
        attendee_users=[coordinator, users["carnetizacion"]],
    )
    services.meeting_minutes_record(
        actor=coordinator,
        meeting=meeting,
        minutes="Se acordaron tres jornadas y la entrega de los carnets impresos en noviembre.",
    )
    for member in Member.objects.filter(territory__path__startswith=antioquia.path, status="activo")[:3]:
        services.meeting_member_add(
            actor=coordinator, meeting=meeting, id_type=member.id_type, id_number=member.id_number
        )
    services.commitment_create(
        actor=coordinator, meeting=meeting, description="Entregar los carnets impresos en noviembre",
        responsible=coordinator, due_on=today - timedelta(days=3),
    )  # fmt: skip
    ongoing = services.commitment_create(
        actor=coordinator, meeting=meeting, description="Reservar el coliseo de Bello para la jornada",
        responsible=users["carnetizacion"], due_on=today + timedelta(days=4),
    )  # fmt: skip
    done = services.commitment_create(
        actor=coordinator, meeting=meeting, description="Enviar la convocatoria a los militantes de Itagüí",
        responsible=coordinator, due_on=today - timedelta(days=5),
    )  # fmt: skip
    services.commitment_move(actor=users["carnetizacion"], commitment=ongoing, name="start")
    services.commitment_move(actor=coordinator, commitment=done, name="complete")
    services.commitments_mark_overdue()
    national = services.meeting_create(
        actor=admin,
        kind="director",
        title="Reunión del director nacional con las secretarías",
        starts_at=now + timedelta(days=2),
        secretariat="directorate",
        territory=Territory.objects.get(kind=Territory.Kind.COUNTRY),
        link="https://meet.example.org/direccion-nacional",
        agenda="1. Cifras de militancia\n2. Agenda de prensa del mes\n3. Calendario electoral",
        attendee_users=[admin, users["jefe.comunicaciones"], users["electoral"]],
    )
    services.commitment_create(
        actor=admin, meeting=national, description="Preparar la rueda de prensa sobre afiliación juvenil",
        responsible=users["jefe.comunicaciones"], due_on=today + timedelta(days=6),
    )  # fmt: skip
    services.commitment_create(
        actor=admin, meeting=national, description="Llevar el informe de militancia por departamento",
        responsible=admin, due_on=today - timedelta(days=1),
    )  # fmt: skip
    if stdout is not None:
        stdout.write("Reuniones: dos reuniones con compromisos pendientes, en curso, cumplidos y vencidos.")
