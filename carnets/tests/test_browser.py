"""The drive's table in a real browser: keyboard-only lookup and form, camera photo (Chromium's fake
camera), a signature drawn with the mouse, save, the card's PDF, mark printed; the drive dashboard.
Screenshots go to test-artifacts/carnets/."""

import os

import pytest
from PIL import Image
from pypdf import PdfReader

from carnets.models import JornadaRegistration
from carnets.tests.factories import CardDesignFactory, JornadaFactory, stocked_printer
from core.roles import Role
from core.tests.browser import CHROMIUM, LAUNCH_ARGS, log_in, requires_chromium, screenshot
from core.tests.factories import ensure_territories, make_user, territory

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]
PASSWORD = "Clave-de-prueba-2026"


@pytest.fixture
def camera_page():
    """Chromium with a fake camera that needs no permission prompt."""
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    args = [*LAUNCH_ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="es-CO")
        context.grant_permissions(["camera"])
        page = context.new_page()
        page.set_default_timeout(15000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


def test_the_drive_table_flow(live_server, camera_page):
    ensure_territories()
    CardDesignFactory()
    medellin = territory("05001")
    printer = stocked_printer(10)
    jornada = JornadaFactory(name="Jornada Comuna 13", territory=medellin, printer=printer)
    make_user("mesa", Role.CARDS)
    page = camera_page
    log_in(page, live_server.url, "mesa", PASSWORD)
    page.goto(f"{live_server.url}/jornadas/{jornada.pk}/registro/")

    # Keyboard only: the document number has the focus; Enter looks it up.
    page.keyboard.type("1.036.123.456")
    page.keyboard.press("Enter")
    page.wait_for_selector("#registration-form")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'id_first_names'")
    page.keyboard.type("LUZ DARY")  # first names have the focus now
    page.keyboard.press("Tab")
    page.keyboard.type("Restrepo Ochoa")
    page.get_by_label("Teléfono").fill("3001234567")
    page.get_by_label("La persona acepta la autorización de tratamiento de datos").focus()
    page.keyboard.press("Space")

    # Photo from the (fake) device camera.
    page.get_by_role("button", name="Usar cámara").click()
    page.wait_for_function("document.getElementById('camera').videoWidth > 0")
    page.get_by_role("button", name="Tomar foto").click()
    page.wait_for_function("document.getElementById('id_photo').files.length === 1")
    assert page.locator("#photo-preview").is_visible()

    # A signature drawn with the mouse.
    box = page.locator("#signature-pad").bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    for step in range(1, 25):
        x = box["x"] + 30 + step * (box["width"] - 60) / 24
        y = box["y"] + box["height"] * (0.3 if step % 2 else 0.7)
        page.mouse.move(x, y, steps=3)
    page.mouse.up()
    screenshot(page, "carnets/jornada-form")

    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#card-number")
    registration = JornadaRegistration.objects.select_related("member", "card").get()
    member = registration.member
    assert member.first_names == "Luz Dary" and member.id_number == "1036123456"
    assert member.photo and member.signature and member.consent_channel == "jornada"
    with Image.open(member.signature.path) as signature:
        assert signature.convert("L").getextrema()[0] < 100  # ink was captured
    card = registration.card
    assert page.locator("#card-number").inner_text() == card.number
    screenshot(page, "carnets/jornada-saved")

    # The card's PDF is offered at once.
    href = page.locator("#card-pdf").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.headers["content-type"] == "application/pdf"
    pdf_path = screenshot(page, "carnets/tmp").with_name("jornada-card.pdf")
    pdf_path.write_bytes(response.body())
    assert card.number in PdfReader(str(pdf_path)).pages[0].extract_text()

    page.get_by_role("button", name="Marcar impreso").click()
    page.wait_for_selector("text=Carnet marcado como impreso.")
    card.refresh_from_db()
    assert card.status == "impreso"

    page.goto(f"{live_server.url}/jornadas/{jornada.pk}/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Carnets impresos").is_visible()
    screenshot(page, "carnets/jornada-dashboard")
    page.goto(f"{live_server.url}/militantes/{member.pk}/")
    screenshot(page, "carnets/member-cards-panel")
    page.goto(f"{live_server.url}/carnets/")
    screenshot(page, "carnets/card-register")
    page.goto(f"{live_server.url}/verificar/{card.token}/")
    assert page.get_by_text("Carnet válido").is_visible()
    screenshot(page, "carnets/verify-valid")


def test_an_existing_member_opens_for_update(live_server, camera_page):
    from carnets.tests.factories import MemberFactory

    ensure_territories()
    CardDesignFactory()
    medellin = territory("05001")
    jornada = JornadaFactory(territory=medellin, printer=stocked_printer(5))
    MemberFactory(territory=medellin, id_number="43111222", first_names="Gloria", last_names="Uribe")
    make_user("mesa", Role.CARDS)
    page = camera_page
    log_in(page, live_server.url, "mesa", PASSWORD)
    page.goto(f"{live_server.url}/jornadas/{jornada.pk}/registro/")
    page.keyboard.type("43111222")
    page.keyboard.press("Enter")
    page.wait_for_selector("#registration-form")
    assert page.get_by_text("ya es militante").is_visible()
    assert page.get_by_label("Nombres").input_value() == "Gloria"
    screenshot(page, "carnets/jornada-existing")
