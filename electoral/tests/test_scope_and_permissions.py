"""Permission matrix of every page and API: anonymous → login, no role → 403, out of scope → 404, allowed → 200."""

import pytest
from django.urls import reverse

from core.tests.permissions import ANONYMOUS, LOGIN, assert_statuses
from electoral.models import Election, PollWatcher
from electoral.services.candidates import candidate_register
from electoral.tests.factories import ElectionFactory, MilestoneFactory, make_watcher
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cundinamarca_election(cundinamarca):
    return ElectionFactory(name="Gobernación de Cundinamarca", kind=Election.Kind.GOVERNOR, territory=cundinamarca)


@pytest.fixture
def objects(secretary, election, geo, medellin, bogota):
    milestone = MilestoneFactory(election=election)
    watcher = make_watcher(election, medellin)
    outsider_watcher = make_watcher(election, bogota)
    candidate = candidate_register(
        actor=secretary,
        election=election,
        member=MemberFactory(territory=medellin),
        office="Concejo",
        territory=medellin,
    )
    outsider_candidate = candidate_register(
        actor=secretary, election=election, member=MemberFactory(territory=bogota), office="Concejo", territory=bogota
    )
    return {
        "milestone": milestone,
        "watcher": watcher,
        "outsider_watcher": outsider_watcher,
        "candidate": candidate,
        "outsider_candidate": outsider_candidate,
    }


def election_pages(election):
    e = election.pk
    return [
        reverse("electoral:election-detail", args=[e]),
        reverse("electoral:milestone-calendar", args=[e]),
        reverse("electoral:candidate-list", args=[e]),
        reverse("electoral:watcher-list", args=[e]),
        reverse("electoral:training-list", args=[e]),
        reverse("electoral:coverage", args=[e]),
        reverse("electoral:incident-list", args=[e]),
        reverse("electoral:results", args=[e]),
        reverse("electoral:analysis", args=[e]),
        reverse("electoral:requirement-list", args=[e]),
        reverse("electoral:ballot", args=[e]),
    ]


def test_anonymous_users_are_sent_to_login(client, election, objects):
    assert_statuses(client, [reverse("electoral:election-list"), *election_pages(election)], {ANONYMOUS: LOGIN})


def test_users_without_role_get_403(client, nobody, election, objects):
    urls = [reverse("electoral:election-list"), reverse("electoral:unit-list"), *election_pages(election)]
    assert_statuses(client, urls, {nobody: 403})


def test_allowed_roles_see_the_pages(client, secretary, bob, reader, alice, election, objects):
    urls = [
        reverse("electoral:election-list"),
        reverse("electoral:unit-list"),
        reverse("electoral:milestone-all"),
        *election_pages(election),
    ]
    assert_statuses(client, urls, {secretary: 200, bob: 200, reader: 200, alice: 200})


def test_an_election_of_another_territory_is_404(client, bob, cundinamarca_election):
    api = reverse("api:electoral-elections-detail", args=[cundinamarca_election.pk])
    assert_statuses(client, [*election_pages(cundinamarca_election), api], {bob: 404})


def test_out_of_scope_objects_are_404(login_as, bob, election, objects):
    client = login_as(bob)
    e = election.pk
    own = objects["watcher"].pk
    assert client.get(reverse("electoral:watcher-detail", args=[e, own])).status_code == 200
    assert client.get(reverse("electoral:watcher-detail", args=[e, objects["outsider_watcher"].pk])).status_code == 404
    assert client.get(reverse("electoral:candidate-detail", args=[e, objects["candidate"].pk])).status_code == 200
    assert (
        client.get(reverse("electoral:candidate-detail", args=[e, objects["outsider_candidate"].pk])).status_code == 404
    )
    api = reverse("api:electoral-poll-watchers-detail", args=[objects["outsider_watcher"].pk])
    assert client.get(api).status_code == 404
    assert client.get(reverse("api:electoral-poll-watchers-detail", args=[own])).status_code == 200
    listing = client.get(reverse("api:electoral-poll-watchers-list")).json()
    assert {row["id"] for row in listing["results"]} == {own}


def test_readers_cannot_write(login_as, reader, election, objects):
    client = login_as(reader)
    e = election.pk
    assert client.get(reverse("electoral:watcher-create", args=[e])).status_code == 403
    assert (
        client.post(
            reverse("electoral:watcher-detail", args=[e, objects["watcher"].pk]), {"action": "confirm"}
        ).status_code
        == 403
    )
    assert client.get(reverse("electoral:checkin", args=[e])).status_code == 403
    assert client.get(reverse("electoral:election-create")).status_code == 403
    assert PollWatcher.objects.get(pk=objects["watcher"].pk).status == PollWatcher.Status.PROSPECT


def test_a_coordinator_confirms_a_watcher_from_the_page(login_as, bob, election, objects):
    client = login_as(bob)
    url = reverse("electoral:watcher-detail", args=[election.pk, objects["watcher"].pk])
    assert client.post(url, {"action": "confirm"}).status_code == 302
    assert PollWatcher.objects.get(pk=objects["watcher"].pk).status == PollWatcher.Status.CONFIRMED
    response = client.post(url, {"action": "accredit"}, follow=True)
    assert "Su rol no le permite" in response.content.decode() or response.status_code == 403


def test_the_api_answers_anonymous_and_no_role(client, login_as, nobody, election, objects):
    url = reverse("api:electoral-elections-list")
    assert client.get(url).status_code in (401, 403)
    assert login_as(nobody).get(url).status_code == 403


def test_the_member_panel_lists_duties_and_candidacies(secretary, objects, medellin):
    from electoral.dashboard import _member_panel_context

    candidate = objects["candidate"]
    context = _member_panel_context(candidate.member, secretary)
    assert context["candidacies"] == [candidate]


def test_watcher_documents_are_for_operators(login_as, reader, bob, election, objects):
    e = election.pk
    reader_client = login_as(reader)
    assert reader_client.get(reverse("electoral:credentials", args=[e])).status_code == 403
    assert reader_client.get(reverse("electoral:authority-list", args=[e])).status_code == 403
    bob_client = login_as(bob)
    assert bob_client.get(reverse("electoral:credentials", args=[e]) + "?watcher=abc").status_code == 404
    outsider = objects["outsider_watcher"].pk
    assert bob_client.get(reverse("electoral:credentials", args=[e]) + f"?watcher={outsider}").status_code == 404


def test_the_member_page_shows_the_electoral_panel(login_as, secretary, objects):
    member = objects["candidate"].member
    response = login_as(secretary).get(reverse("militancia:member-detail", args=[member.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    candidate = objects["candidate"]
    link = reverse("electoral:candidate-detail", args=[candidate.election_id, candidate.pk])
    assert "Testigo electoral y candidaturas" in body
    assert link in body
