"""Factories of militancia's models (factory_boy). Shared by the app's tests."""

from __future__ import annotations

import itertools
from datetime import date

import factory
from django.utils import timezone

from core.tests.factories import territory
from militancia.identity import search_name
from militancia.models import DuplicateCandidate, Member


class MemberFactory(factory.django.DjangoModelFactory):
    """A member in Medellín unless told otherwise (bypasses the services: no audit event)."""

    class Meta:
        model = Member

    id_type = "CC"
    id_number = factory.Sequence(lambda n: str(70_000_000 + n))
    first_names = factory.Faker("first_name", locale="es_CO")
    last_names = factory.Faker("last_name", locale="es_CO")
    territory = factory.LazyFunction(lambda: territory("05001"))
    joined_on = factory.LazyFunction(timezone.localdate)
    consent_date = factory.LazyFunction(timezone.localdate)
    consent_channel = Member.ConsentChannel.PAPER
    search_name = factory.LazyAttribute(lambda m: search_name(m.first_names, m.last_names))


class DuplicateCandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DuplicateCandidate

    reason = DuplicateCandidate.Reason.NAME_AND_BIRTH


# Members built directly, with fixed values tests can assert on.
_numbers = itertools.count(70_000_001)


def make_member(territory, **fields) -> Member:
    values = {
        "id_type": "CC",
        "id_number": str(next(_numbers)),
        "first_names": "Ana María",
        "last_names": "Pérez Gómez",
        "territory": territory,
        "joined_on": date(2020, 5, 4),
        "email": "ana@example.org",
        "phone": "3001234567",
        "address": "Calle 10 # 20-30",
    }
    values.update(fields)
    return Member.objects.create(**values)
