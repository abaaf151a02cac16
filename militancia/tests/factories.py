"""Factories of militancia's models (factory_boy). Shared by the app's tests."""

from __future__ import annotations

import factory
from django.utils import timezone

from core.tests.factories import territory
from militancia.models import DuplicateCandidate, Member


class MemberFactory(factory.django.DjangoModelFactory):
    """A member in Medellín unless told otherwise (bypasses the services: no audit event).

    The one way tests build members: pass the fields a test asserts on. Contact data and the
    birth date are blank unless given (Member.save() derives search_name).
    """

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


class DuplicateCandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DuplicateCandidate

    reason = DuplicateCandidate.Reason.NAME_AND_BIRTH
