from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.tests.permissions import assert_statuses
from militancia.models import Member
from militancia.panels import panels_for
from militancia.tests.factories import MemberFactory
from party_bodies import selectors, services
from party_bodies.models import Office, OfficeTerm
from party_bodies.pdf import attendance_certificate_pdf


@pytest.fixture
def body(bob, antioquia):
    return services.body_create(actor=bob, territory=antioquia)


def _office(body, title=Office.Title.PRESIDENT):
    return body.offices.get(title=title)


@pytest.mark.django_db
def test_a_body_comes_with_the_standard_offices_and_functions(body):
    assert body.offices.count() == 9
    assert "Represents the body" in _office(body).functions or _office(body).functions


@pytest.mark.django_db
def test_a_coordinator_cannot_create_a_body_outside_scope(bob, cundinamarca):
    with pytest.raises(ValidationError):
        services.body_create(actor=bob, territory=cundinamarca)


@pytest.mark.django_db
def test_it_assigns_an_office_and_refuses_overlapping_terms(body, bob, medellin):
    first = MemberFactory(territory=medellin)
    second = MemberFactory(territory=medellin)
    office = _office(body)
    services.term_assign(actor=bob, office=office, member=first, starts_on=date(2024, 1, 1), ends_on=date(2027, 12, 31))
    with pytest.raises(ValidationError) as exc:
        services.term_assign(
            actor=bob, office=office, member=second, starts_on=date(2027, 12, 31), ends_on=date(2029, 12, 31)
        )
    assert "starts_on" in exc.value.message_dict
    # Back to back is fine.
    services.term_assign(
        actor=bob, office=office, member=second, starts_on=date(2028, 1, 1), ends_on=date(2031, 12, 31)
    )
    assert office.terms.count() == 2


@pytest.mark.django_db
def test_it_refuses_an_office_to_someone_who_is_not_a_member(body, bob, medellin, bogota, alice):
    with pytest.raises(ValidationError) as exc:
        services.find_member(actor=bob, id_number="12345678")
    assert "id_number" in exc.value.message_dict
    resigned = MemberFactory(territory=medellin, status=Member.Status.RESIGNED)
    with pytest.raises(ValidationError):
        services.find_member(actor=bob, id_number=resigned.id_number)
    with pytest.raises(ValidationError):
        services.term_assign(
            actor=bob, office=_office(body), member=resigned, starts_on=date(2025, 1, 1), ends_on=date(2026, 1, 1)
        )
    outsider = MemberFactory(territory=bogota)
    with pytest.raises(ValidationError):  # a member of Bogotá cannot sit on Antioquia's board
        services.term_assign(
            actor=alice, office=_office(body), member=outsider, starts_on=date(2025, 1, 1), ends_on=date(2026, 1, 1)
        )
    assert not OfficeTerm.objects.exists()


@pytest.mark.django_db
def test_the_chart_shows_vacancies_and_expired_terms(body, bob, medellin):
    today = timezone.localdate()
    services.term_assign(
        actor=bob,
        office=_office(body),
        member=MemberFactory(territory=medellin),
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=300),
    )
    services.term_assign(
        actor=bob,
        office=_office(body, Office.Title.SECRETARY),
        member=MemberFactory(territory=medellin),
        starts_on=date(2020, 1, 1),
        ends_on=today - timedelta(days=1),
    )
    chart = selectors.org_chart(user=bob, body=body)
    assert chart["cards"][Office.Title.PRESIDENT]["state"] == "filled"
    assert chart["cards"][Office.Title.SECRETARY]["state"] == "expired"
    assert chart["cards"][Office.Title.VP_WOMEN]["state"] == "vacant"
    assert (chart["vacant"], chart["expired"]) == (7, 1)


@pytest.mark.django_db
def test_the_pages_and_scope(login_as, body, bob, medellin, django_assert_max_num_queries):
    member = MemberFactory(territory=medellin, id_number="80123456")
    client = login_as(bob)
    response = client.post(
        reverse("party_bodies:office-term-assign", args=[body.pk]),
        {
            "office": _office(body).pk,
            "id_type": "CC",
            "id_number": "80.123.456",
            "starts_on": "2025-01-01",
            "ends_on": "2028-12-31",
        },
    )
    assert response.status_code == 302
    assert OfficeTerm.objects.get().member == member
    with django_assert_max_num_queries(15):
        page = client.get(reverse("party_bodies:office-body-detail", args=[body.pk]))
    assert page.status_code == 200
    assert member.full_name in page.content.decode()


@pytest.mark.django_db
def test_the_body_pages_permission_matrix(client, body, charlie, reader, nobody):
    assert_statuses(client, reverse("party_bodies:office-body-detail", args=[body.pk]), {charlie: 404, reader: 200})
    assert_statuses(
        client, reverse("party_bodies:office-term-assign", args=[body.pk]), {charlie: 404, reader: 403}, method="post"
    )
    assert_statuses(client, reverse("party_bodies:office-body-list"), {nobody: 403})


@pytest.mark.django_db
def test_the_directory_export_is_scoped_and_neutralized(login_as, body, bob, charlie, medellin):
    member = MemberFactory(territory=medellin, first_names="=HYPERLINK(1)", phone="+573001112233")
    services.term_assign(
        actor=bob, office=_office(body), member=member, starts_on=date(2025, 1, 1), ends_on=date(2030, 1, 1)
    )
    csv_text = login_as(bob).get(reverse("party_bodies:office-directory"), {"format": "csv"}).content.decode()
    assert "'=HYPERLINK(1)" in csv_text
    assert "'+573001112233" in csv_text
    assert (
        member.id_number
        not in login_as(charlie).get(reverse("party_bodies:office-directory"), {"format": "csv"}).content.decode()
    )


@pytest.mark.django_db
def test_training_attendance_certificate_and_member_panel(login_as, bob, charlie, medellin, antioquia):
    event = services.training_create(
        actor=bob,
        territory=antioquia,
        kind="school",
        title="Escuela de formación política",
        topic="Estatutos del partido",
        held_on=date(2026, 10, 3),
        place="Sede Medellín",
        trainer="Marta Ruiz",
    )
    member = MemberFactory(territory=medellin)
    client = login_as(bob)
    client.post(
        reverse("party_bodies:training-detail", args=[event.pk]), {"id_type": "CC", "id_number": member.id_number}
    )
    client.post(reverse("party_bodies:training-detail", args=[event.pk]), {"id_type": "CC", "id_number": "99999999"})
    attendance = event.attendances.get()
    assert attendance.member == member
    with pytest.raises(ValidationError):
        services.attendance_record(actor=bob, event=event, member=member)
    pdf = client.get(reverse("party_bodies:training-certificate", args=[attendance.pk]))
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert login_as(charlie).get(reverse("party_bodies:training-certificate", args=[attendance.pk])).status_code == 404
    panels = {p["panel"].key: p["context"] for p in panels_for(member, bob)}
    assert [a.event_id for a in panels["offices"]["attendances"]] == [event.pk]


def test_the_certificate_pdf_renders_from_plain_data():
    pdf = attendance_certificate_pdf(
        {
            "name": "Ana María Pérez",
            "document": "CC 43111222",
            "event_kind": "Escuela de formación",
            "title": "Escuela de formación política",
            "topic": "Estatutos",
            "date": "03/10/2026",
            "place": "Sede Medellín",
            "territory": "Antioquia",
            "trainer": "Marta Ruiz",
            "hours": 4,
            "code": "FOR-1-1",
        }
    )
    assert pdf.startswith(b"%PDF")


@pytest.mark.django_db
def test_the_member_page_shows_the_offices_panel(login_as, body, bob, medellin, django_assert_max_num_queries):
    member = MemberFactory(territory=medellin, first_names="Celia", last_names="Montoya")
    services.term_assign(
        actor=bob, office=_office(body), member=member, starts_on=date(2025, 1, 1), ends_on=date(2030, 1, 1)
    )
    response = login_as(bob).get(reverse("militancia:member-detail", args=[member.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    section = html.split('id="member-offices"')[1].split("</ul>")[0]
    assert body.name in section
    assert reverse("data_rights:rights-data-report", args=[member.pk]) in html


@pytest.mark.django_db
def test_functions_are_editable_by_managers_in_scope(login_as, body, bob, charlie, reader):
    office = _office(body)
    url = reverse("party_bodies:office-functions", args=[office.pk])
    assert login_as(charlie).post(url, {"functions": "x"}).status_code == 404
    assert login_as(reader).post(url, {"functions": "x"}).status_code == 403
    assert login_as(bob).post(url, {"functions": "Convoca y preside."}).status_code == 302
    office.refresh_from_db()
    assert office.functions == "Convoca y preside."
