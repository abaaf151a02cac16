"""The drive form's «Municipio»: about 1,100 municipalities found by typing, by keyboard only, without
accents (core.widgets.SearchSelect + the vendored Tom Select); the form still posts the territory id."""

import pytest
from playwright.sync_api import expect

from carnets.models import JornadaRegistration
from carnets.tests.factories import CardDesignFactory, JornadaFactory, stocked_printer
from core.models import Territory
from core.roles import Role
from core.tests.browser import ARTIFACTS, log_in_with_second_factor, requires_chromium
from core.tests.factories import ensure_territories, make_user, territory

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def form(live_server, browser_page):
    """The registration form of a nationwide drive, opened for a new person (cédula 1036123456)."""
    ensure_territories()
    CardDesignFactory()
    jornada = JornadaFactory(name="Jornada nacional", territory=territory("CO"), printer=stocked_printer(10))
    log_in_with_second_factor(browser_page, live_server.url, make_user("mesa", Role.CARDS))
    page = browser_page
    page.goto(f"{live_server.url}/jornadas/{jornada.pk}/registro/")
    page.get_by_label("Número de documento").fill("1036123456")
    page.keyboard.press("Enter")
    page.wait_for_selector("#registration-form")
    return page


def _options(page):
    return page.get_by_role("listbox", name="Municipio").get_by_role("option")


def test_the_drive_offers_every_municipality(form):
    municipalities = Territory.objects.filter(kind__in=[Territory.Kind.MUNICIPALITY, Territory.Kind.LOCALITY]).count()
    assert municipalities > 1000
    assert form.locator("select[name=territory] option").count() >= municipalities


def test_bogota_typed_without_accent_finds_bogota_dc(form):
    form.get_by_label("Dirección").focus()
    form.keyboard.press("Tab")
    form.keyboard.type("bogota")
    expect(_options(form)).to_have_text(["Bogotá, D.C. (Bogotá, D.C.)"])


def test_medellin_typed_and_chosen_with_enter_registers_the_member_there(form):
    page = form
    page.get_by_label("Nombres").fill("Luz Dary")
    page.get_by_label("Apellidos").fill("Restrepo Ochoa")
    page.get_by_label("Dirección").focus()
    page.keyboard.press("Tab")  # keyboard only, from the address to the municipality
    page.keyboard.type("medellin")
    expect(_options(page)).to_have_text(["Medellín (Antioquia)"])
    # A viewport shot with the list open (a full-page one resizes the window and closes it).
    ARTIFACTS.joinpath("carnets").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "carnets" / "jornada-municipality-typeahead.png"))
    page.keyboard.press("Enter")
    medellin = territory("05001")
    assert page.locator("select[name=territory]").input_value() == str(medellin.pk)  # the form posts the id

    page.get_by_label("La persona acepta la autorización de tratamiento de datos").check()
    pad = page.locator("#signature-pad")
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    page.mouse.move(box["x"] + 200, box["y"] + box["height"] * 0.3, steps=8)
    page.mouse.up()
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#card-number")
    member = JornadaRegistration.objects.select_related("member").get().member
    assert member.territory == medellin
