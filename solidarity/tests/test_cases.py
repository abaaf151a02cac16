"""Solidarity cases: who sees them, audited reads, the assignment rules, the data report and suppression."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import AuditEvent
from core.roles import Role
from core.tests.factories import make_user
from core.tests.permissions import ANONYMOUS, LOGIN, assert_statuses
from core.tests.queries import at_most_queries
from militancia.models import MemberAccess
from militancia.personal_data import personal_data_report
from militancia.tests.factories import MemberFactory
from solidarity import services
from solidarity.models import CaseAction, CaseHistory, SolidarityCase, Specialty
from solidarity.tests.factories import make_case, make_professional, secretary


@pytest.fixture
def sofia(db):
    return secretary()


@pytest.fixture
def lawyer_user(db):
    return make_user("laura")  # no role: she signs in as the case's professional only


@pytest.fixture
def lawyer(sofia, lawyer_user, antioquia):
    return make_professional(actor=sofia, territory=antioquia, user=lawyer_user)


@pytest.fixture
def member(medellin):
    return MemberFactory(territory=medellin, first_names="Rosa", last_names="Quintero")


@pytest.fixture
def case(sofia, member, lawyer):
    return make_case(actor=sofia, member=member, professional=lawyer)


def detail(case):
    return reverse("solidarity:case-detail", kwargs={"pk": case.pk})


@pytest.mark.django_db
def test_it_shows_the_case_only_to_the_secretariat_and_the_professional(client, case, sofia, lawyer_user, bob):
    assert_statuses(
        client,
        detail(case),
        {
            ANONYMOUS: LOGIN,
            sofia: 200,
            lawyer_user: 200,
            bob: 404,  # the coordinator of the case's own department
            Role.NATIONAL_ADMIN: 404,  # national, but without the secretariat's role
            Role.READ_ONLY: 404,
        },
    )


@pytest.mark.django_db
def test_a_coordinator_of_the_same_territory_cannot_open_a_case(login_as, case, bob):
    assert login_as(bob).get(detail(case)).status_code == 404


@pytest.mark.django_db
def test_the_assigned_professional_opens_the_case(login_as, case, lawyer_user):
    response = login_as(lawyer_user).get(detail(case))
    assert "Detenido sin orden judicial" in response.content.decode()


@pytest.mark.django_db
def test_a_national_admin_without_the_role_cannot_open_a_case(login_as, case, alice):
    assert login_as(alice).get(detail(case)).status_code == 404


@pytest.mark.django_db
def test_a_superuser_does_not_get_the_role_for_free(login_as, case, alice):
    alice.is_superuser = True
    alice.save()
    assert not SolidarityCase.objects.visible_to(alice).exists()


@pytest.mark.django_db
def test_another_professional_does_not_see_the_case(login_as, case, sofia):
    other_user = make_user("pedro")
    make_professional(actor=sofia, name="Pedro Médico", specialty=Specialty.DOCTOR, user=other_user)
    assert login_as(other_user).get(detail(case)).status_code == 404


@pytest.mark.django_db
def test_a_secretary_of_another_department_does_not_see_the_case(login_as, case, cundinamarca):
    outsider = secretary("tomas", territories=[cundinamarca])
    assert login_as(outsider).get(detail(case)).status_code == 404


@pytest.mark.django_db
def test_the_case_pages_refuse_other_roles(client, case):
    assert_statuses(
        client,
        reverse("solidarity:case-list"),
        {Role.NATIONAL_ADMIN: 403, Role.REGIONAL_COORDINATOR: 403, Role.SOLIDARITY: 200, ANONYMOUS: LOGIN},
    )


@pytest.mark.django_db
def test_a_restricted_case_is_seen_only_by_its_named_people(client, case, sofia, lawyer_user):
    colleague = secretary("marta")
    named = secretary("nora")
    services.case_restrict(actor=sofia, case=case, restricted=True, users=[named])
    assert_statuses(
        client,
        detail(case),
        {sofia: 200, named: 200, lawyer_user: 200, colleague: 404},
    )


@pytest.mark.django_db
def test_a_restricted_case_names_only_holders_of_the_role(case, sofia, bob):
    with pytest.raises(ValidationError, match="no tienen el rol|do not hold"):
        services.case_restrict(actor=sofia, case=case, restricted=True, users=[bob])


@pytest.mark.django_db
def test_opening_a_case_is_audited_about_the_case_and_its_member(login_as, case, lawyer_user, member):
    login_as(lawyer_user).get(detail(case))
    event = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, actor=lawyer_user).latest("pk")
    assert MemberAccess.objects.filter(event=event, member=member).exists()


@pytest.mark.django_db
def test_opening_a_case_names_the_case_in_the_event(login_as, case, lawyer_user):
    login_as(lawyer_user).get(detail(case))
    event = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, actor=lawyer_user).latest("pk")
    assert event.object_id == str(case.pk)


@pytest.mark.django_db
def test_a_list_page_records_each_member_shown(login_as, sofia, case, medellin):
    other = make_case(actor=sofia, member=MemberFactory(territory=medellin))
    login_as(sofia).get(reverse("solidarity:case-list"))
    event = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, actor=sofia).latest("pk")
    shown = set(MemberAccess.objects.filter(event=event).values_list("member_id", flat=True))
    assert shown == {case.member_id, other.member_id}


@pytest.mark.django_db
def test_the_list_page_costs_the_same_for_many_cases(login_as, sofia, lawyer, medellin):
    for _ in range(12):
        make_case(actor=sofia, member=MemberFactory(territory=medellin), professional=lawyer)
    client = login_as(sofia)
    with at_most_queries(16):
        response = client.get(reverse("solidarity:case-list"))
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_professional_lists_only_their_cases(login_as, case, sofia, lawyer_user, medellin):
    make_case(actor=sofia, member=MemberFactory(territory=medellin))  # not assigned
    response = login_as(lawyer_user).get(reverse("solidarity:case-list"))
    assert list(response.context["page"]) == [case]


@pytest.mark.django_db
def test_a_professional_outside_the_specialty_needs_a_confirmation(sofia, member, antioquia):
    doctor = make_professional(actor=sofia, name="Pedro Médico", specialty=Specialty.DOCTOR, territory=antioquia)
    case = make_case(actor=sofia, member=member)
    with pytest.raises(ValidationError) as refusal:
        services.case_assign(actor=sofia, case=case, professional=doctor)
    assert "confirm_specialty" in refusal.value.message_dict


@pytest.mark.django_db
def test_a_confirmed_assignment_outside_the_specialty_goes_through(sofia, member, antioquia):
    doctor = make_professional(actor=sofia, name="Pedro Médico", specialty=Specialty.DOCTOR, territory=antioquia)
    case = make_case(actor=sofia, member=member)
    case = services.case_assign(actor=sofia, case=case, professional=doctor, specialty_confirmed=True)
    assert case.professional == doctor


@pytest.mark.django_db
def test_the_page_warns_about_the_specialty_and_asks_to_confirm(login_as, sofia, member, antioquia):
    doctor = make_professional(actor=sofia, name="Pedro Médico", specialty=Specialty.DOCTOR, territory=antioquia)
    case = make_case(actor=sofia, member=member)
    response = login_as(sofia).post(
        reverse("solidarity:case-assign", kwargs={"pk": case.pk}), {"professional": doctor.pk, "territory_reason": ""}
    )
    assert 'id="specialty-warning"' in response.content.decode()


@pytest.mark.django_db
def test_a_professional_from_another_territory_needs_a_written_reason(sofia, member, cundinamarca):
    remote = make_professional(actor=sofia, name="Ana Bogotá", territory=cundinamarca)
    case = make_case(actor=sofia, member=member)
    with pytest.raises(ValidationError) as refusal:
        services.case_assign(actor=sofia, case=case, professional=remote)
    assert "territory_reason" in refusal.value.message_dict


@pytest.mark.django_db
def test_the_reason_for_a_remote_professional_is_recorded(sofia, member, cundinamarca):
    remote = make_professional(actor=sofia, name="Ana Bogotá", territory=cundinamarca)
    case = make_case(actor=sofia, member=member)
    services.case_assign(actor=sofia, case=case, professional=remote, territory_reason="Única penalista disponible")
    case.refresh_from_db()
    assert case.assignment_reason == "Única penalista disponible"


@pytest.mark.django_db
def test_the_professional_records_a_follow_up_and_the_case_moves_on(case, lawyer_user):
    services.case_action_record(
        actor=lawyer_user, case=case, kind=CaseAction.Kind.ACTION, done_on=date.today(), description="Audiencia"
    )
    case.refresh_from_db()
    assert case.status == SolidarityCase.Status.FOLLOW_UP


@pytest.mark.django_db
def test_the_professional_cannot_close_the_case(case, lawyer_user):
    with pytest.raises(PermissionDenied):
        services.case_close(actor=lawyer_user, case=case, outcome="Resuelto")


@pytest.mark.django_db
def test_the_secretariat_closes_the_case_with_its_outcome(case, sofia):
    services.case_close(actor=sofia, case=case, outcome="Libertad inmediata")
    assert CaseHistory.objects.filter(case=case, to_status=SolidarityCase.Status.CLOSED).exists()


@pytest.mark.django_db
def test_a_coordinator_cannot_open_a_case_through_the_service(bob, member):
    with pytest.raises(PermissionDenied):
        services.case_open(actor=bob, member=member, kind="juridico", urgency="alta", facts="x", needs="y")


@pytest.mark.django_db
def test_the_data_report_lists_the_members_cases(case, member):
    models = {entry.model for entry, _lines in personal_data_report(member)}
    assert SolidarityCase in models


@pytest.mark.django_db
def test_opening_a_case_through_the_page(login_as, sofia, member):
    response = login_as(sofia).post(
        reverse("solidarity:case-create"),
        {
            "id_type": member.id_type,
            "id_number": member.id_number,
            "kind": SolidarityCase.Kind.SECURITY,
            "urgency": SolidarityCase.Urgency.CRITICAL,
            "facts": "Amenazas por panfleto",
            "needs": "Ruta de protección",
        },
    )
    case = SolidarityCase.objects.get(member=member)
    assert response["Location"] == detail(case)


@pytest.mark.django_db
def test_a_document_out_of_scope_gets_the_same_answer_as_an_unknown_one(login_as, cundinamarca, medellin):
    local = secretary("tomas", territories=[cundinamarca])
    hidden = MemberFactory(territory=medellin)
    response = login_as(local).post(
        reverse("solidarity:case-create"),
        {
            "id_type": hidden.id_type,
            "id_number": hidden.id_number,
            "kind": "juridico",
            "urgency": "alta",
            "facts": "x",
            "needs": "y",
        },
    )
    assert "No hay un militante con ese documento en su alcance" in response.content.decode()
