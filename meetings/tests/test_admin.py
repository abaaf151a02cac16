"""The meetings admin is read-only and scoped: a staff coordinator sees the meetings of their
territory only, cannot add, change or delete, and is not shown the minutes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meetings.models import Meeting
from meetings.tests.factories import make_commitment, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_bob(bob):
    bob.is_staff = True
    bob.save(update_fields=["is_staff"])
    return bob


@pytest.fixture
def meetings(bob, charlie, medellin, cundinamarca):
    ours = make_meeting(actor=bob, territory=medellin, title="Planeación Medellín")
    make_commitment(actor=bob, meeting=ours, responsible=bob, description="Convocar la jornada")
    Meeting.objects.filter(pk=ours.pk).update(minutes="Asistió Rosa Quintero, cédula 43.123.456")
    theirs = make_meeting(actor=charlie, territory=cundinamarca, title="Planeación Cundinamarca")
    return ours, theirs


def test_a_staff_coordinator_lists_only_the_meetings_of_their_territory(login_as, staff_bob, meetings):
    body = login_as(staff_bob).get(reverse("admin:meetings_meeting_changelist")).content.decode()
    assert "Planeación Medellín" in body
    assert "Planeación Cundinamarca" not in body


def test_a_meeting_out_of_scope_is_not_found_in_the_admin(login_as, staff_bob, meetings):
    _ours, theirs = meetings
    response = login_as(staff_bob).get(reverse("admin:meetings_meeting_change", args=[theirs.pk]))
    assert response.status_code == 302  # the admin's "does not exist" redirect to its index
    assert Meeting.objects.filter(pk=theirs.pk).exists()


def test_the_meeting_page_of_the_admin_is_read_only_and_hides_the_minutes(login_as, staff_bob, meetings):
    ours, _theirs = meetings
    client = login_as(staff_bob)
    url = reverse("admin:meetings_meeting_change", args=[ours.pk])
    body = client.get(url).content.decode()
    assert "Convocar la jornada" in body
    assert 'name="_save"' not in body
    assert "43.123.456" not in body
    assert client.post(url, {"title": "Cambiado"}).status_code == 403
    assert client.get(reverse("admin:meetings_meeting_add")).status_code == 403
    ours.refresh_from_db()
    assert ours.title == "Planeación Medellín"


def test_commitments_in_the_admin_follow_the_scope(login_as, staff_bob, meetings, charlie):
    _ours, theirs = meetings
    make_commitment(actor=charlie, meeting=theirs, responsible=charlie, description="Imprimir carnés")
    body = login_as(staff_bob).get(reverse("admin:meetings_commitment_changelist")).content.decode()
    assert "Convocar la jornada" in body
    assert "Imprimir carnés" not in body
