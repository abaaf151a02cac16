"""The drive's table in a real browser: keyboard-only lookup and form, camera photo (Chromium's fake
camera), a signature drawn with the mouse, save, the card's PDF, mark printed; the drive dashboard.
Screenshots go to test-artifacts/carnets/."""

import io

import pytest
from PIL import Image
from pypdf import PdfReader

from carnets.models import JornadaRegistration
from carnets.tests.factories import CardDesignFactory, JornadaFactory, stocked_printer
from core.crypto import read_decrypted
from core.roles import Role
from core.tests.browser import log_in, requires_chromium, screenshot, wait_for_js
from core.tests.factories import ensure_territories, make_user, territory

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]
PASSWORD = "Clave-de-prueba-2026"


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
    wait_for_js(page, "document.activeElement && document.activeElement.id === 'id_first_names'")
    page.keyboard.type("LUZ DARY")  # first names have the focus now
    page.keyboard.press("Tab")
    page.keyboard.type("Restrepo Ochoa")
    page.get_by_label("Teléfono").fill("3001234567")
    page.get_by_label("La persona acepta la autorización de tratamiento de datos").focus()
    page.keyboard.press("Space")

    # Photo from the (fake) device camera.
    page.get_by_role("button", name="Usar cámara").click()
    wait_for_js(page, "document.getElementById('camera').videoWidth > 0")
    page.get_by_role("button", name="Tomar foto").click()
    wait_for_js(page, "document.getElementById('id_photo').files.length === 1")
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
    assert member.first_names == "Luz Dary"
    assert member.id_number == "1036123456"
    assert member.photo
    assert member.signature
    assert member.consent_channel == "jornada"
    with Image.open(io.BytesIO(read_decrypted(member.signature))) as signature:  # stored encrypted
        assert signature.convert("L").getextrema()[0] < 100  # ink was captured
    card = registration.card
    assert page.locator("#card-number").inner_text() == card.number
    screenshot(page, "carnets/jornada-saved")

    # Printing at the table marks the card printed and opens its PDF.
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Imprimir el carnet").click()
    opened.value.close()
    page.wait_for_selector("#deliver-card")
    card.refresh_from_db()
    assert card.status == "impreso"
    pdf_path = screenshot(page, "carnets/tmp").with_name("jornada-card.pdf")
    from carnets.rendering import render_card_queryset

    pdf_path.write_bytes(render_card_queryset(type(card).objects.filter(pk=card.pk), layout="cr80", title=card.number))
    assert card.number in PdfReader(str(pdf_path)).pages[0].extract_text()

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
    from militancia.tests.factories import MemberFactory

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


def _draw_signature(page):
    box = page.locator("#signature-pad").bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    for step in range(1, 25):
        x = box["x"] + 30 + step * (box["width"] - 60) / 24
        y = box["y"] + box["height"] * (0.3 if step % 2 else 0.7)
        page.mouse.move(x, y, steps=3)
    page.mouse.up()


INK_PIXELS = """() => {
  const c = document.getElementById('signature-pad');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) { if (d[i] < 120 && d[i + 3] > 0) n++; }
  return n;
}"""


def test_a_failed_submit_keeps_signature_and_fingerprint_then_print_and_hand_over(live_server, camera_page, tmp_path):
    from carnets.models import Card
    from carnets.tests.factories import png_bytes

    ensure_territories()
    CardDesignFactory()
    jornada = JornadaFactory(name="Jornada Abriaquí", territory=territory("05004"), printer=stocked_printer(10))
    make_user("mesa", Role.CARDS)
    finger = tmp_path / "huella.png"
    finger.write_bytes(png_bytes())
    page = camera_page
    log_in(page, live_server.url, "mesa", PASSWORD)
    page.goto(f"{live_server.url}/jornadas/{jornada.pk}/registro/")
    page.keyboard.type("1036999888")
    page.keyboard.press("Enter")
    page.wait_for_selector("#registration-form")
    page.get_by_label("Nombres").fill("Luz Dary")  # the last names are forgotten
    page.get_by_label("La persona acepta la autorización de tratamiento de datos").check()
    page.locator("#id_fingerprint").set_input_files(str(finger))
    _draw_signature(page)
    page.get_by_role("button", name="Guardar y emitir carnet").click()

    page.wait_for_selector("#form-errors")
    wait_for_js(page, f"({INK_PIXELS})() > 50")  # the signature is drawn again on the pad
    page.locator("#signature-pad").scroll_into_view_if_needed()
    # A viewport shot: a full-page one resizes the window, and the pad redraws the kept signature.
    page.screenshot(path=str(screenshot(page, "carnets/tmp").with_name("jornada-error-keeps-captures.png")))
    assert page.locator("#id_signature").input_value().startswith("data:image/png;base64,")
    assert page.locator("#id_fingerprint_data").input_value().startswith("data:image/png;base64,")
    assert page.get_by_text("Se conserva la huella del intento anterior").is_visible()

    page.get_by_label("Apellidos").fill("Restrepo Ochoa")
    page.get_by_role("button", name="Guardar y emitir carnet").click()
    page.wait_for_selector("#card-number")
    registration = JornadaRegistration.objects.select_related("member", "card").get()
    member = registration.member
    assert member.signature
    assert member.fingerprint
    assert "firma en pantalla: sí; huella: sí" in member.consent_evidence
    screenshot(page, "carnets/jornada-registered")

    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Imprimir el carnet").click()
    opened.value.close()
    page.wait_for_selector("#deliver-card")
    card = Card.objects.get(pk=registration.card_id)
    assert card.status == Card.Status.PRINTED
    screenshot(page, "carnets/jornada-printed")

    page.get_by_role("button", name="Entregado al militante").click()
    page.wait_for_selector("#card-delivered")
    card.refresh_from_db()
    assert card.status == Card.Status.DELIVERED
    page.goto(f"{live_server.url}/verificar/{card.token}/")
    assert page.get_by_text("Carnet válido").is_visible()


def test_updating_an_existing_member_keeps_their_municipality(live_server, camera_page):
    from militancia.tests.factories import MemberFactory

    ensure_territories()
    CardDesignFactory()
    jornada = JornadaFactory(territory=territory("05004"), printer=stocked_printer(5))  # Abriaquí
    member = MemberFactory(territory=territory("05475"), id_number="43111222", first_names="Gloria")  # Murindó
    make_user("mesa", Role.CARDS)
    page = camera_page
    log_in(page, live_server.url, "mesa", PASSWORD)
    page.goto(f"{live_server.url}/jornadas/{jornada.pk}/registro/")
    page.keyboard.type("43111222")
    page.keyboard.press("Enter")
    page.wait_for_selector("#registration-form")
    assert page.locator("#id_territory option:checked").inner_text().startswith("Murindó")
    page.get_by_label("Teléfono").fill("3001234567")
    page.get_by_role("button", name="Guardar y emitir carnet").click()
    page.wait_for_selector("#card-number")
    member.refresh_from_db()
    assert member.territory.name == "Murindó"
