"""The member list at a 1,280 px laptop: the filter bar is usable and the headers sort (screenshot kept)."""

import pytest
from django.core.cache import cache

from core.roles import Role
from core.tests.browser import log_in, requires_chromium, screenshot
from core.tests.factories import make_user, territory
from militancia.tests.factories import MemberFactory

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]


def test_the_filter_bar_fits_at_1280_px_and_the_name_header_sorts(live_server, browser_page):
    cache.clear()  # cached territory choices carry another database's primary keys
    make_user("coordina", Role.REGIONAL_COORDINATOR, territories=[territory("05")])
    for first in ("Zoila", "Álvaro", "Beatriz"):
        MemberFactory(first_names=first, last_names="Restrepo", territory=territory("05001"))
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, live_server.url, "coordina", "Clave-de-prueba-2026")
    page.goto(f"{live_server.url}/militantes/")
    # Every control of the filter bar shows its whole placeholder or value: nothing clipped.
    clipped = page.eval_on_selector_all(
        "form.filters input:not([type=hidden]), form.filters select:not(.tomselected)",
        "els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.name || e.id)",
    )
    assert clipped == []
    assert page.get_by_role("combobox", name="Territorio").bounding_box()["width"] >= 200
    page.get_by_role("link", name="Nombre").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "militancia/member-list-1280")
    names = page.locator("tbody tr td:first-child").all_inner_texts()
    assert [n.split()[0] for n in names] == ["Álvaro", "Beatriz", "Zoila"]


def test_a_search_by_document_leaves_no_number_in_the_address_bar(live_server, browser_page):
    cache.clear()
    make_user("coordina", Role.REGIONAL_COORDINATOR, territories=[territory("05")])
    MemberFactory(first_names="Gloria", last_names="Uribe", id_number="43111222", territory=territory("05001"))
    MemberFactory(first_names="Otra", last_names="Persona", territory=territory("05001"))
    page = browser_page
    log_in(page, live_server.url, "coordina", "Clave-de-prueba-2026")
    page.goto(f"{live_server.url}/militantes/")
    page.get_by_label("Documento o nombre").fill("43.111.222")
    page.get_by_role("button", name="Buscar").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "militancia/member-search-by-document")
    assert ("111" in page.url, page.locator("tbody tr").all_inner_texts()[0].split()[:2]) == (
        False,
        ["Gloria", "Uribe"],
    )
