"""Nothing with personal data is stored by a browser or a proxy; the API's schema and docs need a login."""

import pytest
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def test_a_signed_in_page_is_never_stored(login_as, alice):
    response = login_as(alice).get("/")
    assert "no-store" in response["Cache-Control"]


def test_a_signed_in_page_is_private(login_as, alice):
    response = login_as(alice).get("/")
    assert "private" in response["Cache-Control"]


def test_an_api_answer_to_a_token_is_never_stored(client, alice):
    token = Token.objects.get_or_create(user=alice)[0].key
    response = client.get("/api/v1/core/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert "no-store" in response["Cache-Control"]


def test_an_api_refusal_is_never_stored(client):
    assert "no-store" in client.get("/api/v1/core/me/")["Cache-Control"]


def test_a_redirect_to_the_second_factor_is_never_stored(client, alice):
    client.force_login(alice)  # no second factor verified: sent to verify it
    response = client.get("/militantes/")
    assert "no-store" in response["Cache-Control"]


def test_the_schema_needs_a_login(client):
    assert client.get("/api/v1/schema/").status_code == 401


def test_the_schema_is_served_to_a_signed_in_user(login_as, reader):
    assert login_as(reader).get("/api/v1/schema/", {"format": "json"}).status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_docs_send_an_anonymous_visitor_to_the_login_page(client, url):
    response = client.get(url)
    assert (response.status_code, response["Location"].split("?")[0]) == (302, "/cuenta/ingresar/")


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/redoc/"])
def test_the_docs_are_served_to_a_signed_in_user(login_as, reader, url):
    assert login_as(reader).get(url).status_code == 200
