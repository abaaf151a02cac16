"""Reads of poll watchers are audited: a watcher who is a member is recorded as a read of that
member (their data report lists it); a watcher who is not is named by id in the event."""

import pytest
from django.urls import reverse

from core.models import AuditEvent, AuditPersonalValue
from core.tests.queries import at_most_queries
from electoral.models import PollWatcher
from electoral.services.watchers import assignments_create
from electoral.tests.factories import make_watcher
from militancia.models import MemberAccess
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
S = PollWatcher.Status


@pytest.fixture
def member(medellin):
    return MemberFactory(territory=medellin)


@pytest.fixture
def watchers(election, medellin, member):
    return [
        make_watcher(election, medellin, member=member, id_number=member.id_number, last_names="Arango"),
        make_watcher(election, medellin, last_names="Restrepo"),
    ]


def list_url(election):
    return reverse("electoral:watcher-list", args=[election.pk])


def test_the_list_records_the_members_it_showed(login_as, bob, election, watchers, member):
    login_as(bob).get(list_url(election))
    assert list(MemberAccess.objects.values_list("member_id", flat=True)) == [member.pk]


def test_the_list_names_every_watcher_shown_by_id(login_as, bob, election, watchers):
    login_as(bob).get(list_url(election))
    event = AuditEvent.objects.get(changes__has_key="watchers")
    assert sorted(event.changes["watchers"]) == sorted(w.pk for w in watchers)


def test_the_list_event_holds_no_personal_value(login_as, bob, election, watchers):
    login_as(bob).get(list_url(election))
    event = AuditEvent.objects.get(changes__has_key="watchers")
    assert "Restrepo" not in str(event.changes) + event.object_repr + event.message


def test_the_audited_list_query_count_does_not_grow_with_its_rows(login_as, bob, election, medellin):
    for _ in range(12):
        make_watcher(election, medellin, member=MemberFactory(territory=medellin))
    client = login_as(bob)
    client.get(list_url(election))
    with at_most_queries(11):
        client.get(list_url(election))


def test_opening_a_member_watcher_records_a_read_of_the_member(login_as, bob, election, watchers, member):
    login_as(bob).get(reverse("electoral:watcher-detail", args=[election.pk, watchers[0].pk]))
    assert list(MemberAccess.objects.values_list("member_id", flat=True)) == [member.pk]


def test_opening_a_watcher_who_is_not_a_member_is_an_event_on_the_watcher(login_as, bob, election, watchers):
    outsider = watchers[1]
    login_as(bob).get(reverse("electoral:watcher-detail", args=[election.pk, outsider.pk]))
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, object_id=str(outsider.pk))
    assert event.content_type.model == "pollwatcher"


def test_the_watcher_event_keeps_the_name_out_of_the_log(login_as, bob, election, watchers):
    outsider = watchers[1]
    login_as(bob).get(reverse("electoral:watcher-detail", args=[election.pk, outsider.pk]))
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, object_id=str(outsider.pk))
    assert "Restrepo" not in event.object_repr


def test_the_watcher_name_is_kept_beside_the_event_for_erasure(login_as, bob, election, watchers):
    outsider = watchers[1]
    login_as(bob).get(reverse("electoral:watcher-detail", args=[election.pk, outsider.pk]))
    assert AuditPersonalValue.objects.filter(subject=f"electoral.pollwatcher:{outsider.pk}").exists()


def test_the_credentials_pdf_records_the_members_printed(login_as, bob, election, geo, medellin, member):
    printed = make_watcher(election, medellin, status=S.ACCREDITED, member=member, id_number=member.id_number)
    other = make_watcher(election, medellin, status=S.ACCREDITED)
    assignments_create(actor=bob, election=election, pairs=[(printed, geo["tables"]["05001-P1-M1"])])
    response = login_as(bob).get(reverse("electoral:credentials", args=[election.pk]))
    assert response.status_code == 200
    event = MemberAccess.objects.get(member=member).event
    assert (event.action, sorted(event.changes["watchers"])) == (
        AuditEvent.Action.DOWNLOAD,
        sorted([printed.pk, other.pk]),
    )


def test_one_credential_records_only_that_watcher(login_as, bob, election, medellin, member):
    make_watcher(election, medellin, status=S.ACCREDITED, member=member, id_number=member.id_number)
    other = make_watcher(election, medellin, status=S.ACCREDITED)
    login_as(bob).get(reverse("electoral:credentials", args=[election.pk]), {"watcher": other.pk})
    event = AuditEvent.objects.get(action=AuditEvent.Action.DOWNLOAD)
    assert (event.changes["watchers"], MemberAccess.objects.count()) == ([other.pk], 0)


def test_the_checkin_page_records_the_watchers_it_showed(login_as, bob, election, geo, watchers, member):
    tables = [geo["tables"]["05001-P1-M1"], geo["tables"]["05001-P1-M2"]]
    PollWatcher.objects.filter(pk__in=[w.pk for w in watchers]).update(status=S.ACCREDITED)
    assignments_create(actor=bob, election=election, pairs=list(zip(watchers, tables, strict=True)))
    login_as(bob).get(reverse("electoral:checkin", args=[election.pk]))
    event = MemberAccess.objects.get(member=member).event
    assert sorted(event.changes["watchers"]) == sorted(w.pk for w in watchers)


def test_the_audited_checkin_query_count_does_not_grow_with_its_rows(login_as, bob, election, geo, medellin):
    tables = [t for code, t in sorted(geo["tables"].items()) if code.startswith("05001")]
    pairs = [
        (make_watcher(election, medellin, S.ACCREDITED, member=MemberFactory(territory=medellin)), t) for t in tables
    ]
    assignments_create(actor=bob, election=election, pairs=pairs)
    client = login_as(bob)
    client.get(reverse("electoral:checkin", args=[election.pk]))
    with at_most_queries(11):
        client.get(reverse("electoral:checkin", args=[election.pk]))
