"""A volunteer canvasses from a phone (390×844): one tap for "not home", three for "talked", and the
connection drops in the middle: attempts wait on the phone and are stored once when it returns.
Screenshots under test-artifacts/campaigns/."""

import pytest

from campaigns.models import Attempt, Contact, SupportLevel
from campaigns.tests.factories import make_campaign, make_contact, make_list, make_turf
from core.roles import Role
from core.tests.browser import ARTIFACTS, log_in, requires_chromium
from core.tests.factories import ensure_territories, make_user, territory
from core.tests.waiting import wait_until
from electoral.tests.factories import build_geography

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]
PASSWORD = "Clave-de-prueba-2026"
PHONE = {"width": 390, "height": 844}


def shot(page, name):
    path = ARTIFACTS / "campaigns" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


def test_a_volunteer_records_attempts_through_a_dropped_connection(live_server, browser_context):
    ensure_territories()
    medellin = territory("05001")
    geo = build_geography(medellin, territory("11001"))
    place = geo["places"]["05001-P1"]
    volunteer = make_user("voluntaria", Role.FIELD_VOLUNTEER, territories=[territory("05")])
    campaign = make_campaign(territory("05"), name="Puerta a puerta Medellín")
    turf = make_turf(campaign, medellin, place, name="Comuna 10")
    people = [
        make_contact(medellin, place, first_names=first, last_names=last, address=address)
        for first, last, address in (
            ("Juan", "Arango", "Calle 50 # 40-10"),
            ("Marta", "Zuluaga", "Calle 50 # 40-22"),
            ("Luis", "Ochoa", "Calle 51 # 40-05"),
        )
    ]
    walk_list = make_list(turf, people, volunteer)

    context = browser_context.browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="es-CO")
    page = context.new_page()
    page.set_default_timeout(15000)
    log_in(page, live_server.url, "voluntaria", PASSWORD)
    page.goto(f"{live_server.url}/campo/")
    page.get_by_role("link", name="Comuna 10").click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    shot(page, "phone-list")

    # One tap: not home.
    juan = page.locator(".phone-card", has_text="Juan Arango")
    juan.get_by_role("button", name="No estaba").tap()
    juan.locator("[data-card-state]", has_text="No estaba / no contestó").wait_for()

    # The connection drops; talked (three taps) and refused are kept on the phone.
    context.set_offline(True)
    marta = page.locator(".phone-card", has_text="Marta Zuluaga")
    marta.get_by_role("button", name="Habló").tap()
    marta.get_by_role("button", name="1", exact=True).tap()
    marta.get_by_role("button", name="Guardar").tap()
    page.locator(".phone-card", has_text="Luis Ochoa").get_by_role("button", name="Rechazó").tap()
    marta.locator("[data-card-state]", has_text="Pendiente de envío").wait_for()
    page.get_by_text("2 por enviar").wait_for()
    shot(page, "phone-offline")
    assert Attempt.objects.filter(walk_list=walk_list).count() == 1

    # Back online: the outbox sends both, each stored once.
    context.set_offline(False)
    marta.locator("[data-card-state]", has_text="Habló").wait_for()
    page.get_by_text("todo enviado").wait_for()
    shot(page, "phone-back-online")
    wait_until(lambda: Attempt.objects.filter(walk_list=walk_list).count() == 3)
    assert Contact.objects.get(pk=people[1].pk).support_level == SupportLevel.STRONG_SUPPORTER
    page.reload()
    page.wait_for_load_state("networkidle")
    assert Attempt.objects.filter(walk_list=walk_list).count() == 3
    context.close()
