"""The territory picker (core.widgets.SearchSelect): type-ahead in a browser, a plain <select> without JS."""

import re

import pytest
from playwright.sync_api import expect

from core.tests.browser import log_in, requires_chromium, screenshot
from core.tests.factories import ensure_territories, login

PASSWORD = "Clave-de-prueba-2026"


@pytest.mark.browser
@requires_chromium
@pytest.mark.django_db(transaction=True)
def test_typing_medel_in_the_public_form_offers_medellin(live_server, browser_page):
    ensure_territories()
    page = browser_page
    page.goto(f"{live_server.url}/atencion/")
    picker = page.get_by_role("combobox", name="Municipio")
    picker.click()
    page.keyboard.type("Medel")
    listbox = page.get_by_role("listbox", name="Municipio")
    expect(listbox.get_by_role("option")).to_have_count(1)
    screenshot(page, "core/territory-picker")
    assert listbox.get_by_role("option").all_inner_texts() == ["Medellín"]


@pytest.mark.browser
@requires_chromium
@pytest.mark.django_db(transaction=True)
def test_choosing_with_the_keyboard_sets_the_member_filter(live_server, browser_page):
    from core.roles import Role
    from core.tests.factories import make_user, territory

    make_user("coordina", Role.REGIONAL_COORDINATOR, territories=[territory("05")])
    page = browser_page
    log_in(page, live_server.url, "coordina", PASSWORD)
    page.goto(f"{live_server.url}/militantes/")
    page.locator("#id_q").focus()
    page.keyboard.press("Tab")  # from the search box to the territory picker, as a keyboard user does
    page.keyboard.type("envig")
    listbox = page.get_by_role("listbox", name="Territorio")
    expect(listbox.get_by_role("option")).to_have_count(1)
    page.keyboard.press("Enter")
    # Filters carry the DIVIPOLA code (Envigado), never a database id.
    assert page.locator("select[name=territory]").input_value() == "05266"


@pytest.mark.django_db
def test_without_javascript_the_picker_is_a_plain_select(client, territories):
    body = client.get("/atencion/").content.decode()
    select = re.search(r'<select[^>]*name="territory"[^>]*>.*?</select>', body, re.S).group(0)
    assert 'data-picker="search"' in select
    assert ">Medellín</option>" in select


@pytest.mark.django_db
def test_the_member_form_uses_the_picker(client, alice):
    login(client, alice)
    body = client.get("/militantes/nuevo/").content.decode()
    select = re.search(r'<select[^>]*name="territory"[^>]*>', body).group(0)
    assert 'data-picker="search"' in select
