import pytest

from core.roles import Role
from core.tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/cuenta/ingresar/")


def test_a_national_admin_sees_the_administration_section(login_as, alice):
    body = login_as(alice).get("/").content.decode()
    assert "Auditoría" in body
    assert "Eventos de auditoría hoy" in body


def test_a_coordinator_does_not_see_administration(login_as, bob):
    body = login_as(bob).get("/").content.decode()
    assert "Auditoría" not in body
    assert "Municipios en mi alcance" in body
    assert "Antioquia" in body  # scope shown in the user menu


def test_a_user_without_role_is_told_to_ask_for_one(login_as, nobody):
    body = login_as(nobody).get("/").content.decode()
    assert "aún no tiene rol" in body


def test_the_home_page_has_a_constant_number_of_queries(login_as, alice, django_assert_max_num_queries):
    for n in range(30):
        make_user(f"extra{n}", Role.READ_ONLY)
    client = login_as(alice)
    client.get("/")
    with django_assert_max_num_queries(25):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("role", list(Role))
def test_every_role_gets_a_home_page(client, role, territories):
    user = make_user(f"user-{role.name.lower()}", role)
    from core.tests.factories import login

    login(client, user)
    response = client.get("/")
    assert response.status_code == 200
    assert "Hola" in response.content.decode()


def test_the_api_root_and_docs_are_served_locally(login_as, alice):
    client = login_as(alice)
    assert client.get("/api/v1/").status_code == 200
    schema = client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"openapi" in schema.content
    docs = client.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in docs
    assert "cdn" not in docs.lower()


def test_the_me_endpoint_tells_roles_and_scope(login_as, bob):
    data = login_as(bob).get("/api/v1/core/me/").json()
    assert data["roles"] == ["Coordinación regional"]
    assert data["scope"][0]["name"] == "Antioquia"
    assert data["national"] is False


def test_navigation_keeps_each_section_together():
    from core.navigation import NavItem, registry

    class FakeUser:
        is_authenticated = True

        def has_role(self, *roles):
            return True

    from core.navigation import nav_for

    saved = list(registry.nav)
    try:
        registry.nav[:] = [
            NavItem("b1", "core:home", "bi", (Role.READ_ONLY,), "B", 10),
            NavItem("a1", "core:home", "bi", (Role.READ_ONLY,), "A", 20),
            NavItem("b2", "core:home", "bi", (Role.READ_ONLY,), "B", 30),
        ]
        assert [i.label for i in nav_for(FakeUser())] == ["b1", "b2", "a1"]
    finally:
        registry.nav[:] = saved
