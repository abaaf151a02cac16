"""The watcher list and the directory search by document through a posted form: no number in the address."""

import pytest

from core.tests.search import search
from electoral.tests.factories import make_watcher

pytestmark = pytest.mark.django_db
NUMBER = "71222333"


@pytest.fixture
def watchers(election, medellin):
    return [
        make_watcher(election, medellin, id_number=NUMBER, last_names="Arango"),
        make_watcher(election, medellin, last_names="Restrepo"),
    ]


def test_the_list_finds_a_watcher_by_document(login_as, bob, election, watchers):
    response = search(login_as(bob), f"/electoral/elecciones/{election.pk}/testigos/", q=NUMBER)
    assert [w.pk for w in response.context["page"].object_list] == [watchers[0].pk]


def test_the_list_keeps_the_document_out_of_the_address(login_as, bob, election, watchers):
    response = search(login_as(bob), f"/electoral/elecciones/{election.pk}/testigos/", q=NUMBER)
    assert "7122" not in response.redirect_chain[-1][0]


def test_the_list_ignores_a_document_in_the_address(login_as, bob, election, watchers):
    response = login_as(bob).get(f"/electoral/elecciones/{election.pk}/testigos/", {"q": NUMBER})
    assert len(response.context["page"].object_list) == 2


def test_a_search_of_one_election_does_not_filter_another(login_as, bob, election, watchers, medellin):
    from electoral.tests.factories import ElectionFactory

    other = ElectionFactory()
    make_watcher(other, medellin)
    client = login_as(bob)
    url = search(client, f"/electoral/elecciones/{election.pk}/testigos/", q=NUMBER).redirect_chain[-1][0]
    token = url.split("?", 1)[1]
    response = client.get(f"/electoral/elecciones/{other.pk}/testigos/?{token}")
    assert len(response.context["page"].object_list) == 1


def test_the_directory_finds_a_person_by_document(login_as, bob, watchers):
    response = search(login_as(bob), "/electoral/testigos/directorio/", q=NUMBER)
    assert [p["id_number"] for p in response.context["page"].object_list] == [NUMBER]


def test_the_directory_keeps_the_document_out_of_the_address(login_as, bob, watchers):
    response = search(login_as(bob), "/electoral/testigos/directorio/", q=NUMBER)
    assert "7122" not in response.redirect_chain[-1][0]
