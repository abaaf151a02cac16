"""Key pages under the real Content-Security-Policy in Chromium: no violation reported, charts,
signature pad, camera and htmx still working. Screenshots go to test-artifacts/csp/."""

from datetime import date

import pytest

from carnets.tests.factories import CardDesignFactory, JornadaFactory, stocked_printer
from comunicaciones.tests.factories import PieceFactory
from core.roles import Role
from core.tests.browser import new_page, requires_chromium, screenshot, wait_for_js
from core.tests.factories import ensure_territories, login, make_user, territory
from militancia.tests.factories import MemberFactory

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]

# Runs before any page script (through the DevTools protocol, so the CSP does not apply to it).
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
"""


@pytest.fixture
def page(camera_context):
    """Chromium with a fake camera that needs no prompt, recording CSP violations and console errors."""
    camera_context.add_init_script(RECORD_VIOLATIONS)
    page = new_page(camera_context)
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    return page


def _open_session(page, base_url, user):
    """A national admin needs a second factor: open the session with the test client, hand its cookie over."""
    from django.test import Client

    client = Client()
    login(client, user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])


def _violations(page) -> list[str]:
    reported = page.evaluate("window.__csp")
    console = [text for text in page.console_errors if "Content Security Policy" in text]
    return reported + console


@pytest.fixture
def admin(live_server, page):
    ensure_territories()
    user = make_user("ana-admin", Role.NATIONAL_ADMIN)
    _open_session(page, live_server.url, user)
    return user


def test_the_member_list_reports_no_csp_violation(live_server, page, admin):
    MemberFactory.create_batch(3, territory=territory("05001"))
    page.goto(f"{live_server.url}/militantes/", timeout=60000)
    page.wait_for_load_state("networkidle")
    screenshot(page, "csp/member-list")
    assert _violations(page) == []


def test_the_drive_registration_with_camera_and_signature_pad_reports_no_csp_violation(live_server, page, admin):
    CardDesignFactory()
    jornada = JornadaFactory(name="Jornada Comuna 13", territory=territory("05001"), printer=stocked_printer(5))
    page.goto(f"{live_server.url}/jornadas/{jornada.pk}/registro/")
    page.keyboard.type("1036123456")
    page.keyboard.press("Enter")
    page.wait_for_selector("#registration-form")
    wait_for_js(page, "document.getElementById('signature-pad').width > 0")
    page.wait_for_load_state("networkidle")
    screenshot(page, "csp/drive-registration")
    assert _violations(page) == []


def test_the_drive_registration_lets_the_camera_play(live_server, page, admin):
    CardDesignFactory()
    jornada = JornadaFactory(name="Jornada Comuna 13", territory=territory("05001"), printer=stocked_printer(5))
    page.goto(f"{live_server.url}/jornadas/{jornada.pk}/registro/")
    page.keyboard.type("1036123456")
    page.keyboard.press("Enter")
    page.wait_for_selector("#registration-form")
    page.locator("#camera-start").click()
    wait_for_js(page, "document.getElementById('camera').videoWidth > 0")
    assert _violations(page) == []


def test_a_piece_detail_reports_no_csp_violation(live_server, page, admin):
    piece = PieceFactory(author=make_user("paula", Role.COMMS_PROFESSIONAL))
    page.goto(f"{live_server.url}/comunicaciones/piezas/{piece.pk}/")
    page.wait_for_load_state("networkidle")
    screenshot(page, "csp/piece-detail")
    assert _violations(page) == []


def test_a_vendor_audit_box_page_reports_no_csp_violation(live_server, page, admin):
    from decimal import Decimal

    from vendor_audits import services

    vendor = services.vendor_create(actor=admin, name="Digitalizamos SAS", tax_id="900123456")
    contract = services.contract_create(
        actor=admin, vendor=vendor, number="C-1", unit_price=Decimal("850.00"), aql="2.5", starts_on=date(2026, 1, 1)
    )
    delivery = services.delivery_create(actor=admin, contract=contract, number="S-1", delivered_on=date(2026, 11, 20))
    box = services.box_register(
        actor=admin, delivery=delivery, code="CJ-001", forms_declared=90, received_on=date(2026, 11, 20)
    )
    services.audit_start(box=box, actor=admin, seed=7)
    page.goto(f"{live_server.url}/digitalizacion/cajas/{box.pk}/")
    page.wait_for_load_state("networkidle")
    screenshot(page, "csp/vendor-audit-box")
    assert _violations(page) == []


def test_the_vendor_page_draws_its_chart_and_switching_bar_without_violation(live_server, page, admin):
    from vendor_audits import services

    vendor = services.vendor_create(actor=admin, name="Digitalizamos SAS", tax_id="900123456")
    page.goto(f"{live_server.url}/digitalizacion/proveedores/{vendor.pk}/")
    page.wait_for_load_state("networkidle")
    screenshot(page, "csp/vendor-detail")
    assert _violations(page) == []
