"""Cédula scanning at the drive table in a real browser: a keyboard scanner typing the PDF417
payload (and an MRZ reader typing three lines) at the lookup, the form filled; a name the operator
typed that differs from the cédula shown side by side; the camera reading a barcode from Chromium's
fake video device. The first test counts what the operator does by hand to register a new person
and prints it (the table's speed figure). Screenshots go to test-artifacts/carnets/."""

import os
import time

import pytest
from PIL import Image

from carnets.models import JornadaRegistration
from carnets.tests.factories import CardDesignFactory, JornadaFactory, stocked_printer
from core.roles import Role
from core.tests.browser import CHROMIUM, LAUNCH_ARGS, log_in, requires_chromium, screenshot, wait_for_js
from core.tests.factories import ensure_territories, make_user, territory
from core.tests.id_samples import as_typed, cedula_pdf417, mrz_td1, pdf417_png

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]
PASSWORD = "Clave-de-prueba-2026"


class Operator:
    """The operator's hands: every key pressed and every click counted, step by step. What the
    scanner types is not the operator's work and is not counted."""

    def __init__(self, page):
        self.page = page
        self.steps: list[tuple[str, int, int]] = []

    def keys(self, step: str, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)
        self.steps.append((step, len(keys), 0))

    def click(self, step: str, locator) -> None:
        locator.click()
        self.steps.append((step, 0, 1))

    def drag(self, step: str, points: list[tuple[float, float]]) -> None:
        """One stroke of the pen or mouse (a signature), counted as one gesture like a click."""
        self.page.mouse.move(*points[0])
        self.page.mouse.down()
        for point in points[1:]:
            self.page.mouse.move(*point, steps=3)
        self.page.mouse.up()
        self.steps.append((step, 0, 1))

    def report(self, title: str) -> str:
        lines = [title]
        for number, (step, keys, clicks) in enumerate(self.steps, 1):
            lines.append(f"  {number:>2}. {step}: {keys} tecla(s), {clicks} clic(s)/gesto(s)")
        keys = sum(s[1] for s in self.steps)
        clicks = sum(s[2] for s in self.steps)
        lines.append(f"  total: {keys} teclas + {clicks} clics/gestos = {keys + clicks} acciones")
        return "\n".join(lines)


def person_types(page, text: str) -> None:
    """A person at the keyboard: a key every 120 ms at most."""
    page.keyboard.type(text, delay=120)


def scanner_types(page, text: str) -> None:
    """A USB/Bluetooth scanner in keyboard mode: the whole payload in a burst, then Enter."""
    page.wait_for_timeout(300)  # the card is put under the scanner after the last key typed
    for line_number, line in enumerate(text.split("\n")):
        if line_number:
            page.keyboard.press("Enter")
        page.keyboard.type(line)
    page.keyboard.press("Enter")


@pytest.fixture
def table(live_server):
    """The table's laptop: Chromium with a (fake) camera for the photo, the drive's page open."""
    from playwright.sync_api import sync_playwright

    ensure_territories()
    CardDesignFactory()
    jornada = JornadaFactory(name="Jornada Comuna 13", territory=territory("05001"), printer=stocked_printer(10))
    make_user("mesa", Role.CARDS)
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    args = [*LAUNCH_ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="es-CO")
        context.grant_permissions(["camera"])
        page = context.new_page()
        page.set_default_timeout(15000)
        try:
            log_in(page, live_server.url, "mesa", PASSWORD)
            page.goto(f"{live_server.url}/jornadas/{jornada.pk}/registro/")
            yield page, jornada
        finally:
            context.close()
            browser.close()


def _sign(operator, page):
    box = page.locator("#signature-pad").bounding_box()
    points = [
        (box["x"] + 30 + step * (box["width"] - 60) / 16, box["y"] + box["height"] * (0.3 if step % 2 else 0.7))
        for step in range(17)
    ]
    operator.drag("firma de la persona (un trazo)", points)


def test_a_scanned_cedula_registers_a_new_person(table):
    page, jornada = table
    operator = Operator(page)
    started = time.monotonic()

    operator.steps.append(("pasar la cédula por el lector", 0, 1))
    scanner_types(page, as_typed(cedula_pdf417()))  # the document-number field has the focus
    page.wait_for_selector("#registration-form")
    wait_for_js(page, "document.getElementById('id_first_names').value === 'LUZ DARY'")
    assert page.locator("#id_last_names").input_value() == "RESTREPO OCHOA"
    assert page.locator("#id_birth_date").input_value() == "1985-03-14"
    assert page.locator("#id_sex").input_value() == "F"
    # Nothing to type next but the contact: the phone has the focus.
    wait_for_js(page, "document.activeElement && document.activeElement.id === 'id_phone'")
    screenshot(page, "carnets/scan-filled")

    operator.keys("teléfono (10 dígitos)", *"3001234567")
    operator.click("casilla de autorización", page.locator("#id_consent"))
    operator.click("encender la cámara para la foto", page.get_by_role("button", name="Usar cámara"))
    wait_for_js(page, "document.getElementById('camera').videoWidth > 0")
    operator.click("tomar la foto", page.get_by_role("button", name="Tomar foto"))
    wait_for_js(page, "document.getElementById('id_photo').files.length === 1")
    _sign(operator, page)
    operator.keys("guardar y emitir el carnet", "Control+Enter")
    page.wait_for_selector("#card-number")
    with page.expect_popup() as popup:
        operator.click("imprimir el carnet", page.get_by_role("button", name="Imprimir el carnet"))
    popup.value.close()
    page.wait_for_selector("#deliver-card")
    operator.click("entregar el carnet", page.locator("#deliver-card"))
    page.wait_for_load_state("networkidle")
    elapsed = time.monotonic() - started

    registration = JornadaRegistration.objects.select_related("member").get()
    member = registration.member
    assert member.photo
    assert (member.id_number, member.first_names, member.last_names, str(member.birth_date), member.sex) == (
        "1036123456",
        "Luz Dary",
        "Restrepo Ochoa",
        "1985-03-14",
        "F",
    )
    print()
    print(
        operator.report(
            "Registro de una persona nueva con lector de cédula (con foto y firma, sin huella; "
            f"{elapsed:.1f} s de navegador automatizado, sin contar el tiempo humano):"
        )
    )
    screenshot(page, "carnets/scan-delivered")


def test_an_mrz_reader_typing_three_lines_fills_the_form(table):
    page, _jornada = table
    scanner_types(page, mrz_td1())  # each line ends with Enter: it must not submit the lookup half-read
    page.wait_for_selector("#registration-form")
    wait_for_js(page, "document.getElementById('id_last_names').value === 'RESTREPO OCHOA'")
    assert page.locator("#id_id_number").input_value() == "1036123456"


def test_a_typed_name_that_differs_is_shown_and_chosen(table):
    page, _jornada = table
    page.keyboard.type("1036123456")
    page.keyboard.press("Enter")
    page.wait_for_selector("#registration-form")
    wait_for_js(page, "document.activeElement && document.activeElement.id === 'id_first_names'")
    person_types(page, "Luz Dari")  # misspelt by the operator
    page.keyboard.press("Tab")
    person_types(page, "Restrepo Ochoa")  # the same as the cédula, in other letters: no difference

    scanner_types(page, as_typed(cedula_pdf417()))
    review = page.locator("#scan-review")
    review.wait_for(state="visible")
    rows = page.locator(".scan-diff")
    assert rows.count() == 1
    assert "Escrito: «Luz Dari»" in rows.first.inner_text()
    assert "En la cédula: «LUZ DARY»" in rows.first.inner_text()
    assert page.locator("#id_first_names").input_value() == "Luz Dari"  # not overwritten
    assert page.locator("#id_last_names").input_value() == "Restrepo Ochoa"  # had the focus: no scanner keys left in it
    assert page.locator("#id_birth_date").input_value() == "1985-03-14"  # empty: filled
    screenshot(page, "carnets/scan-difference")

    page.get_by_role("button", name="Usar el de la cédula").click()
    assert page.locator("#id_first_names").input_value() == "LUZ DARY"
    assert review.is_hidden()


def test_keeping_the_typed_value_leaves_it(table):
    page, _jornada = table
    page.keyboard.type("1036123456")
    page.keyboard.press("Enter")
    page.wait_for_selector("#registration-form")
    wait_for_js(page, "document.activeElement && document.activeElement.id === 'id_first_names'")
    person_types(page, "Luz Dary Stella")
    scanner_types(page, as_typed(cedula_pdf417()))
    page.locator("#scan-review").wait_for(state="visible")
    page.get_by_role("button", name="Mantener lo escrito").click()
    assert page.locator("#id_first_names").input_value() == "Luz Dary Stella"


def test_a_cedula_of_another_person_is_not_applied(table):
    page, _jornada = table
    page.keyboard.type("71234567")
    page.keyboard.press("Enter")
    page.wait_for_selector("#registration-form")
    scanner_types(page, as_typed(cedula_pdf417()))
    page.get_by_text("La cédula leída tiene otro número de documento").wait_for()
    assert page.locator("#id_last_names").input_value() == ""


def test_a_misread_mrz_says_so_in_spanish(table):
    page, _jornada = table
    lines = mrz_td1().split("\n")
    lines[1] = lines[1][:6] + str((int(lines[1][6]) + 1) % 10) + lines[1][7:]
    scanner_types(page, "\n".join(lines))
    page.get_by_text("El dígito de control de la fecha de nacimiento no coincide").wait_for()
    assert page.locator("#registration-form").count() == 0


def _fake_camera_video(path):
    """A Y4M clip for Chromium's fake camera: the back of a cédula (its PDF417) on a grey table."""
    barcode = Image.open(__import__("io").BytesIO(pdf417_png(cedula_pdf417(), scale=3))).convert("L")
    width, height = 1280, 720
    frame = Image.new("L", (width, height), 200)
    frame.paste(barcode, ((width - barcode.width) // 2, (height - barcode.height) // 2))
    header = f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode()
    chroma = bytes([128]) * (width // 2 * height // 2)
    with open(path, "wb") as out:
        out.write(header)
        for _ in range(5):
            out.write(b"FRAME\n" + frame.tobytes() + chroma + chroma)


def test_the_camera_reads_the_barcode(live_server, tmp_path):
    from playwright.sync_api import sync_playwright

    ensure_territories()
    CardDesignFactory()
    jornada = JornadaFactory(territory=territory("05001"), printer=stocked_printer(3))
    make_user("mesa", Role.CARDS)
    video = tmp_path / "cedula.y4m"
    _fake_camera_video(video)
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    args = [
        *LAUNCH_ARGS,
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="es-CO")
        context.grant_permissions(["camera"])
        page = context.new_page()
        page.set_default_timeout(20000)
        try:
            log_in(page, live_server.url, "mesa", PASSWORD)
            page.goto(f"{live_server.url}/jornadas/{jornada.pk}/registro/")
            page.get_by_role("button", name="léala con la cámara").click()
            page.wait_for_selector("#registration-form")
            wait_for_js(page, "document.getElementById('id_first_names').value === 'LUZ DARY'")
            assert page.locator("#id_id_number").input_value() == "1036123456"
            screenshot(page, "carnets/scan-camera")
        finally:
            context.close()
            browser.close()


def test_a_scan_with_the_focus_on_save_does_not_submit(table):
    page, _jornada = table
    person_types(page, "1036123456")
    page.keyboard.press("Enter")
    page.wait_for_selector("#registration-form")
    page.get_by_label("Apellidos").fill("Restrepo Ochoa")  # put in at once, like the browser's autofill
    page.locator("#id_phone").focus()
    scanner_types(page, as_typed(cedula_pdf417()))
    wait_for_js(page, "document.getElementById('id_first_names').value === 'LUZ DARY'")
    assert page.locator("#id_phone").input_value() == ""  # the scanner's keys are taken out of the field
    assert page.locator("#id_last_names").input_value() == "Restrepo Ochoa"
    page.locator("#save").focus()
    scanner_types(page, as_typed(cedula_pdf417()))
    page.get_by_text("Cédula leída: revise los datos.").wait_for()
    page.wait_for_timeout(1500)
    assert not JornadaRegistration.objects.exists()


def test_letters_outside_the_keyboard_layout_are_read(table):
    """Ñ and accents reach the page as inserted text, without a keydown: they are part of the read."""
    page, _jornada = table
    scanner_types(page, as_typed(cedula_pdf417(first_surname="MUÑOZ", second_surname="PATIÑO", first_name="ANDRÉS")))
    page.wait_for_selector("#registration-form")
    wait_for_js(page, "document.getElementById('id_last_names').value === 'MUÑOZ PATIÑO'")
    assert page.locator("#id_first_names").input_value() == "ANDRÉS DARY"
