"""Query budgets of the volunteer's pages and of recording an attempt (issue 16's speed targets:
the lead times them on a quiet machine; here the work is held to a fixed number of queries,
whatever the number of lists, people or attempts)."""

import json
import uuid

import pytest
from django.urls import reverse

from campaigns.models import Attempt
from campaigns.tests.factories import make_contact, make_list

pytestmark = pytest.mark.django_db

# Session, user, second-factor device and groups: what every signed-in request reads.
SESSION = 4


def _post(client, wl, contact, key=None, **extra):
    body = {"uuid": str(key or uuid.uuid4()), "contact": contact.pk, "result": "talked", "support_level": 2, **extra}
    return client.post(
        reverse("campaigns:attempt-create", args=[wl.pk]), json.dumps(body), content_type="application/json"
    )


def test_recording_an_attempt_reads_the_list_once(
    login_as, volunteer, walk_list, contacts, django_assert_max_num_queries
):
    client = login_as(volunteer)
    _post(client, walk_list, contacts[1])
    # The list (with the contact on it and the retry check) once, the insert, the contact's level,
    # the audit event and its personal value, plus the test transaction's savepoint pair.
    with django_assert_max_num_queries(SESSION + 1 + 4 + 2):
        response = _post(client, walk_list, contacts[0])
    assert response.status_code == 201
    assert set(response.json()) == {"uuid", "result", "label"}  # a small answer, never the list again
    assert Attempt.objects.get(client_uuid=response.json()["uuid"]).support_level == 2


def test_a_retry_costs_two_reads(login_as, volunteer, walk_list, contacts, django_assert_max_num_queries):
    client = login_as(volunteer)
    key = uuid.uuid4()
    _post(client, walk_list, contacts[0], key)
    with django_assert_max_num_queries(SESSION + 2):
        assert _post(client, walk_list, contacts[0], key).status_code == 200
    assert Attempt.objects.count() == 1


def test_an_attempt_on_a_missing_list_is_a_404(login_as, volunteer, walk_list, contacts):
    response = _post(login_as(volunteer), type("L", (), {"pk": walk_list.pk + 1000})(), contacts[0])
    assert response.status_code == 404


def test_the_volunteers_lists_are_one_query_however_many(
    login_as, volunteer, turf, medellin, place, django_assert_max_num_queries
):
    for n in range(6):
        wl = make_list(turf, [make_contact(medellin, place) for _ in range(4)], volunteer, number=n + 1)
        client = login_as(volunteer)
        for contact in wl.contacts.all()[: n % 4]:
            _post(client, wl, contact)
    client = login_as(volunteer)
    client.get(reverse("campaigns:my-lists"))
    # The lists with their sizes and attempts (one query) and the sidebar's territories.
    with django_assert_max_num_queries(SESSION + 2):
        page = client.get(reverse("campaigns:my-lists")).content.decode()
    assert page.count("Lista ") == 6
    assert "3 de 4 intentados" in page and "0 de 4 intentados" in page


def test_the_phone_page_runs_a_fixed_number_of_queries(login_as, volunteer, walk_list, django_assert_max_num_queries):
    client = login_as(volunteer)
    url = reverse("campaigns:phone-list", args=[walk_list.pk])
    client.get(url)
    # The list, its people with their last result (one query), the audit event, the sidebar.
    with django_assert_max_num_queries(SESSION + 5):
        assert client.get(url).status_code == 200


def test_someone_elses_list_is_refused_before_the_input_is_judged(login_as, other_volunteer, walk_list):
    response = login_as(other_volunteer).post(
        reverse("campaigns:attempt-create", args=[walk_list.pk]), "{no", content_type="application/json"
    )
    assert (response.status_code, response.json()["error"]) == (403, "Esta lista no está asignada a usted.")
