"""Election day on a phone: a coordinator finds the watchers of a polling place and marks them
present or absent; the coverage board shows it (screenshots under test-artifacts/electoral/)."""

import pytest
from django.utils import timezone

from core.roles import Role
from core.tests.browser import ARTIFACTS, log_in, requires_chromium
from core.tests.factories import ensure_territories, make_user, territory
from electoral.models import PollWatcher, WatcherAssignment
from electoral.services.watchers import assignments_create
from electoral.tests.factories import ElectionFactory, build_geography, make_watcher

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]
PASSWORD = "Clave-de-prueba-2026"
PHONE = {"width": 390, "height": 844}


def shot(page, name):
    path = ARTIFACTS / "electoral" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


def test_a_coordinator_checks_in_watchers_from_a_phone(live_server, browser_context):
    ensure_territories()
    medellin, bogota = territory("05001"), territory("11001")
    geo = build_geography(medellin, bogota)
    coordinator = make_user("coordinadora", Role.REGIONAL_COORDINATOR, territories=[territory("05")])
    election = ElectionFactory(name="Concejo de Medellín 2027", date=timezone.localdate())
    watchers = [
        make_watcher(election, medellin, status=PollWatcher.Status.ACCREDITED, first_names=first, last_names=last)
        for first, last in (("Juan", "Arango"), ("Marta", "Zuluaga"), ("Luis", "Ochoa"))
    ]
    tables = [geo["tables"][f"05001-P1-M{n}"] for n in (1, 2, 3)]
    assignments_create(actor=coordinator, election=election, pairs=list(zip(watchers, tables, strict=True)))

    context = browser_context.browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="es-CO")
    page = context.new_page()
    page.set_default_timeout(15000)
    log_in(page, live_server.url, "coordinadora", PASSWORD)
    page.goto(f"{live_server.url}/electoral/elecciones/{election.pk}/jornada/")
    assert page.get_by_role("heading", name="Asistencia el día de elecciones").is_visible()
    page.get_by_role("textbox", name="Buscar").fill("Puesto 1")
    page.get_by_role("button", name="Buscar").click()
    page.wait_for_load_state("networkidle")
    shot(page, "checkin-phone-list")

    # No horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1

    arango = page.locator(".checkin-card", has_text="Juan Arango")
    arango.get_by_role("button", name="Presente").tap()
    page.locator(".checkin-card", has_text="Juan Arango").locator(".badge", has_text="Presente").wait_for()
    ochoa = page.locator(".checkin-card", has_text="Luis Ochoa")
    ochoa.get_by_label("Hora").fill("07:45")
    ochoa.get_by_role("button", name="Ausente").tap()
    page.locator(".checkin-card", has_text="Luis Ochoa").locator(".badge", has_text="Ausente").wait_for()
    shot(page, "checkin-phone-marked")

    marked = {a.watcher.last_names: a for a in WatcherAssignment.objects.select_related("watcher")}
    assert marked["Arango"].checkin == "present"
    assert marked["Arango"].checkin_by == coordinator
    assert marked["Ochoa"].checkin == "absent"
    assert timezone.localtime(marked["Ochoa"].checkin_at).strftime("%H:%M") == "07:45"
    assert marked["Zuluaga"].checkin == "pending"

    page.goto(f"{live_server.url}/electoral/elecciones/{election.pk}/cobertura/?unit={geo['m05'].pk}")
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("3 / 6").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    shot(page, "coverage-phone")
    context.close()
