"""The secretary reads the poll average chart and the where-to-work board with its map
(screenshots in test-artifacts/electoral/)."""

import pytest

from core.roles import Role
from core.tests.browser import ARTIFACTS, log_in, requires_chromium
from core.tests.factories import ensure_territories, make_user, territory
from electoral.field_figures import register_field_figures, unregister_field_figures
from electoral.services.board import board_refresh_run
from electoral.services.polls import polls_import
from electoral.tests.board_data import build_board_data, fake_provider
from electoral.tests.factories import build_geography
from electoral.tests.test_polls import GOOD

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]
PASSWORD = "Clave-de-prueba-2026"

PAINTED = (
    "(id) => { const c = document.getElementById(id); const d = c.getContext('2d')"
    ".getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }"
)


def test_the_poll_chart_and_the_board(live_server, browser_page):
    ensure_territories()
    medellin, bogota = territory("05001"), territory("11001")
    geo = build_geography(medellin, bogota)
    secretary = make_user("secretaria", Role.ELECTORAL)
    data = build_board_data(geo, medellin, bogota)
    provider = fake_provider(geo)
    register_field_figures(provider)
    try:
        board_refresh_run(election_id=data["target"].pk)
    finally:
        unregister_field_figures(provider)
    polls_import(election=data["target"], data=GOOD.encode(), actor=secretary)
    page = browser_page
    log_in(page, live_server.url, "secretaria", PASSWORD)

    page.goto(f"{live_server.url}/electoral/elecciones/{data['target'].pk}/encuestas/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Promedio de encuestas en el tiempo (%)").is_visible()
    # Two options (not "no sabe / no responde"), each drawn as its line and the two edges of its band.
    assert page.evaluate("() => Chart.getChart('poll-chart').data.datasets.length") == 6
    assert page.evaluate(PAINTED, "poll-chart") > 500
    assert page.locator("#poll-average tbody tr").first.inner_text().startswith("Nuestro partido")
    path = ARTIFACTS / "electoral" / "polls.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)

    page.goto(f"{live_server.url}/electoral/elecciones/{data['target'].pk}/donde-trabajar/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#board-map svg .map-tile").count() == 33
    # Antioquia is a link on the map: the secretary opens it, then Medellín's places.
    page.locator('#board-map a[data-code="05"]').click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Dónde trabajar · Antioquia").is_visible()
    assert page.locator("#total-potential").inner_text() == "30"
    assert page.evaluate(PAINTED, "board-chart") > 200
    page.screenshot(path=str(ARTIFACTS / "electoral" / "board-department.png"), full_page=True)
    page.get_by_role("link", name="Medellín").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#board-table tbody tr").first.get_attribute("data-code") == "05001-P1"
    page.screenshot(path=str(ARTIFACTS / "electoral" / "board-places.png"), full_page=True)
