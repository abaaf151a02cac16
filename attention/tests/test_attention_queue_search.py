"""The queue's search box posts: a requester's ID number never goes in the address."""

import pytest

from attention.tests.factories import make_request
from core.tests.search import search

pytestmark = pytest.mark.django_db

QUEUE = "/solicitudes/"


@pytest.fixture
def wanted(medellin, bob):
    return make_request(territory=medellin, actor=bob, requester_id_number="43210987", requester_name="Marta Ruiz")


@pytest.fixture
def other(medellin, bob):
    return make_request(territory=medellin, actor=bob, requester_id_number="55667788", requester_name="Otra Persona")


def test_it_finds_a_request_by_the_requesters_document(login_as, bob, wanted, other):
    response = search(login_as(bob), QUEUE, q="43210987")
    assert [r.pk for r in response.context["page"].object_list] == [wanted.pk]


def test_it_keeps_the_document_out_of_the_address(login_as, bob, wanted, other):
    response = search(login_as(bob), QUEUE, q="43210987")
    assert "4321" not in response.redirect_chain[-1][0]


def test_it_ignores_a_document_in_the_address(login_as, bob, wanted, other):
    response = login_as(bob).get(QUEUE, {"q": "43210987"})
    assert len(response.context["page"].object_list) == 2


def test_it_keeps_the_other_filters_with_the_search(login_as, bob, wanted, other):
    response = search(login_as(bob), QUEUE, q="43210987", status="all")
    assert response.context["form"].cleaned_data["status"] == "all"
