"""Login, lockout, second factor, sessions, and the error answers users meet."""

import pytest
from django.conf import settings
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import AuditEvent
from core.tests.factories import login

pytestmark = pytest.mark.django_db
PASSWORD = "Clave-de-prueba-2026"


def test_the_login_page_is_in_spanish(client):
    body = client.get("/cuenta/ingresar/").content.decode()
    assert "Ingresar" in body
    assert "Contraseña" in body


def test_it_refuses_a_wrong_password_with_a_spanish_message(client, bob):
    response = client.post("/cuenta/ingresar/", {"username": "bob", "password": "equivocada"})
    assert response.status_code == 200
    assert "Por favor, introduzca un nombre de usuario y clave correctos" in response.content.decode()


def test_it_locks_out_after_repeated_failures(client, bob):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post("/cuenta/ingresar/", {"username": "bob", "password": "equivocada"})
    response = client.post("/cuenta/ingresar/", {"username": "bob", "password": PASSWORD})
    assert response.status_code == 429
    assert "Acceso bloqueado temporalmente" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_logs_a_coordinator_in(client, bob):
    response = client.post("/cuenta/ingresar/", {"username": "bob", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 302  # on to the second factor (test_second_factor.py)


def test_a_national_admin_must_set_up_the_second_factor(client, alice):
    client.post("/cuenta/ingresar/", {"username": "alice", "password": PASSWORD})
    response = client.get("/auditoria/")
    assert response.status_code == 302
    assert response["Location"].startswith("/cuenta/segundo-factor/")
    body = client.get(response["Location"]).content.decode()
    assert 'src="data:image/png;base64,' in body  # the QR code to scan
    device = TOTPDevice.objects.get(user=alice, confirmed=False)
    bad = client.post("/cuenta/segundo-factor/", {"token": "000000", "next": "/auditoria/"})
    assert "El código no es válido" in bad.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a failure throttles the next try for a second
    good = client.post("/cuenta/segundo-factor/", {"token": f"{totp(device.bin_key):06d}", "next": "/auditoria/"})
    assert good.status_code == 302
    assert good["Location"] == "/cuenta/codigos-de-recuperacion/?next=%2Fauditoria%2F"  # shown once, then on
    assert client.get("/auditoria/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_a_national_admin_with_a_device_verifies_at_each_login(client, alice):
    device = TOTPDevice.objects.create(user=alice, name="app", confirmed=True)
    client.post("/cuenta/ingresar/", {"username": "alice", "password": PASSWORD})
    assert client.get("/").status_code == 302
    body = client.get("/cuenta/segundo-factor/").content.decode()
    assert "data:image/png" not in body  # no new set-up once a device exists
    client.post("/cuenta/segundo-factor/", {"method": "totp", "token": f"{totp(device.bin_key):06d}"})
    assert client.get("/").status_code == 200


def test_the_next_parameter_cannot_leave_the_site(client, alice):
    device = TOTPDevice.objects.create(user=alice, name="app", confirmed=True)
    client.force_login(alice)
    response = client.post(
        "/cuenta/segundo-factor/",
        {"method": "totp", "token": f"{totp(device.bin_key):06d}", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_sessions_expire_when_idle_and_at_browser_close():
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def _session_expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_request_renews_the_idle_expiry_once_the_touch_interval_has_passed(client, bob, settings):
    settings.SESSION_TOUCH_SECONDS = 0
    client.force_login(bob)
    client.get("/territorios/")
    first = _session_expiry(client)
    client.get("/territorios/")
    assert _session_expiry(client) > first


def test_requests_within_the_touch_interval_do_not_write_the_session(client, bob, settings):
    settings.SESSION_TOUCH_SECONDS = 3600
    client.force_login(bob)
    client.get("/territorios/")
    first = _session_expiry(client)
    client.get("/territorios/")
    assert _session_expiry(client) == first


def test_an_expired_session_is_sent_to_login(client, bob):
    client.force_login(bob)
    session = client.session
    session.set_expiry(-1)
    session.save()
    response = client.get("/territorios/")
    assert response.status_code == 302
    assert response["Location"].startswith("/cuenta/ingresar/")


def test_password_rules_refuse_weak_passwords(login_as, bob):
    client = login_as(bob)
    response = client.post(
        "/cuenta/contrasena/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "demasiado corta" in body
    assert "completamente numérica" in body


def test_a_form_without_csrf_token_gets_a_spanish_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/cuenta/ingresar/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "El formulario venció" in response.content.decode()


def test_an_unknown_url_gets_a_spanish_404(login_as, bob):
    client = login_as(bob)
    response = client.get("/no-existe/")
    assert response.status_code == 404
    assert "Página no encontrada" in response.content.decode()


def test_an_api_call_without_token_gets_a_spanish_401_or_403(client):
    response = client.get("/api/v1/core/territories/")
    assert response.status_code in (401, 403)
    assert "credenciales de autenticación" in response.json()["detail"]


def test_a_bad_token_is_refused(client):
    response = client.get("/api/v1/core/territories/", HTTP_AUTHORIZATION="Token 123")
    assert response.status_code == 401
    assert "Token inválido" in response.json()["detail"]


def test_a_server_error_shows_the_spanish_500_page_without_a_trace(client, bob, settings, monkeypatch):
    from core.views import pages

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(pages.selectors, "territory_list", boom)
    client.raise_request_exception = False
    login(client, bob)
    response = client.get("/territorios/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Algo falló de nuestro lado" in body
    assert "secret internals" not in body


def test_a_logout_is_audited(client, bob):
    client.force_login(bob)
    client.post("/cuenta/salir/")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGOUT, actor=bob).exists()


def test_a_user_generates_and_revokes_an_api_token(login_as, bob, client):
    from rest_framework.authtoken.models import Token

    session_client = login_as(bob)
    session_client.post("/api-token/", {"action": "create"})
    token = Token.objects.get(user=bob)
    assert token.key in session_client.get("/api-token/").content.decode()
    api = Client()
    assert api.get("/api/v1/core/me/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200
    session_client.post("/api-token/", {"action": "revoke"})
    assert not Token.objects.filter(user=bob).exists()
    assert api.get("/api/v1/core/me/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 401


def test_user_changes_in_the_admin_are_audited(login_as, alice, bob, antioquia, cundinamarca):
    client = login_as(alice)
    alice.is_staff = alice.is_superuser = True
    alice.save()
    page = client.get(f"/admin/core/user/{bob.pk}/change/")
    assert page.status_code == 200
    data = {
        "username": "bob",
        "first_name": bob.first_name,
        "last_name": bob.last_name,
        "email": bob.email,
        "is_active": "on",
        "groups": [g.pk for g in bob.groups.all()],
        "territories": [cundinamarca.pk],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
        "phone": "",
    }
    response = client.post(f"/admin/core/user/{bob.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE, object_id=str(bob.pk)).latest("id")
    assert event.changes["territories"] == [["Antioquia"], ["Cundinamarca"]]
