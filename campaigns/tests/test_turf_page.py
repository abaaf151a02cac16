"""A coordinator cuts lists on the turf page and checks one out to a volunteer, posting the forms
the page renders; the volunteer then finds it on their phone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from campaigns.models import WalkList
from campaigns.tests.factories import make_contact
from core.tests.rendered import forms_of

pytestmark = pytest.mark.django_db


def _form(html: str, action: str):
    return next(f for f in forms_of(html) if f.action == action)


def test_a_coordinator_cuts_lists_and_checks_one_out(login_as, bob, turf, medellin, place, volunteer):
    for _ in range(7):
        make_contact(medellin, place)
    client = login_as(bob)
    page_url = reverse("campaigns:turf-detail", args=[turf.pk])
    generate = reverse("campaigns:turf-generate", args=[turf.pk])
    form = _form(client.get(page_url).content.decode(), generate)
    client.post(form.target(), form.data())
    first = WalkList.objects.get(turf=turf, number=1)
    checkout = reverse("campaigns:list-checkout", args=[turf.pk, first.pk])
    form = _form(client.get(page_url).content.decode(), checkout)
    client.post(form.target(), form.data(volunteer=str(volunteer.pk)))
    assert list(WalkList.objects.of_volunteer(volunteer)) == [first]


def test_the_checkout_offers_only_volunteers_who_reach_the_turf(login_as, bob, turf, volunteer, cundinamarca):
    from core.roles import Role
    from core.tests.factories import make_user

    make_user("vol_cund", Role.FIELD_VOLUNTEER, territories=[cundinamarca])
    page = login_as(bob).get(reverse("campaigns:turf-detail", args=[turf.pk]))
    choices = [str(label) for _value, label in page.context["checkout_form"].fields["volunteer"].choices]
    assert ("vol_cund" in " ".join(choices), volunteer.get_full_name() in choices) == (False, True)


def test_the_volunteer_sees_the_list_on_their_phone(login_as, volunteer, walk_list):
    page = login_as(volunteer).get(reverse("campaigns:my-lists")).content.decode()
    assert reverse("campaigns:phone-list", args=[walk_list.pk]) in page
