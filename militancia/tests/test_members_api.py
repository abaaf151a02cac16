import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from core.models import AuditEvent
from core.tests.queries import at_most_queries
from militancia.models import Member, MemberAccess
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Token {Token.objects.get_or_create(user=user)[0].key}"}


LOOKUP = "/api/v1/militancia/members/lookup/"


def lookup(client, user, **body):
    return client.post(LOOKUP, body, content_type="application/json", **auth(user))


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
    assert lookup(client, charlie, id_number="1020304050").json()["results"] == []
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
    results = lookup(client, bob, id_number=typed).json()["results"]
    assert [r["id"] for r in results] == [member.pk]


def test_lookup_takes_the_document_type(client, bob, member):
    assert lookup(client, bob, id_type="PA", id_number="1020304050").json()["results"] == []


def test_lookup_refuses_a_number_that_is_no_document(client, bob, member):
    response = lookup(client, bob, id_type="CC", id_number="12AB")
    assert response.json()["id_number"] == ["Número de documento: una cédula tiene solo dígitos."]


def test_lookup_is_open_to_the_read_only_role(client, reader, member):
    assert lookup(client, reader, id_number="1020304050").status_code == 200


def test_lookup_is_closed_to_users_without_a_role(client, nobody, member):
    assert lookup(client, nobody, id_number="1020304050").status_code == 403


def test_lookup_is_audited_with_the_member_found(client, bob, member):
    lookup(client, bob, id_number="1020304050")
    assert list(MemberAccess.objects.values_list("member_id", flat=True)) == [member.pk]


def test_the_id_number_filter_is_gone(client, bob, member):
    response = client.get("/api/v1/militancia/members/", {"id_number": "1020304050"}, **auth(bob))
    assert response.status_code == 400


def test_a_document_number_in_q_is_refused(client, bob, member):
    response = client.get("/api/v1/militancia/members/", {"q": "1.020.304.050"}, **auth(bob))
    assert response.status_code == 400


def test_the_schema_documents_the_lookup_body(client, alice):
    schema = client.get("/api/v1/schema/", {"format": "json"}, **auth(alice)).json()
    body = schema["paths"]["/api/v1/militancia/members/lookup/"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["$ref"].endswith("/MemberLookup")


def test_the_schema_no_longer_offers_an_id_number_filter(client, alice):
    schema = client.get("/api/v1/schema/", {"format": "json"}, **auth(alice)).json()
    names = [p["name"] for p in schema["paths"]["/api/v1/militancia/members/"]["get"]["parameters"]]
    assert "id_number" not in names


def test_a_list_page_is_audited_with_the_members_shown(client, bob, member):
    client.get("/api/v1/militancia/members/", **auth(bob))
    assert list(MemberAccess.objects.values_list("member_id", flat=True)) == [member.pk]


def test_reading_one_member_is_audited(client, reader, member):
    client.get(f"/api/v1/militancia/members/{member.pk}/", **auth(reader))
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
    assert (event.actor, event.object_id) == (reader, str(member.pk))


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


def test_the_list_is_keyset_paginated(client, alice, medellin):
    MemberFactory.create_batch(7, territory=medellin)
    headers = auth(alice)
    first = client.get("/api/v1/militancia/members/", {"page_size": 5}, **headers).json()
    assert len(first["results"]) == 5
    assert first["next"]
    assert "count" not in first
    second = client.get(first["next"], **headers).json()
    assert len(second["results"]) == 2
    # Two of them audit the read (the event and the members it showed).
    with at_most_queries(8):
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
