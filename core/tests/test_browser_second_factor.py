"""A coordinator enrols a passkey in Chromium (a virtual authenticator), keeps the recovery
codes and logs in again with the passkey (screenshots in test-artifacts/core/)."""

import pytest

from core.models import AuditEvent
from core.roles import Role
from core.tests.browser import log_in, requires_chromium, screenshot
from core.tests.factories import ensure_territories, make_user, territory

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]
PASSWORD = "Clave-de-prueba-2026"


def virtual_authenticator(page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {"protocol": "ctap2", "transport": "internal", "hasResidentKey": True}
    options |= {"hasUserVerification": True, "isUserVerified": True}
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})


@pytest.fixture
def passkey_site(live_server, settings):
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url.replace("127.0.0.1", "localhost")]
    return settings.OTP_WEBAUTHN_ALLOWED_ORIGINS[0]


def test_a_coordinator_enrols_a_passkey_and_logs_in_with_it(passkey_site, browser_page):
    ensure_territories()
    make_user("coordinadora", Role.REGIONAL_COORDINATOR, territories=[territory("05")])
    page = browser_page
    virtual_authenticator(page)
    log_in(page, passkey_site, "coordinadora", PASSWORD, second_factor=False)
    screenshot(page, "core/second-factor-enrol")
    page.get_by_role("button", name="Crear una llave de acceso").click()
    page.wait_for_url("**/cuenta/codigos-de-recuperacion/**")
    assert page.locator("ol.recovery-codes li").count() == 10
    screenshot(page, "core/second-factor-recovery-codes")
    page.get_by_role("link", name="Los guardé, continuar").click()
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    log_in(page, passkey_site, "coordinadora", PASSWORD, second_factor=False)
    screenshot(page, "core/second-factor-verify")
    page.get_by_role("button", name="Usar mi llave de acceso").click()
    page.wait_for_url(f"{passkey_site}/")
    assert page.get_by_role("heading", name="Hola").is_visible()
    assert AuditEvent.objects.filter(changes__second_factor=[None, "passkey"]).exists()
