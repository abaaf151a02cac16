"""The review page on a phone (390×844): the need's context is there and the decision stays in view."""

from datetime import date

import pytest

from comunicaciones.models import Piece
from comunicaciones.tests.factories import advance, chief, drafting_piece, professional
from core.tests.browser import ARTIFACTS, log_in, requires_chromium, screenshot

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]
PASSWORD = "Clave-de-prueba-2026"
S = Piece.Status
LONG_TEXT = "\n\n".join(
    "Este sábado, en el parque principal de Bello, la militancia abre sus puertas a quienes quieran "
    "sumarse. Habrá carnetización en el sitio, actividades para las familias y un espacio de diálogo "
    f"con la coordinación regional. Párrafo {n}."
    for n in range(1, 9)
)


@pytest.fixture
def phone_page(browser_context):
    context = browser_context.browser.new_context(
        viewport={"width": 390, "height": 844}, locale="es-CO", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def _waiting_pieces():
    paula, jefa = professional("paula"), chief("jefa")
    pieces = [
        advance(
            drafting_piece(
                paula,
                text=LONG_TEXT,
                title=f"Jornada de afiliación en Bello {n}",
                requested_by="Coordinación regional de Antioquia",
                due_date=date(2026, 12, 24),
                brief="Video vertical de 30 segundos y tres imágenes para historias.",
            ),
            author=paula,
            boss=jefa,
            until=S.CONTENT_REVIEW,
        )
        for n in (1, 2)
    ]
    return pieces


def test_the_decision_bar_stays_in_view_on_a_phone(live_server, phone_page):
    first, _second = _waiting_pieces()
    log_in(phone_page, live_server.url, "jefa", PASSWORD)
    phone_page.goto(f"{live_server.url}/comunicaciones/revision/{first.pk}/")
    bar = phone_page.get_by_test_id("decision-bar")
    box = bar.bounding_box()
    screenshot(phone_page, "comms-review-phone-full")
    phone_page.screenshot(path=str(ARTIFACTS / "comms-review-phone-viewport.png"))
    assert box["y"] + box["height"] <= 844


def test_the_decision_bar_is_still_in_view_after_scrolling(live_server, phone_page):
    first, _second = _waiting_pieces()
    log_in(phone_page, live_server.url, "jefa", PASSWORD)
    phone_page.goto(f"{live_server.url}/comunicaciones/revision/{first.pk}/")
    phone_page.mouse.wheel(0, 1500)
    phone_page.wait_for_timeout(300)
    box = phone_page.get_by_test_id("decision-bar").bounding_box()
    assert box["y"] >= 844 - box["height"] - 1


def test_approve_and_next_on_a_phone_opens_the_next_piece(live_server, phone_page):
    first, second = _waiting_pieces()
    log_in(phone_page, live_server.url, "jefa", PASSWORD)
    phone_page.goto(f"{live_server.url}/comunicaciones/revision/{first.pk}/")
    phone_page.get_by_test_id("decision-bar").get_by_role("button", name="Aprobar y siguiente").click()
    phone_page.wait_for_load_state("networkidle")
    assert phone_page.url.endswith(f"/comunicaciones/revision/{second.pk}/")


def test_every_button_of_the_decision_bar_fits_the_phone_screen(live_server, phone_page):
    first, _second = _waiting_pieces()
    log_in(phone_page, live_server.url, "jefa", PASSWORD)
    phone_page.goto(f"{live_server.url}/comunicaciones/revision/{first.pk}/")
    buttons = phone_page.get_by_test_id("decision-bar").locator(".btn")
    right_edges = [buttons.nth(i).bounding_box()["x"] + buttons.nth(i).bounding_box()["width"] for i in range(3)]
    assert max(right_edges) <= 390


def test_the_bar_never_hides_the_return_button_at_the_foot_of_the_page(live_server, phone_page):
    first, _second = _waiting_pieces()
    log_in(phone_page, live_server.url, "jefa", PASSWORD)
    phone_page.goto(f"{live_server.url}/comunicaciones/revision/{first.pk}/")
    phone_page.evaluate("window.scrollTo({top: document.body.scrollHeight, behavior: 'instant'})")
    phone_page.wait_for_timeout(300)
    phone_page.screenshot(path=str(ARTIFACTS / "comms-review-phone-bottom.png"))
    give_back = phone_page.locator("#decision-form button", has_text="Devolver").bounding_box()
    bar = phone_page.get_by_test_id("decision-bar").bounding_box()
    assert give_back["y"] + give_back["height"] <= bar["y"]
