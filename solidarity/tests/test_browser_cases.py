"""The assigned professional (an account with no role) opens her case and records a follow-up, in
Debian's Chromium; the case then shows it, in follow-up."""

from __future__ import annotations

import pytest

from core.tests.browser import log_in, requires_chromium, screenshot
from core.tests.factories import make_user, territory
from militancia.tests.factories import MemberFactory
from solidarity.tests.factories import make_case, make_professional, secretary

pytestmark = [pytest.mark.browser, requires_chromium]


def test_the_professional_opens_her_case_and_records_a_follow_up(live_server, transactional_db, browser_page):
    page = browser_page
    sofia = secretary()
    laura = make_user("laura")
    lawyer = make_professional(actor=sofia, territory=territory("05"), user=laura)
    member = MemberFactory(territory=territory("05001"), first_names="Rosa Elena", last_names="Quintero")
    make_case(actor=sofia, member=member, professional=lawyer)
    make_case(actor=sofia, member=MemberFactory(territory=territory("05001")))  # not hers

    log_in(page, live_server.url, "laura", "Clave-de-prueba-2026")
    page.get_by_role("link", name="Casos de solidaridad").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#case-table tbody tr").count() == 1
    page.locator("#case-table tbody a").first.click()
    page.wait_for_load_state("networkidle")
    assert "Rosa Elena Quintero" in page.locator("#case-member").inner_text()

    page.get_by_label("Descripción").fill("Audiencia de legalización: se ordenó la libertad.")
    page.get_by_role("button", name="Registrar", exact=True).click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "solidarity/professional-case")
    assert "En seguimiento" in page.locator("#case-status").inner_text()
