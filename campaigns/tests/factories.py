"""Builders for field-work tests: contacts with consent, a campaign with a turf and a list checked
out to a volunteer."""

from __future__ import annotations

import itertools

from django.utils import timezone

from campaigns.models import Campaign, Contact, ListEntry, SupportLevel, Turf, WalkList

_numbers = itertools.count(1)
NAMES = ["Ana", "Luis", "Marta", "Jorge", "Sofía", "Andrés", "Paula", "Camilo", "Diana", "Felipe", "Laura"]


def make_contact(territory, polling_place=None, **fields) -> Contact:
    """A contact with recorded consent (bypasses the services: no audit event)."""
    n = next(_numbers)
    values = {
        "first_names": NAMES[n % len(NAMES)],
        "last_names": "Prueba",
        "address": f"Calle {n} # 10-20",
        "phone": f"300{n:07d}",
        "territory": territory,
        "polling_place": polling_place,
        "consent_channel": Contact.ConsentChannel.VERBAL,
        "consent_date": timezone.localdate(),
        "support_level": SupportLevel.UNKNOWN,
    }
    values.update(fields)
    return Contact.objects.create(**values)


def make_campaign(territory=None, **fields) -> Campaign:
    values = {"name": "Puerta a puerta 2027", "territory": territory, "issues": ["Seguridad", "Empleo"], "list_size": 5}
    values.update(fields)
    return Campaign.objects.create(**values)


def make_turf(campaign, territory, unit=None, **fields) -> Turf:
    return Turf.objects.create(
        campaign=campaign, name=fields.pop("name", "Zona 1"), territory=territory, unit=unit, **fields
    )


def make_list(turf, contacts, volunteer=None, *, days: int = 3, number: int | None = None) -> WalkList:
    """A list with the given contacts, checked out to `volunteer` for `days` (negative: expired)."""
    number = number or (WalkList.objects.filter(turf=turf).count() + 1)
    now = timezone.now()
    wl = WalkList.objects.create(
        turf=turf,
        number=number,
        volunteer=volunteer,
        checked_out_at=now if volunteer else None,
        due_at=now + timezone.timedelta(days=days) if volunteer else None,
    )
    ListEntry.objects.bulk_create(
        [ListEntry(walk_list=wl, contact=c, position=i) for i, c in enumerate(contacts, start=1)]
    )
    return wl
