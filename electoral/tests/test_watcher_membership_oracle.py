"""A watcher or a candidate linked to a member of another territory must not reveal that membership
to a user who may not see that member: the pages and the API answer as for a non-member."""

import re

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from electoral.models import Candidate
from electoral.tests.factories import make_watcher
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held_in_bogota(bogota):
    return MemberFactory(territory=bogota, first_names="Rosa", last_names="Quintana")


@pytest.fixture
def in_scope(medellin):
    return MemberFactory(territory=medellin, first_names="Ana", last_names="Zapata")


@pytest.fixture
def hidden_watcher(election, medellin, held_in_bogota):
    return make_watcher(
        election, medellin, member=held_in_bogota, id_number=held_in_bogota.id_number, last_names="Quintana"
    )


@pytest.fixture
def plain_watcher(election, medellin):
    return make_watcher(election, medellin, last_names="Restrepo")


def detail(client, election, watcher) -> str:
    return client.get(reverse("electoral:watcher-detail", args=[election.pk, watcher.pk])).content.decode()


def summary(html: str, watcher) -> str:
    """The line under the watcher's name (document, role, place, membership), the number masked."""
    line = re.search(rf"<p[^>]*>[^<]*{watcher.id_number}.*?</p>", html, re.S).group(0)
    return line.replace(watcher.id_number, "N")


def test_the_detail_of_an_out_of_scope_member_watcher_reads_like_a_non_member(
    login_as, bob, election, hidden_watcher, plain_watcher
):
    client = login_as(bob)
    shown = summary(detail(client, election, hidden_watcher), hidden_watcher)
    plain = summary(detail(client, election, plain_watcher), plain_watcher)
    assert shown == plain


def test_the_detail_does_not_link_an_out_of_scope_member(login_as, bob, election, hidden_watcher, held_in_bogota):
    html = detail(login_as(bob), election, hidden_watcher)
    assert f"/militantes/{held_in_bogota.pk}/" not in html


def test_the_detail_links_a_member_the_user_may_see(login_as, alice, election, hidden_watcher, held_in_bogota):
    html = detail(login_as(alice), election, hidden_watcher)
    assert f"/militantes/{held_in_bogota.pk}/" in html


def test_the_list_flags_no_out_of_scope_member(login_as, bob, election, hidden_watcher):
    page = login_as(bob).get(reverse("electoral:watcher-list", args=[election.pk]))
    assert [w.shows_member for w in page.context["page"].object_list] == [False]


def test_the_list_flags_a_member_the_user_may_see(login_as, alice, election, hidden_watcher):
    page = login_as(alice).get(reverse("electoral:watcher-list", args=[election.pk]))
    assert [w.shows_member for w in page.context["page"].object_list] == [True]


def _candidates(client, user) -> list[dict]:
    token = Token.objects.get_or_create(user=user)[0].key
    return client.get("/api/v1/electoral/candidates/", HTTP_AUTHORIZATION=f"Token {token}").json()["results"]


def test_the_candidate_api_hides_an_out_of_scope_member(client, bob, election, medellin, held_in_bogota):
    Candidate.objects.create(election=election, member=held_in_bogota, office="Concejo", territory=medellin)
    [row] = _candidates(client, bob)
    assert (row["member"], row["member_name"]) == (None, None)


def test_the_candidate_api_shows_a_member_in_scope(client, bob, election, medellin, in_scope):
    Candidate.objects.create(election=election, member=in_scope, office="Concejo", territory=medellin)
    [row] = _candidates(client, bob)
    assert (row["member"], row["member_name"]) == (in_scope.pk, in_scope.full_name)


def test_the_candidate_api_shows_the_member_to_the_national_office(client, alice, election, medellin, held_in_bogota):
    Candidate.objects.create(election=election, member=held_in_bogota, office="Concejo", territory=medellin)
    [row] = _candidates(client, alice)
    assert row["member"] == held_in_bogota.pk
