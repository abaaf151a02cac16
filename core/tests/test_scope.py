"""Territorial scope: Antioquia's coordinator cannot reach Cundinamarca by page or API."""

import pytest
from rest_framework.authtoken.models import Token

from core.models import Territory

pytestmark = pytest.mark.django_db


def test_it_shows_a_territory_inside_the_scope(login_as, bob, medellin):
    response = login_as(bob).get(f"/territorios/{medellin.pk}/")
    assert response.status_code == 200
    assert "Medellín" in response.content.decode()


def test_it_answers_404_by_page_outside_the_scope(login_as, bob, bogota, cundinamarca):
    client = login_as(bob)
    assert client.get(f"/territorios/{bogota.pk}/").status_code == 404
    assert client.get(f"/territorios/{cundinamarca.pk}/").status_code == 404


def test_it_answers_404_by_api_outside_the_scope(client, bob, bogota, medellin):
    token = Token.objects.create(user=bob)
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert client.get(f"/api/v1/core/territories/{bogota.pk}/", **headers).status_code == 404
    assert client.get(f"/api/v1/core/territories/{medellin.pk}/", **headers).status_code == 200


def test_the_api_list_holds_only_the_scope(client, bob):
    token = Token.objects.create(user=bob)
    response = client.get(
        "/api/v1/core/territories/?kind=municipality&page_size=500", HTTP_AUTHORIZATION=f"Token {token.key}"
    )
    codes = {row["code"] for row in response.json()["results"]}
    assert len(codes) == 125
    assert all(code.startswith("05") for code in codes)


def test_the_page_list_holds_only_the_scope(login_as, bob):
    response = login_as(bob).get("/territorios/?q=Bogot")
    assert response.status_code == 200
    assert "Bogotá" not in response.content.decode()


def test_a_national_user_sees_everything(login_as, alice, bogota):
    assert login_as(alice).get(f"/territorios/{bogota.pk}/").status_code == 200


def test_visible_to_refuses_anonymous_users(territories):
    from django.contrib.auth.models import AnonymousUser

    assert not Territory.objects.visible_to(AnonymousUser()).exists()
