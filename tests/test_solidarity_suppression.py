"""Suppression reaches solidarity cases (data_rights over the solidarity app: a cross-app test)."""

from __future__ import annotations

from datetime import date

import pytest

from core.roles import Role
from core.tests.factories import make_user
from data_rights import services as rights
from militancia.models import Member
from militancia.tests.factories import MemberFactory
from solidarity import services
from solidarity.models import CaseAction, SolidarityCase
from solidarity.tests.factories import make_case, make_professional, secretary


@pytest.fixture
def case(db, medellin, antioquia):
    sofia = secretary()
    lawyer = make_professional(actor=sofia, territory=antioquia, user=make_user("laura"))
    return make_case(actor=sofia, member=MemberFactory(territory=medellin), professional=lawyer)


@pytest.fixture
def member(case):
    return case.member


@pytest.fixture
def lawyer_user(case):
    return case.professional.user


@pytest.mark.django_db
def test_the_suppression_erases_the_cases(case, member, lawyer_user, alice):
    services.case_action_record(
        actor=lawyer_user, case=case, kind=CaseAction.Kind.ACTION, done_on=date.today(), description="Audiencia"
    )
    Member.objects.filter(pk=member.pk).update(status=Member.Status.RESIGNED)
    member.refresh_from_db()
    second = make_user("diana", Role.NATIONAL_ADMIN)
    request = rights.suppression_request(actor=alice, member=member, reason="Lo pidió")
    rights.suppression_confirm(actor=second, request=request)
    assert not SolidarityCase.objects.filter(member=member).exists()


@pytest.mark.django_db
def test_the_suppression_erases_the_actions(case, member, lawyer_user, alice):
    services.case_action_record(
        actor=lawyer_user, case=case, kind=CaseAction.Kind.ACTION, done_on=date.today(), description="Audiencia"
    )
    Member.objects.filter(pk=member.pk).update(status=Member.Status.RESIGNED)
    member.refresh_from_db()
    second = make_user("diana", Role.NATIONAL_ADMIN)
    rights.suppression_confirm(
        actor=second, request=rights.suppression_request(actor=alice, member=member, reason="Lo pidió")
    )
    assert not CaseAction.objects.filter(description="Audiencia").exists()
