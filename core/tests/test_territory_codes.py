"""Territories are named by their DIVIPOLA code in query strings and in the API, never by database id."""

import pytest
from rest_framework.authtoken.models import Token

from core.models import Territory

pytestmark = pytest.mark.django_db


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.get_or_create(user=user)[0].key}"}


def test_it_finds_a_territory_by_code(antioquia):
    assert Territory.objects.by_code("05") == antioquia


def test_it_prefers_the_shallowest_node_when_a_code_repeats(antioquia, medellin):
    Territory.objects.create(code="05", name="Comuna 5", kind=Territory.Kind.LOCALITY, parent=medellin)
    assert Territory.objects.by_code("05") == antioquia


def test_it_finds_nothing_for_an_unknown_code(territories):
    assert Territory.objects.by_code("98") is None


def test_it_filters_the_territory_api_by_code(client, alice, antioquia):
    rows = client.get("/api/v1/core/territories/", {"territory": "05", "page_size": 500}, **auth(alice)).json()
    assert {row["path"][:6] for row in rows["results"]} == {"CO/05/"}


def test_it_answers_an_unknown_code_with_400(client, alice):
    response = client.get("/api/v1/core/territories/", {"territory": "98"}, **auth(alice))
    assert response.status_code == 400


def test_it_documents_the_territory_filter_in_the_schema(client, alice):
    schema = client.get("/api/v1/schema/", {"format": "json"}, **auth(alice)).json()
    names = [p["name"] for p in schema["paths"]["/api/v1/core/territories/"]["get"]["parameters"]]
    assert "territory" in names
