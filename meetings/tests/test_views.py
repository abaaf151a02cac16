"""Meeting pages: who may open them, recording a meeting and its commitments through the rendered
forms, the minutes PDF, and "Mis compromisos"."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from core.roles import Role
from core.tests.factories import login, make_user
from core.tests.pdf_layout import all_text
from core.tests.permissions import ANONYMOUS, LOGIN, NO_ROLE, OUT_OF_SCOPE, assert_statuses
from core.tests.queries import at_most_queries
from core.tests.rendered import form_with
from meetings.models import Commitment, Meeting
from meetings.tests.factories import make_commitment, make_meeting
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(bob, medellin):
    return make_meeting(actor=bob, territory=medellin)


def test_meeting_pages_follow_roles_and_scope(client, meeting):
    urls = [
        reverse("meetings:meeting-list"),
        reverse("meetings:meeting-detail", args=[meeting.pk]),
        reverse("meetings:minutes-pdf", args=[meeting.pk]),
        reverse("meetings:briefing-pdf", args=[meeting.pk]),
    ]
    detail_only = urls[1:]
    assert_statuses(
        client,
        detail_only,
        {
            ANONYMOUS: LOGIN,
            NO_ROLE: 403,
            Role.CARDS: 403,
            Role.READ_ONLY: 200,
            Role.COMMS_CHIEF: 200,
            Role.REGIONAL_COORDINATOR: 200,
            OUT_OF_SCOPE: 404,
        },
    )
    assert_statuses(client, urls[0], {ANONYMOUS: LOGIN, NO_ROLE: 403, Role.READ_ONLY: 200, OUT_OF_SCOPE: 200})


def test_my_commitments_opens_for_every_signed_in_user(client):
    assert_statuses(client, reverse("meetings:my-commitments"), {ANONYMOUS: LOGIN, NO_ROLE: 200, Role.CARDS: 200})


def test_a_coordinator_records_a_meeting_through_the_form(client, bob, medellin):
    login(client, bob)
    page = client.get(reverse("meetings:meeting-create"))
    form = form_with(page.content.decode(), id="meeting-form")
    data = form.data(
        title="Seguimiento de metas",
        kind="follow_up",
        secretariat="membership",
        starts_at="2026-12-10T15:00",
        territory=str(medellin.pk),
        place="Sede de Medellín",
        agenda="Metas de diciembre",
    )
    response = client.post(reverse("meetings:meeting-create"), data)
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("meetings:meeting-detail", args=[meeting.pk])


def test_a_meeting_with_neither_place_nor_link_is_refused_naming_the_place(client, bob, medellin):
    login(client, bob)
    response = client.post(
        reverse("meetings:meeting-create"),
        {
            "title": "Sin lugar",
            "kind": "planning",
            "secretariat": "youth",
            "starts_at": "2026-12-10T15:00",
            "territory": str(medellin.pk),
            "agenda": "Algo",
        },
    )
    assert "Escriba el lugar de la reunión o su enlace." in response.content.decode()


def test_adding_a_commitment_without_a_due_date_shows_a_message_naming_the_field(client, bob, meeting):
    login(client, bob)
    page = client.get(reverse("meetings:meeting-detail", args=[meeting.pk])).content.decode()
    form = form_with(page, action=reverse("meetings:commitment-add", args=[meeting.pk]))
    response = client.post(
        form.target(), form.data(**{"c-description": "Llamar", "c-responsible": str(bob.pk)}), follow=True
    )
    assert "Fecha límite: todo compromiso necesita una fecha" in response.content.decode()


def test_adding_a_commitment_through_the_rendered_form(client, bob, meeting):
    login(client, bob)
    page = client.get(reverse("meetings:meeting-detail", args=[meeting.pk])).content.decode()
    form = form_with(page, action=reverse("meetings:commitment-add", args=[meeting.pk]))
    client.post(
        form.target(),
        form.data(**{"c-description": "Llamar", "c-responsible": str(bob.pk), "c-due_on": "2026-12-20"}),
    )
    assert list(Commitment.objects.values_list("description", "responsible", "status")) == [
        ("Llamar", bob.pk, Commitment.Status.PENDING)
    ]


def test_recording_a_member_attendee_by_document(client, bob, meeting, medellin):
    member = MemberFactory(territory=medellin)
    login(client, bob)
    client.post(reverse("meetings:member-add", args=[meeting.pk]), {"m-id_type": "CC", "m-id_number": member.id_number})
    assert list(meeting.member_attendances.values_list("member", flat=True)) == [member.pk]


def test_a_member_of_another_territory_is_not_found_by_document(client, bob, meeting, bogota):
    member = MemberFactory(territory=bogota)
    login(client, bob)
    response = client.post(
        reverse("meetings:member-add", args=[meeting.pk]),
        {"m-id_type": "CC", "m-id_number": member.id_number},
        follow=True,
    )
    assert "No hay un militante con ese documento en su alcance." in response.content.decode()


def test_an_attachment_is_checked_by_content_and_served_protected(client, bob, meeting):
    login(client, bob)
    client.post(
        reverse("meetings:attachment-add", args=[meeting.pk]),
        {"f-file": SimpleUploadedFile("orden.pdf", b"%PDF-1.4\n%%EOF\n"), "f-name": "Orden del día"},
    )
    attachment = meeting.attachments.get()
    assert attachment.file.url.startswith("/archivos/")


def test_a_text_file_posing_as_pdf_is_refused(client, bob, meeting):
    login(client, bob)
    response = client.post(
        reverse("meetings:attachment-add", args=[meeting.pk]),
        {"f-file": SimpleUploadedFile("orden.pdf", b"hola"), "f-name": ""},
        follow=True,
    )
    assert "El archivo debe ser un PDF" in response.content.decode()


def test_the_minutes_pdf_holds_the_commitments_and_is_audited(client, bob, meeting):
    make_commitment(actor=bob, meeting=meeting, responsible=bob, description="Convocar la jornada de Bello")
    login(client, bob)
    response = client.get(reverse("meetings:minutes-pdf", args=[meeting.pk]))
    assert "Convocar la jornada de Bello" in all_text(response.content)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD, object_id=str(meeting.pk)).exists()


def test_my_commitments_lists_only_mine_and_lets_me_close_one(client, bob, meeting, medellin):
    dora = make_user("dora", Role.CARDS, territories=[medellin])
    mine = make_commitment(actor=bob, meeting=meeting, responsible=dora, description="Mi tarea")
    make_commitment(actor=bob, meeting=meeting, responsible=bob, description="Tarea de Bob")
    login(client, dora)
    page = client.get(reverse("meetings:my-commitments")).content.decode()
    assert ("Mi tarea" in page, "Tarea de Bob" in page) == (True, False)
    form = form_with(page, action=reverse("meetings:commitment-transition", args=[mine.pk]))
    client.post(form.target(), form.data(name="complete"))
    mine.refresh_from_db()
    assert mine.status == Commitment.Status.DONE


def test_my_commitments_page_queries_do_not_grow_with_rows(client, bob, meeting, medellin):
    for n in range(12):
        make_commitment(actor=bob, meeting=meeting, responsible=bob, description=f"Tarea {n}")
    login(client, bob)
    with at_most_queries(14):
        client.get(reverse("meetings:my-commitments"))


def test_the_meeting_list_queries_do_not_grow_with_rows(client, bob, medellin):
    for n in range(8):
        make_meeting(actor=bob, territory=medellin, title=f"Reunión {n}", starts_at=timezone.now())
    login(client, bob)
    with at_most_queries(14):
        client.get(reverse("meetings:meeting-list"))


def test_the_home_page_shows_my_overdue_commitments(client, bob, meeting):
    make_commitment(actor=bob, meeting=meeting, responsible=bob, days=-1)
    login(client, bob)
    page = client.get(reverse("core:home")).content.decode()
    assert "Mis compromisos vencidos" in page
