"""The drive table keeps every key the operator types, however soon (carnets/static/carnets/early_keys.js).

Operators type the cédula the moment the page shows, and the names right after Enter: keys that
reach a page before its field has the focus, or the previous page while the next one is on its way,
used to vanish. Here the keys are typed with no wait at all, as a fast operator does."""

import time

import pytest
from playwright.sync_api import expect

from carnets.models import JornadaRegistration
from carnets.tests.factories import CardDesignFactory, JornadaFactory, stocked_printer
from carnets.views import jornadas
from core.roles import Role
from core.tests.browser import log_in_with_second_factor, requires_chromium
from core.tests.factories import ensure_territories, make_user, territory

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def table(live_server, browser_page):
    """An operator signed in at the table of a drive in Medellín; returns the page and the table's address."""
    ensure_territories()
    CardDesignFactory()
    jornada = JornadaFactory(name="Jornada Comuna 13", territory=territory("05001"), printer=stocked_printer(10))
    log_in_with_second_factor(browser_page, live_server.url, make_user("mesa", Role.CARDS))
    return browser_page, f"{live_server.url}/jornadas/{jornada.pk}/registro/"


@pytest.fixture
def busy_server(monkeypatch):
    """The table's pages answer in half a second, as on a busy kit laptop, so that every key typed
    ahead reaches the page being left. (Keys sent in the instant Chromium swaps one page for the next
    reach neither page: no script sees them.)"""

    def slowly(view_helper):
        def slow(*args, **kwargs):
            time.sleep(0.5)
            return view_helper(*args, **kwargs)

        return slow

    monkeypatch.setattr(jornadas, "search_redirect", slowly(jornadas.search_redirect))  # the lookup's post
    monkeypatch.setattr(jornadas, "search_data", slowly(jornadas.search_data))  # the lookup and form pages


def _sign(page):
    pad = page.locator("#signature-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    for step in range(1, 13):
        page.mouse.move(box["x"] + 30 + step * 20, box["y"] + box["height"] * (0.3 if step % 2 else 0.7), steps=2)
    page.mouse.up()


def _consent_and_save(page):
    page.get_by_label("La persona acepta la autorización de tratamiento de datos").check()
    _sign(page)
    page.get_by_role("button", name="Guardar y emitir carnet").click()
    page.wait_for_selector("#card-number")


def _registered(id_number: str):
    return JornadaRegistration.objects.select_related("member").get(member__id_number=id_number).member


def test_the_cedula_and_names_typed_without_waiting_are_all_kept(table, busy_server):
    page, url = table
    page.goto(url)
    page.keyboard.type("1036123456")  # the moment the page has loaded
    page.keyboard.press("Enter")
    page.keyboard.type("Luz Dary")  # while the lookup is still on its way: the form is not there yet
    page.keyboard.press("Tab")
    page.keyboard.type("Restrepo Ochoa")

    form = page.locator("#registration-form")
    expect(form.get_by_label("Apellidos")).to_have_value("Restrepo Ochoa")
    expect(form.get_by_label("Número de documento")).to_have_value("1036123456")
    expect(form.get_by_label("Nombres")).to_have_value("Luz Dary")
    _consent_and_save(page)
    member = _registered("1036123456")
    assert (member.first_names, member.last_names) == ("Luz Dary", "Restrepo Ochoa")


def test_the_next_person_typed_right_after_a_registration_is_kept(table, busy_server):
    page, url = table
    page.goto(url)
    page.get_by_label("Número de documento").fill("43111222")
    page.keyboard.press("Enter")
    page.get_by_label("Nombres").fill("Gloria")
    page.get_by_label("Apellidos").fill("Uribe")
    _consent_and_save(page)

    page.get_by_role("link", name="Siguiente persona").click()
    page.keyboard.type("71234567")  # no wait for the lookup page
    page.keyboard.press("Enter")
    page.keyboard.type("Ana María")  # no wait for the form

    form = page.locator("#registration-form")
    expect(form.get_by_label("Nombres")).to_have_value("Ana María")
    expect(form.get_by_label("Número de documento")).to_have_value("71234567")
    form.get_by_label("Apellidos").fill("Gómez")
    _consent_and_save(page)
    assert _registered("71234567").first_names == "Ana María"


def test_digits_typed_before_the_field_has_the_focus_land_in_it(table):
    page, url = table
    page.goto(url)
    # As on a slow laptop: the page is drawn a moment before the browser puts the focus in the field.
    page.evaluate("document.activeElement.blur()")
    page.keyboard.type("1036123456")
    field = page.get_by_label("Número de documento")
    expect(field).to_be_focused()
    expect(field).to_have_value("1036123456")
    page.keyboard.press("Enter")
    expect(page.locator("#registration-form").get_by_label("Número de documento")).to_have_value("1036123456")
