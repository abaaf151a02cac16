"""A coordinator uploads a member's photo on the edit page and sees it on the member page
(before, the page linked to /media/, which nothing serves with DEBUG off)."""

import pytest

from core.roles import Role
from core.tests.browser import log_in, requires_chromium, screenshot
from core.tests.factories import ensure_territories, make_user, territory
from core.tests.files import jpeg_bytes
from militancia.tests.factories import MemberFactory

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]
PASSWORD = "Clave-de-prueba-2026"


def test_an_uploaded_photo_displays_on_the_member_page(live_server, browser_page, settings, tmp_path):
    settings.DEBUG = False
    ensure_territories()
    member = MemberFactory(territory=territory("05001"), first_names="Yolanda", last_names="Torres Ramírez")
    make_user("coordinadora", Role.REGIONAL_COORDINATOR, territories=[territory("05")])
    photo = tmp_path / "foto.jpg"
    photo.write_bytes(jpeg_bytes())
    page = browser_page
    log_in(page, live_server.url, "coordinadora", PASSWORD)

    page.goto(f"{live_server.url}/militantes/{member.pk}/editar/")
    page.get_by_label("Foto").set_input_files(str(photo))
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state("networkidle")
    image = page.get_by_role("img", name="Foto")
    screenshot(page, "militancia/member-photo")
    assert image.evaluate("img => img.complete && img.naturalWidth") == 40
