"""A second factor for every role that reads personal data: app, passkey, recovery codes, reset."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import second_factor
from core.models import AuditEvent
from core.roles import Role
from core.tests.factories import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "Clave-de-prueba-2026"
CODE = re.compile(r"[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}")


def password_login(client, user):
    client.post("/cuenta/ingresar/", {"username": user.username, "password": PASSWORD})


def enrol_with_app(client, user):
    """Password, then the app's first code; answers the recovery-codes page."""
    password_login(client, user)
    client.get("/cuenta/segundo-factor/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post("/cuenta/segundo-factor/", {"token": f"{totp(device.bin_key):06d}", "next": "/"})
    return client.get("/cuenta/codigos-de-recuperacion/?next=/")


@pytest.mark.parametrize("role", [Role.REGIONAL_COORDINATOR, Role.CARDS, Role.ELECTORAL, Role.READ_ONLY])
def test_each_role_that_reads_personal_data_must_enrol(client, territories, role):
    user = make_user("lector", role)
    password_login(client, user)
    response = client.get("/")
    assert response["Location"].startswith("/cuenta/segundo-factor/")


@pytest.mark.parametrize("role", [Role.COMMS_PROFESSIONAL, Role.COMMS_CHIEF])
def test_communications_roles_see_no_member_data_and_are_not_asked(client, role):
    user = make_user("prensa", role)
    password_login(client, user)
    assert client.get("/").status_code == 200


def test_the_roles_are_configurable(client, bob, settings):
    settings.SECOND_FACTOR_ROLES = ["NATIONAL_ADMIN"]
    password_login(client, bob)
    assert client.get("/").status_code == 200


def test_an_unknown_role_name_stops_the_start(settings):
    from core.roles import second_factor_roles

    settings.SECOND_FACTOR_ROLES = ["COORDINADOR"]
    with pytest.raises(ImproperlyConfigured):
        second_factor_roles()


def test_the_enrolment_page_offers_a_passkey_and_an_app(client, bob):
    password_login(client, bob)
    body = client.get("/cuenta/segundo-factor/").content.decode()
    assert 'id="passkey-registration-available-template"' in body
    assert 'src="data:image/png;base64,' in body


def test_the_passkey_script_is_served_from_this_site(client, bob):
    password_login(client, bob)
    body = client.get("/cuenta/segundo-factor/").content.decode()
    assert "/static/vendor/django-otp-webauthn/otp_webauthn_register.js" in body


def test_enrolment_shows_ten_recovery_codes(client, bob):
    body = enrol_with_app(client, bob).content.decode()
    assert len(CODE.findall(body)) == 10


def test_recovery_codes_are_shown_only_once(client, bob):
    enrol_with_app(client, bob)
    body = client.get("/cuenta/codigos-de-recuperacion/").content.decode()
    assert CODE.findall(body) == []


def test_after_enrolment_the_user_goes_on(client, bob):
    enrol_with_app(client, bob)
    assert client.get("/").status_code == 200


def fresh_login(client, user):
    client.post("/cuenta/salir/")
    password_login(client, user)


def test_a_recovery_code_lets_the_user_in(client, bob):
    code = CODE.findall(enrol_with_app(client, bob).content.decode())[0]
    fresh_login(client, bob)
    client.post("/cuenta/segundo-factor/", {"method": "recovery", "code": code.lower(), "next": "/"})
    assert client.get("/").status_code == 200


def test_a_recovery_code_works_once(client, bob):
    code = CODE.findall(enrol_with_app(client, bob).content.decode())[0]
    fresh_login(client, bob)
    client.post("/cuenta/segundo-factor/", {"method": "recovery", "code": code, "next": "/"})
    fresh_login(client, bob)
    StaticDevice.objects.get(user=bob).throttle_reset()
    again = client.post("/cuenta/segundo-factor/", {"method": "recovery", "code": code, "next": "/"})
    assert "no es válido o ya se usó" in again.content.decode()


def test_regenerating_recovery_codes_kills_the_old_ones(client, bob):
    old = CODE.findall(enrol_with_app(client, bob).content.decode())
    new = CODE.findall(client.post("/cuenta/codigos-de-recuperacion/nuevos/").content.decode())
    assert len(new) == 10
    assert not set(old) & {
        second_factor.shown_code(t.token) for t in StaticDevice.objects.get(user=bob).token_set.all()
    }


def test_regenerating_recovery_codes_needs_a_verified_session(client, bob):
    enrol_with_app(client, bob)
    fresh_login(client, bob)
    response = client.post("/cuenta/codigos-de-recuperacion/nuevos/")
    assert response["Location"].startswith("/cuenta/segundo-factor/")


def test_the_security_page_needs_a_verified_session(client, bob):
    enrol_with_app(client, bob)
    fresh_login(client, bob)
    assert client.get("/cuenta/seguridad/")["Location"].startswith("/cuenta/segundo-factor/")


def test_the_security_page_lists_the_factors(login_as, bob):
    client = login_as(bob)
    body = client.get("/cuenta/seguridad/").content.decode()
    assert "Aplicación de autenticación" in body


def test_a_wrong_app_code_is_audited(client, bob):
    enrol_with_app(client, bob)
    fresh_login(client, bob)
    client.post("/cuenta/segundo-factor/", {"method": "totp", "token": "000000", "next": "/"})
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED, actor=bob).exists()


def admin_client(login_as, alice):
    alice.is_staff = alice.is_superuser = True
    alice.save()
    return login_as(alice)


def test_an_administrator_resets_a_users_factors(login_as, alice, bob, client):
    enrol_with_app(client, bob)
    admin = admin_client(login_as, alice)
    admin.post("/admin/core/user/", {"action": "reset_second_factor", "_selected_action": [bob.pk]})
    assert not second_factor.has_second_factor(bob)


def test_a_reset_removes_the_recovery_codes(login_as, alice, bob, client):
    enrol_with_app(client, bob)
    admin = admin_client(login_as, alice)
    admin.post("/admin/core/user/", {"action": "reset_second_factor", "_selected_action": [bob.pk]})
    assert not StaticDevice.objects.filter(user=bob).exists()


def test_a_reset_is_audited(login_as, alice, bob, client):
    enrol_with_app(client, bob)
    admin = admin_client(login_as, alice)
    admin.post("/admin/core/user/", {"action": "reset_second_factor", "_selected_action": [bob.pk]})
    event = AuditEvent.objects.filter(actor=alice, object_id=str(bob.pk)).latest("id")
    assert event.changes["second_factor"] == ["configured", None]


def test_after_a_reset_the_user_enrols_again(login_as, alice, bob, client):
    enrol_with_app(client, bob)
    second_factor.second_factor_reset(user=bob, actor=alice)
    fresh_login(client, bob)
    body = client.get("/cuenta/segundo-factor/").content.decode()
    assert 'src="data:image/png;base64,' in body


def test_only_an_administrator_may_reset(bob, charlie):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        second_factor.second_factor_reset(user=bob, actor=charlie)


def test_the_login_helper_opens_a_verified_session(login_as, bob):
    assert login_as(bob).get("/").status_code == 200
