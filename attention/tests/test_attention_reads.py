"""The queue is a page of personal data: each requester who is a member is recorded as shown."""

import pytest
from django.urls import reverse

from attention.tests.factories import make_request
from core.models import AuditEvent
from core.tests.queries import at_most_queries
from militancia.models import MemberAccess
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_the_queue_records_the_members_it_showed(login_as, bob, medellin):
    members = MemberFactory.create_batch(2, territory=medellin)
    for member in members:
        make_request(territory=medellin, actor=bob, member=member, requester_id_number=member.id_number)
    make_request(territory=medellin, actor=bob)  # a requester who is not a member
    login_as(bob).get(reverse("attention:attention-queue"))
    assert set(MemberAccess.objects.values_list("member_id", flat=True)) == {m.pk for m in members}


def test_the_queue_read_is_one_event_by_the_user(login_as, bob, medellin):
    member = MemberFactory(territory=medellin)
    make_request(territory=medellin, actor=bob, member=member, requester_id_number=member.id_number)
    login_as(bob).get(reverse("attention:attention-queue"))
    event = MemberAccess.objects.get(member=member).event
    assert (event.actor, event.action) == (bob, AuditEvent.Action.VIEW)


def test_a_queue_without_members_records_no_read(login_as, bob, medellin):
    make_request(territory=medellin, actor=bob)
    login_as(bob).get(reverse("attention:attention-queue"))
    assert not MemberAccess.objects.exists()


def test_the_audited_queue_query_count_does_not_grow_with_its_rows(login_as, bob, medellin):
    for member in MemberFactory.create_batch(8, territory=medellin):
        make_request(territory=medellin, actor=bob, member=member, requester_id_number=member.id_number)
    client = login_as(bob)
    client.get(reverse("attention:attention-queue"))
    with at_most_queries(11):
        client.get(reverse("attention:attention-queue"))
