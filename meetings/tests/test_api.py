"""The read-only meetings API: scoped by the meeting's territory, gated by the role's permissions,
and without what names members (minutes, attending members)."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from meetings.tests.factories import make_commitment, make_meeting

pytestmark = pytest.mark.django_db
MEETINGS = "/api/v1/meetings/meetings/"
COMMITMENTS = "/api/v1/meetings/commitments/"


def _api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def meetings(alice, bob, charlie, medellin, cundinamarca):
    ours = make_meeting(actor=bob, territory=medellin, title="Planeación Medellín")
    ours.attendee_users.add(bob)
    theirs = make_meeting(actor=charlie, territory=cundinamarca, title="Planeación Cundinamarca")
    make_commitment(actor=bob, meeting=ours, responsible=bob, description="Convocar la jornada")
    make_commitment(actor=charlie, meeting=theirs, responsible=charlie, description="Imprimir carnés")
    return ours, theirs


def test_a_coordinator_reads_the_meetings_of_their_territory_only(bob, meetings):
    ours, theirs = meetings
    rows = _api(bob).get(MEETINGS).json()["results"]
    assert [r["title"] for r in rows] == ["Planeación Medellín"]
    assert rows[0]["territory"] == "05001"
    assert rows[0]["attending_staff"] == ["bob"]
    assert "minutes" not in rows[0]
    assert _api(bob).get(f"{MEETINGS}{theirs.pk}/").status_code == 404


def test_a_national_reader_reads_every_meeting_and_filters_by_territory(reader, meetings):
    assert len(_api(reader).get(MEETINGS).json()["results"]) == 2
    rows = _api(reader).get(MEETINGS, {"territory": "25"}).json()["results"]
    assert [r["title"] for r in rows] == ["Planeación Cundinamarca"]


def test_commitments_follow_their_meetings_scope(bob, meetings):
    rows = _api(bob).get(COMMITMENTS).json()["results"]
    assert [(r["description"], r["responsible"], r["status"]) for r in rows] == [
        ("Convocar la jornada", "bob", "pendiente")
    ]


def test_roles_without_the_permission_and_anonymous_callers_are_refused(nobody, meetings):
    assert APIClient().get(MEETINGS).status_code in (401, 403)
    assert _api(nobody).get(MEETINGS).status_code == 403
    assert _api(nobody).get(COMMITMENTS).status_code == 403


def test_the_lists_cost_the_same_for_many_rows(alice, bob, medellin, django_assert_max_num_queries):
    for n in range(8):
        meeting = make_meeting(actor=bob, territory=medellin, title=f"Reunión {n}")
        meeting.attendee_users.add(bob, alice)
        make_commitment(actor=bob, meeting=meeting, responsible=bob)
    client = _api(alice)
    client.get(MEETINGS)
    with django_assert_max_num_queries(8):
        assert len(client.get(MEETINGS).json()["results"]) == 8
    with django_assert_max_num_queries(8):
        assert len(client.get(COMMITMENTS).json()["results"]) == 8
