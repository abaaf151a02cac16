"""The case page costs a fixed number of queries: not one more per transition the workflow weighs,
per action recorded or per history row (the guard used to re-check visibility for each move)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from core.tests.factories import make_user
from militancia.tests.factories import MemberFactory
from solidarity import services
from solidarity.models import CaseAction
from solidarity.tests.factories import make_case, make_professional, secretary

pytestmark = pytest.mark.django_db
# Session, user, second factor, roles, scope; the case; the audit event, its personal value and the
# member's access row; actions; history; the named people; the two choice lists of the forms. The
# test transaction adds a SAVEPOINT and its RELEASE around the audit (django_assert_max_num_queries
# counts them): 14 statements a page for the secretariat (11 for the professional), 2 more here. Before: 19-23, one more per transition weighed.
BUDGET = 16
PROFESSIONAL_BUDGET = 13  # no role: no assignment or restriction forms


@pytest.fixture
def busy_case(antioquia, medellin):
    sofia = secretary()
    laura = make_user("laura")
    lawyer = make_professional(actor=sofia, territory=antioquia, user=laura)
    case = make_case(actor=sofia, member=MemberFactory(territory=medellin), professional=lawyer)
    for day in range(1, 7):
        services.case_action_record(
            actor=laura, case=case, kind=CaseAction.Kind.ACTION, done_on=date(2026, 3, day), description=f"Paso {day}"
        )
    case = services.case_close(actor=sofia, case=case, outcome="Resuelto")
    case = services.case_reopen(actor=sofia, case=case, note="Nueva amenaza")
    return case, sofia, laura


def test_the_secretariat_sees_the_case_page_within_a_fixed_budget(login_as, busy_case, django_assert_max_num_queries):
    case, sofia, _ = busy_case
    client = login_as(sofia)
    url = reverse("solidarity:case-detail", kwargs={"pk": case.pk})
    client.get(url)  # warms the per-process caches (content types, roles)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["history"]) >= 4
    assert [m.name for m in response.context["moves"]] == ["close"]


def test_the_professional_sees_the_case_page_within_a_fixed_budget(login_as, busy_case, django_assert_max_num_queries):
    case, _, laura = busy_case
    client = login_as(laura)
    url = reverse("solidarity:case-detail", kwargs={"pk": case.pk})
    client.get(url)
    with django_assert_max_num_queries(PROFESSIONAL_BUDGET):
        response = client.get(url)
    assert response.status_code == 200
    assert list(response.context["moves"]) == []
