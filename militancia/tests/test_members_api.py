import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from core.models import AuditEvent
from militancia.models import Member
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.get_or_create(user=user)[0].key}"}


@pytest.fixture
def member(medellin):
    return MemberFactory(first_names="José", last_names="Pérez", id_number="1020304050", territory=medellin)


def payload(territory, **overrides):
    data = {
        "id_type": "CC",
        "id_number": "1.234.567.890",
        "first_names": "ana maría",
        "last_names": "TORRES",
        "territory": territory.code,
        "phone": "3001234567",
        "consent_date": timezone.localdate().isoformat(),
        "consent_channel": "web",
    }
    data.update(overrides)
    return data


def test_anonymous_calls_get_401(client, member):
    assert client.get("/api/v1/militancia/members/").status_code == 401
    response = client.get(f"/api/v1/militancia/members/{member.pk}/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert client.get("/api/v1/militancia/members/", HTTP_AUTHORIZATION="Token nope").status_code == 401


def test_users_without_a_role_get_403(client, nobody, member):
    assert client.get("/api/v1/militancia/members/", **auth(nobody)).status_code == 403
    assert client.get(f"/api/v1/militancia/members/{member.pk}/", **auth(nobody)).status_code == 403


def test_out_of_scope_is_404_and_absent_from_lists(client, charlie, member):
    headers = auth(charlie)
    assert client.get(f"/api/v1/militancia/members/{member.pk}/", **headers).status_code == 404
    assert (
        client.patch(
            f"/api/v1/militancia/members/{member.pk}/",
            {"phone": "3000000000"},
            content_type="application/json",
            **headers,
        ).status_code
        == 404
    )
    assert client.get("/api/v1/militancia/members/", {"id_number": "1020304050"}, **headers).json()["results"] == []
    assert client.get("/api/v1/militancia/members/", {"q": "jose perez"}, **headers).json()["results"] == []


def test_the_read_only_role_cannot_write(client, reader, member, medellin):
    headers = auth(reader)
    assert client.get(f"/api/v1/militancia/members/{member.pk}/", **headers).status_code == 200
    assert (
        client.post(
            "/api/v1/militancia/members/", payload(medellin), content_type="application/json", **headers
        ).status_code
        == 403
    )


@pytest.mark.parametrize("typed", ["1.020.304.050", "1020304050.0", " 1020304050 "])
def test_lookup_by_id_number_normalizes(client, bob, member, typed):
    results = client.get("/api/v1/militancia/members/", {"id_number": typed}, **auth(bob)).json()["results"]
    assert [r["id"] for r in results] == [member.pk]


def test_search_by_name(client, bob, member, medellin):
    MemberFactory(first_names="Pedro", last_names="Pérez", territory=medellin)
    results = client.get("/api/v1/militancia/members/", {"q": "jose perez"}, **auth(bob)).json()["results"]
    assert [r["id"] for r in results] == [member.pk]


def test_create_goes_through_the_service(client, bob, medellin):
    response = client.post(
        "/api/v1/militancia/members/", payload(medellin), content_type="application/json", **auth(bob)
    )
    assert response.status_code == 201, response.content
    member = Member.objects.get(pk=response.json()["id"])
    assert member.id_number == "1234567890"
    assert member.first_names == "Ana María"
    assert member.source == "api"
    assert AuditEvent.objects.get(action="create", object_id=str(member.pk)).source == "api"


def test_create_answers_bad_input_in_spanish(client, bob, medellin, bogota):
    headers = auth(bob)
    response = client.post(
        "/api/v1/militancia/members/", payload(medellin, id_number="12AB"), content_type="application/json", **headers
    )
    assert response.status_code == 400
    assert response.json()["id_number"] == ["Número de documento: una cédula tiene solo dígitos."]
    response = client.post("/api/v1/militancia/members/", payload(bogota), content_type="application/json", **headers)
    assert response.json()["territory"] == ["Territorio: está fuera de su alcance territorial."]
    response = client.post(
        "/api/v1/militancia/members/", payload(medellin, birth_date="ayer"), content_type="application/json", **headers
    )
    assert response.json()["birth_date"][0].startswith("Fecha de nacimiento:")
    assert not Member.objects.exists()


def test_update_is_audited(client, bob, member):
    response = client.patch(
        f"/api/v1/militancia/members/{member.pk}/",
        {"phone": "310 555 6677"},
        content_type="application/json",
        **auth(bob),
    )
    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "+573105556677"
    assert AuditEvent.objects.get(action="update").shown_changes == {"phone": ["", "+573105556677"]}


def test_the_list_is_keyset_paginated(client, alice, medellin, django_assert_max_num_queries):
    MemberFactory.create_batch(7, territory=medellin)
    headers = auth(alice)
    first = client.get("/api/v1/militancia/members/", {"page_size": 5}, **headers).json()
    assert len(first["results"]) == 5
    assert first["next"]
    assert "count" not in first
    second = client.get(first["next"], **headers).json()
    assert len(second["results"]) == 2
    with django_assert_max_num_queries(8):
        client.get("/api/v1/militancia/members/", {"q": "a"}, **headers)


def test_a_name_search_paginates_too(client, alice, medellin):
    MemberFactory.create_batch(7, first_names="Ana", last_names="Gómez", territory=medellin)
    MemberFactory(first_names="Luis", last_names="Gómez", territory=medellin)
    headers = auth(alice)
    first = client.get("/api/v1/militancia/members/", {"q": "ana gomez", "page_size": 5}, **headers).json()
    second = client.get(first["next"], **headers).json()
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert len(ids) == 7 == len(set(ids))
    assert ids == sorted(ids, reverse=True)
