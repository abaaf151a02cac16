"""Turfs, lists cut from them, checkout for N days, expiry back to the pool, and recording attempts
(only on your own list, once per phone UUID)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from campaigns import services
from campaigns.models import Attempt, Contact, ListEntry, SupportLevel, WalkList
from campaigns.tests.factories import make_contact, make_list

pytestmark = pytest.mark.django_db


def test_lists_are_cut_from_the_turfs_contacts_in_the_campaigns_size(bob, turf, medellin, place):
    for _ in range(12):
        make_contact(medellin, place)
    assert services.lists_generate(actor=bob, turf=turf) == 3  # 12 contacts, 5 per list


def test_a_contact_is_on_one_list_of_a_campaign(bob, turf, medellin, place):
    for _ in range(6):
        make_contact(medellin, place)
    services.lists_generate(actor=bob, turf=turf)
    with pytest.raises(ValidationError):
        services.lists_generate(actor=bob, turf=turf)


def test_lists_leave_out_contacts_of_other_polling_places(bob, turf, medellin, geo):
    make_contact(medellin, geo["places"]["05001-P2"])
    with pytest.raises(ValidationError):
        services.lists_generate(actor=bob, turf=turf)


def test_a_checkout_lasts_the_campaigns_days(bob, turf, contacts, volunteer):
    wl = make_list(turf, contacts)
    wl = services.list_checkout(actor=bob, walk_list=wl, volunteer=volunteer)
    assert wl.due_at - wl.checked_out_at == timedelta(days=turf.campaign.checkout_days)


def test_a_list_held_by_someone_cannot_be_checked_out_again(bob, walk_list, other_volunteer):
    with pytest.raises(ValidationError):
        services.list_checkout(actor=bob, walk_list=walk_list, volunteer=other_volunteer)


def test_an_expired_list_is_back_in_the_pool(turf, contacts, volunteer):
    wl = make_list(turf, contacts, volunteer, days=-1)
    assert WalkList.objects.in_pool().filter(pk=wl.pk).exists()


def test_an_expired_list_can_be_checked_out_to_someone_else(bob, turf, contacts, volunteer, other_volunteer):
    wl = make_list(turf, contacts, volunteer, days=-1)
    wl = services.list_checkout(actor=bob, walk_list=wl, volunteer=other_volunteer)
    assert wl.volunteer == other_volunteer


def test_an_expired_list_leaves_the_volunteers_lists(turf, contacts, volunteer):
    make_list(turf, contacts, volunteer, days=-1)
    assert not WalkList.objects.of_volunteer(volunteer).exists()


def test_a_volunteer_cannot_record_on_an_expired_list(turf, contacts, volunteer):
    wl = make_list(turf, contacts, volunteer, days=-1)
    with pytest.raises(PermissionDenied):
        services.attempt_record(
            actor=volunteer, walk_list=wl, contact_id=contacts[0].pk, client_uuid=uuid.uuid4(), result="not_home"
        )


def test_a_volunteer_without_a_field_role_is_refused(bob, walk_list, reader):
    wl = make_list(walk_list.turf, [], None, number=9)
    with pytest.raises(ValidationError):
        services.list_checkout(actor=bob, walk_list=wl, volunteer=reader)


def test_a_volunteer_of_another_territory_is_refused(bob, turf, contacts, cundinamarca):
    from core.roles import Role
    from core.tests.factories import make_user

    outsider = make_user("vol_cund", Role.FIELD_VOLUNTEER, territories=[cundinamarca])
    with pytest.raises(ValidationError):
        services.list_checkout(actor=bob, walk_list=make_list(turf, contacts), volunteer=outsider)


def _record(volunteer, wl, contact, **extra):
    values = {"client_uuid": uuid.uuid4(), "result": Attempt.Result.TALKED, "support_level": SupportLevel.SUPPORTER}
    values.update(extra)
    return services.attempt_record(actor=volunteer, walk_list=wl, contact_id=contact.pk, **values)


def test_talking_records_the_answers_and_the_contacts_level(volunteer, walk_list, contacts):
    _record(volunteer, walk_list, contacts[0], issues=["Empleo"], needs_ride=True)
    assert Contact.objects.get(pk=contacts[0].pk).support_level == SupportLevel.SUPPORTER


def test_a_retried_attempt_is_stored_once(volunteer, walk_list, contacts):
    key = uuid.uuid4()
    _record(volunteer, walk_list, contacts[0], client_uuid=key)
    _attempt, created = _record(volunteer, walk_list, contacts[0], client_uuid=key)
    assert (created, Attempt.objects.count()) == (False, 1)


def test_a_volunteer_on_a_list_not_assigned_to_them_is_refused(other_volunteer, walk_list, contacts):
    with pytest.raises(PermissionDenied) as exc:
        _record(other_volunteer, walk_list, contacts[0])
    assert str(exc.value) == "Esta lista no está asignada a usted."


def test_a_person_not_on_the_list_is_refused(volunteer, walk_list, medellin):
    with pytest.raises(ValidationError):
        _record(volunteer, walk_list, make_contact(medellin))


def test_not_home_keeps_no_answers(volunteer, walk_list, contacts):
    attempt, _created = _record(volunteer, walk_list, contacts[0], result=Attempt.Result.NOT_HOME, needs_ride=True)
    assert (attempt.support_level, attempt.needs_ride) == (None, None)


def test_issues_outside_the_script_are_dropped(volunteer, walk_list, contacts):
    attempt, _created = _record(volunteer, walk_list, contacts[0], issues=["Empleo", "<script>"])
    assert attempt.issues == ["Empleo"]


def test_a_completed_list_takes_no_more_attempts(volunteer, walk_list, contacts):
    services.list_complete(actor=volunteer, walk_list=walk_list)
    with pytest.raises(PermissionDenied):
        _record(volunteer, walk_list, contacts[0])


def test_a_volunteer_gives_a_list_back(volunteer, walk_list):
    services.list_release(actor=volunteer, walk_list=walk_list)
    assert WalkList.objects.in_pool().filter(pk=walk_list.pk).exists()


def test_entries_follow_the_address_order(bob, turf, medellin, place):
    make_contact(medellin, place, address="Calle 9")
    make_contact(medellin, place, address="Calle 1")
    services.lists_generate(actor=bob, turf=turf)
    assert list(ListEntry.objects.order_by("position").values_list("contact__address", flat=True)) == [
        "Calle 1",
        "Calle 9",
    ]


def test_recording_does_not_trust_a_future_phone_clock(volunteer, walk_list, contacts):
    attempt, _created = _record(volunteer, walk_list, contacts[0], recorded_at=timezone.now() + timedelta(days=2))
    assert attempt.recorded_at <= timezone.now()
