"""Staff pages of carnets in a real browser, for people to look at (test-artifacts/carnets/)."""

import pytest

from carnets import services
from carnets.models import PrintBatch
from carnets.tests.factories import png_bytes, stocked_printer
from core.roles import Role
from core.tests.browser import log_in, requires_chromium, screenshot
from core.tests.factories import ensure_territories, make_user, territory
from militancia.models import Member
from militancia.tests.factories import MemberFactory

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]
PASSWORD = "Clave-de-prueba-2026"


def test_design_preview_batch_and_stock_pages(live_server, browser_page, tmp_path):
    ensure_territories()
    medellin = territory("05001")
    admin = make_user("admin", Role.NATIONAL_ADMIN)
    page = browser_page
    log_in(page, live_server.url, "admin", PASSWORD)  # sets up and passes the second factor

    # A design: preview first, then save.
    logo = tmp_path / "logo.png"
    logo.write_bytes(png_bytes((200, 200)))
    page.goto(f"{live_server.url}/carnets/disenos/nuevo/")
    page.locator("#id_name").fill("Diseño 2027")
    page.locator("#id_party_name").fill("Partido Demo de Colombia")
    page.locator("#id_back_text").fill("Este carnet acredita la militancia de su titular.")
    page.get_by_label("Logo del partido").set_input_files(str(logo))
    page.get_by_label("Dejarlo como diseño activo").check()
    assert page.get_by_role("button", name="Guardar").is_disabled()
    page.get_by_role("button", name="Vista previa").click()
    page.wait_for_selector("img[alt='Anverso del carnet']")
    screenshot(page, "carnets/design-preview")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_selector("text=Diseño guardado.")
    screenshot(page, "carnets/design-list")

    # A batch: count, create, render (in-process here), mark printed.
    printer = stocked_printer(5)
    MemberFactory.create_batch(7, territory=medellin)
    page.goto(f"{live_server.url}/carnets/lotes/nuevo/")
    page.locator("#id_territory").select_option(str(medellin.pk))
    page.locator("#id_printer").select_option(str(printer.pk))
    page.get_by_role("button", name="Contar carnets").click()
    page.wait_for_selector("text=No hay suficiente")
    screenshot(page, "carnets/batch-short-of-stock")
    page.get_by_role("button", name="Crear lote").click()
    page.wait_for_selector("text=Lote creado con 7 carnets.")
    screenshot(page, "carnets/batch-created")
    batch = PrintBatch.objects.get()
    services.stock_purchase(consumable=printer.card_stock, quantity=500, supplier="X", cost=None, actor=admin)
    services.stock_purchase(consumable=printer.ribbon, quantity=4, supplier="X", cost=None, actor=admin, rolls=True)
    PrintBatch.objects.filter(pk=batch.pk).update(status="generando")
    services.batch_render(batch_id=batch.pk)
    page.reload()
    page.get_by_label("Carnets que fallaron").fill(batch.cards.first().number)
    screenshot(page, "carnets/batch-ready")
    page.get_by_role("button", name="Marcar impreso").last.click()
    page.wait_for_selector("text=6 carnets impresos")
    assert Member.objects.filter(has_card=True).count() == 6

    page.goto(f"{live_server.url}/carnets/insumos/")
    screenshot(page, "carnets/consumables")
    page.goto(f"{live_server.url}/carnets/insumos/{printer.card_stock_id}/")
    screenshot(page, "carnets/consumable-detail")
    page.goto(f"{live_server.url}/carnets/impresoras/{printer.pk}/")
    screenshot(page, "carnets/printer-detail")
    page.goto(f"{live_server.url}/")
    screenshot(page, "carnets/home-widgets")
