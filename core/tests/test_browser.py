"""Each role logs in through the real login page and sees its home page (screenshots kept)."""

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.roles import Role
from core.tests.browser import log_in, requires_chromium, screenshot
from core.tests.factories import ensure_territories, make_user, territory

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]
PASSWORD = "Clave-de-prueba-2026"


@pytest.mark.parametrize("role", list(Role), ids=[r.name.lower() for r in Role])
def test_each_role_logs_in_and_sees_its_home(live_server, browser_page, role):
    ensure_territories()
    scope = [territory("05")] if role == Role.REGIONAL_COORDINATOR else []
    make_user("usuario", role, territories=scope)
    page = browser_page
    log_in(page, live_server.url, "usuario", PASSWORD, second_factor=False)
    if role.name in settings.SECOND_FACTOR_ROLES:
        # First login: the second factor is set up (a passkey, or the app's QR and a code).
        assert page.get_by_role("heading", name="Segundo factor").is_visible()
        screenshot(page, f"core/otp-setup-{role.name.lower()}")
        device = TOTPDevice.objects.get(user__username="usuario")
        page.get_by_label("Código de 6 dígitos").fill(f"{totp(device.bin_key):06d}")
        page.get_by_role("button", name="Verificar").click()
        page.wait_for_load_state("networkidle")
        # Then the recovery codes, shown once.
        assert page.get_by_role("heading", name="Códigos de recuperación").is_visible()
        screenshot(page, f"core/recovery-codes-{role.name.lower()}")
        page.get_by_role("link", name="Los guardé, continuar").click()
        page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Hola").is_visible()
    screenshot(page, f"core/home-{role.name.lower()}")
    nav = page.get_by_role("navigation", name="Menú principal")
    assert nav.get_by_role("link", name="Inicio", exact=True).is_visible()
    assert nav.get_by_role("link", name="Auditoría", exact=True).count() == (1 if role == Role.NATIONAL_ADMIN else 0)


def test_the_home_page_works_on_a_phone(live_server, browser_context):
    ensure_territories()
    make_user("movil", Role.REGIONAL_COORDINATOR, territories=[territory("05")])
    page = browser_context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "movil", PASSWORD)
    page.get_by_role("button", name="Abrir menú").click()
    page.get_by_role("link", name="Territorios").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Territorios").is_visible()
    screenshot(page, "core/phone-territories")


def test_a_wrong_password_shows_the_spanish_error(live_server, browser_page):
    ensure_territories()
    make_user("errado", Role.READ_ONLY)
    log_in(browser_page, live_server.url, "errado", "no-es-la-clave")
    assert browser_page.get_by_text("introduzca un nombre de usuario y clave correctos").is_visible()
    screenshot(browser_page, "core/login-error")
