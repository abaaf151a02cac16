"""The API's refusals: a JSON body in Spanish naming what was wrong, and each one in the schema
(core/api/schema.py adds them from what the view does)."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from militancia.tests.factories import MemberFactory

MEMBERS = "/api/v1/militancia/members/"


@pytest.fixture
def api(client):
    def _as(user):
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.get_or_create(user=user)[0].key}"
        return client

    return _as


@pytest.fixture
def schema(login_as, alice):
    return login_as(alice).get("/api/v1/schema/", {"format": "json"}).json()


def test_a_cursor_that_is_no_link_of_a_page_is_a_400_naming_it(api, alice):
    response = api(alice).get(MEMBERS, {"cursor": "abc"})
    assert response.json() == {"cursor": ["Cursor: use el enlace next o previous de una página anterior."]}


def test_a_territory_code_with_a_nul_character_is_a_400_not_a_server_error(api, alice):
    response = api(alice).get(MEMBERS, {"territory": "05\x00"})
    assert list(response.json()) == ["territory"]


def test_a_path_no_api_route_matches_answers_json(api, alice):
    response = api(alice).get(f"{MEMBERS}5.6/")
    assert response.json() == {"detail": "No encontrado."}


def test_an_object_out_of_scope_answers_like_one_that_does_not_exist(api, charlie, medellin):
    member = MemberFactory(territory=medellin)
    response = api(charlie).get(f"{MEMBERS}{member.pk}/")
    assert response.json() == {"detail": "No encontrado."}


def test_a_list_filter_outside_its_choices_is_a_400_naming_it(api, alice):
    response = api(alice).get("/api/v1/core/territories/", {"kind": "planet"})
    assert list(response.json()) == ["kind"]


def test_every_operation_documents_401_and_429(schema):
    missing = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if not {"401", "429"} <= set(operation["responses"])
    ]
    assert missing == []


def test_a_detail_route_documents_404_with_the_error_body(schema):
    response = schema["paths"]["/api/v1/militancia/members/{id}/"]["get"]["responses"]["404"]
    assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_a_write_documents_its_validation_error(schema):
    response = schema["paths"]["/api/v1/militancia/members/"]["post"]["responses"]["400"]
    assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ValidationError"}


def test_an_operation_without_input_or_role_documents_no_400_403_404(schema):
    documented = set(schema["paths"]["/api/v1/core/me/"]["get"]["responses"])
    assert documented == {"200", "401", "429"}
