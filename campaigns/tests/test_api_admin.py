"""The read API and the Django admin of field work, polls and the where-to-work board: scoped like
the pages (another department's rows do not exist), keyset pages, and the admin never writes."""

import pytest
from rest_framework.authtoken.models import Token

from campaigns.tests.factories import make_campaign, make_list, make_turf
from core.tests.factories import login

pytestmark = pytest.mark.django_db


def _get(client, user, url, **params):
    token = Token.objects.get_or_create(user=user)[0].key
    return client.get(url, params, HTTP_AUTHORIZATION=f"Token {token}")


def test_walk_lists_are_scoped_and_carry_their_size(client, bob, charlie, walk_list, contacts):
    mine = _get(client, bob, "/api/v1/campaigns/walk-lists/").json()["results"]
    assert [(r["id"], r["size"], r["status"]) for r in mine] == [(walk_list.pk, 3, "checked_out")]
    assert _get(client, charlie, "/api/v1/campaigns/walk-lists/").json()["results"] == []
    assert _get(client, charlie, f"/api/v1/campaigns/walk-lists/{walk_list.pk}/").status_code == 404


def test_the_walk_lists_are_keyset_pages(client, bob, turf, contacts, volunteer):
    for n in range(3):
        make_list(turf, [], number=n + 10)
    first = _get(client, bob, "/api/v1/campaigns/walk-lists/", page_size=2).json()
    assert "count" not in first and len(first["results"]) == 2 and "cursor=" in first["next"]


def test_turfs_and_campaigns_of_another_department_do_not_exist(client, bob, charlie, turf, cundinamarca):
    other = make_campaign(cundinamarca, name="Cundinamarca 2027")
    assert [r["id"] for r in _get(client, bob, "/api/v1/campaigns/turfs/").json()["results"]] == [turf.pk]
    assert _get(client, charlie, f"/api/v1/campaigns/turfs/{turf.pk}/").status_code == 404
    names = {r["name"] for r in _get(client, bob, "/api/v1/campaigns/campaigns/").json()["results"]}
    assert names == {turf.campaign.name}
    assert _get(client, bob, f"/api/v1/campaigns/campaigns/{other.pk}/").status_code == 404


def test_a_volunteer_has_no_field_work_api(client, volunteer, walk_list):
    assert _get(client, volunteer, "/api/v1/campaigns/walk-lists/").status_code == 403


def test_the_board_rows_and_polls_are_scoped(client, bob, charlie, medellin, place):
    from datetime import date
    from decimal import Decimal

    from django.utils import timezone

    from electoral.models import PlaceBoard, Poll, PollResult
    from electoral.tests.factories import ElectionFactory

    election = ElectionFactory()
    row = PlaceBoard.objects.create(
        election=election, place=place, territory=medellin, potential=30, refreshed_at=timezone.now()
    )
    poll = Poll.objects.create(
        election=election,
        pollster="Invamer",
        field_start=date(2027, 9, 1),
        field_end=date(2027, 9, 5),
        published_on=date(2027, 9, 8),
        sample_size=1200,
        method=Poll.Method.TELEPHONE,
        margin_of_error=Decimal("2.8"),
        population="Adultos",
        territory=medellin,
    )
    PollResult.objects.create(poll=poll, label="Nuestro partido", percent=Decimal("41.5"))
    rows = _get(client, bob, "/api/v1/electoral/board-rows/", territory="05001").json()["results"]
    assert [(r["place_code"], r["potential"]) for r in rows] == [(place.code, 30)]
    assert _get(client, charlie, f"/api/v1/electoral/board-rows/{row.pk}/").status_code == 404
    polls = _get(client, bob, "/api/v1/electoral/polls/").json()["results"]
    assert polls[0]["results"] == [{"label": "Nuestro partido", "option": None, "percent": "41.50"}]
    assert _get(client, charlie, f"/api/v1/electoral/polls/{poll.pk}/").status_code == 404


def test_the_admin_lists_only_the_users_territory_and_never_writes(client, bob, charlie, turf, cundinamarca):
    other = make_turf(make_campaign(cundinamarca, name="Cundinamarca 2027"), cundinamarca, name="Zona Soacha")
    for user in (bob, charlie):
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    login(client, bob)
    page = client.get("/admin/campaigns/turf/").content.decode()
    assert turf.name in page and other.name not in page
    assert client.get(f"/admin/campaigns/turf/{other.pk}/change/").status_code == 302  # not found: back to the list
    assert client.get("/admin/campaigns/turf/add/").status_code == 403
    detail = client.get(f"/admin/campaigns/turf/{turf.pk}/change/").content.decode()
    assert 'name="_save"' not in detail  # read only: no save button
    assert client.get("/admin/electoral/placeboard/").status_code == 200
    assert client.get("/admin/electoral/poll/").status_code == 200
