"""Scope: a coordinator sees only their territory's contacts and turfs; a volunteer only the lists
checked out to them; a turf outside the territory is refused. Pages answer in Spanish."""

from __future__ import annotations

import json
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from campaigns import services
from campaigns.models import Attempt, Turf
from campaigns.tests.factories import make_contact, make_list, make_turf
from core.permissions import OutOfReach
from core.tests.permissions import ANONYMOUS, LOGIN, NO_ROLE, assert_statuses
from core.tests.queries import at_most_queries
from core.tests.rendered import form_with

pytestmark = pytest.mark.django_db


def test_a_coordinator_does_not_see_another_territorys_contact(login_as, charlie, medellin):
    contact = make_contact(medellin)
    response = login_as(charlie).get(reverse("campaigns:contact-detail", args=[contact.pk]))
    assert response.status_code == 404


def test_the_contact_list_shows_only_the_coordinators_territory(login_as, charlie, medellin, cundinamarca):
    make_contact(medellin, first_names="Antioqueña")
    make_contact(cundinamarca, first_names="Bogotana")
    page = login_as(charlie).get(reverse("campaigns:contact-list")).content.decode()
    assert ("Bogotana" in page, "Antioqueña" in page) == (True, False)


def test_a_turf_outside_the_coordinators_territory_is_refused(bob, campaign, bogota):
    with pytest.raises(ValidationError) as exc:
        services.turf_create(actor=bob, campaign=campaign, name="Fuera", territory=bogota)
    assert exc.value.message_dict["territory"] == ["Territorio: fuera de su alcance."]


def test_a_turf_of_another_territory_is_a_404_to_the_coordinator(login_as, charlie, turf):
    assert login_as(charlie).get(reverse("campaigns:turf-detail", args=[turf.pk])).status_code == 404


def test_generating_lists_on_a_turf_out_of_scope_is_refused(charlie, turf):
    with pytest.raises(OutOfReach):
        services.lists_generate(actor=charlie, turf=turf)


def test_the_turf_form_creates_a_turf_in_scope(login_as, bob, campaign, medellin):
    client = login_as(bob)
    url = reverse("campaigns:campaign-detail", args=[campaign.pk])
    form = form_with(client.get(url).content.decode(), id="turf-form")
    client.post(url, form.data(name="Comuna 1", territory=str(medellin.pk), target_count="50"))
    assert Turf.objects.get().name == "Comuna 1"


def test_the_turf_form_refuses_a_territory_out_of_scope(login_as, bob, campaign, bogota):
    client = login_as(bob)
    url = reverse("campaigns:campaign-detail", args=[campaign.pk])
    form = form_with(client.get(url).content.decode(), id="turf-form")
    client.post(url, form.data(name="Fuera", territory=str(bogota.pk), target_count="50"))
    assert not Turf.objects.exists()


def test_a_volunteer_sees_only_their_lists(login_as, volunteer, other_volunteer, turf, contacts):
    make_list(turf, contacts[:1], volunteer)
    make_list(turf, contacts[1:], other_volunteer)
    page = login_as(volunteer).get(reverse("campaigns:my-lists")).content.decode()
    assert page.count("Lista 1") + page.count("Lista 2") == 1


def test_a_volunteer_cannot_open_the_contact_file(login_as, volunteer):
    assert login_as(volunteer).get(reverse("campaigns:contact-list")).status_code == 403


def test_a_volunteer_cannot_open_someone_elses_list(login_as, other_volunteer, walk_list):
    response = login_as(other_volunteer).get(reverse("campaigns:phone-list", args=[walk_list.pk]))
    assert response.status_code == 403


def _post_attempt(client, wl, contact, key=None, **extra):
    body = {"uuid": str(key or uuid.uuid4()), "contact": contact.pk, "result": "talked", "support_level": 1, **extra}
    return client.post(
        reverse("campaigns:attempt-create", args=[wl.pk]), json.dumps(body), content_type="application/json"
    )


def test_recording_on_a_list_not_assigned_is_refused_in_spanish(login_as, other_volunteer, walk_list, contacts):
    response = _post_attempt(login_as(other_volunteer), walk_list, contacts[0])
    assert (response.status_code, response.json()["error"]) == (403, "Esta lista no está asignada a usted.")


def test_recording_answers_201_then_200_for_a_retry(login_as, volunteer, walk_list, contacts):
    client = login_as(volunteer)
    key = uuid.uuid4()
    first = _post_attempt(client, walk_list, contacts[0], key)
    again = _post_attempt(client, walk_list, contacts[0], key)
    assert (first.status_code, again.status_code, Attempt.objects.count()) == (201, 200, 1)


def test_a_garbled_attempt_is_a_400(login_as, volunteer, walk_list):
    response = login_as(volunteer).post(
        reverse("campaigns:attempt-create", args=[walk_list.pk]), "{no", content_type="application/json"
    )
    assert response.status_code == 400


def test_the_phone_page_matrix(client, bob, charlie, volunteer, other_volunteer, walk_list):
    url = reverse("campaigns:phone-list", args=[walk_list.pk])
    assert_statuses(
        client,
        url,
        {ANONYMOUS: LOGIN, NO_ROLE: 403, volunteer: 200, other_volunteer: 403, bob: 403, charlie: 403},
    )


def test_the_volunteers_list_page_needs_few_queries(login_as, volunteer, turf, contacts):
    for n in range(3):
        make_list(turf, contacts, volunteer, number=n + 1)
    client = login_as(volunteer)
    with at_most_queries(10):
        client.get(reverse("campaigns:my-lists"))


def test_the_phone_page_needs_few_queries(login_as, volunteer, walk_list):
    client = login_as(volunteer)
    with at_most_queries(12):
        client.get(reverse("campaigns:phone-list", args=[walk_list.pk]))


def test_a_turf_of_another_campaign_territory_is_refused(bob, campaign, antioquia, medellin):
    from campaigns.tests.factories import make_campaign
    from core.tests.factories import territory

    narrow = make_campaign(medellin, name="Solo Medellín")
    with pytest.raises(ValidationError):
        services.turf_create(actor=bob, campaign=narrow, name="Envigado", territory=territory("05266"))
    assert make_turf(campaign, medellin).pk
