"""Factories for meetings tests: built through the services, as a user would."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from meetings import services


def make_meeting(*, actor, territory, **fields):
    values = {
        "kind": "planning",
        "title": "Planeación de carnetización",
        "starts_at": timezone.now(),
        "secretariat": "membership",
        "place": "Sede departamental",
        "agenda": "1. Jornadas del mes\n2. Metas",
    }
    values.update(fields)
    return services.meeting_create(actor=actor, territory=territory, **values)


def make_commitment(*, actor, meeting, responsible, days: int = 7, description: str = "Organizar la jornada"):
    return services.commitment_create(
        actor=actor,
        meeting=meeting,
        description=description,
        responsible=responsible,
        due_on=timezone.localdate() + timedelta(days=days),
    )
