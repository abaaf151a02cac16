"""The vendor audit as the auditor does it in Chromium: vendor, contract, delivery, a box of 90 forms,
the sample recorded from the page (one nonconforming), the decision, the acta signed."""

import pytest

from core.roles import Role
from core.tests.browser import requires_chromium, screenshot
from core.tests.factories import make_user
from core.tests.pdf_layout import all_text
from vendor_audits.models import BoxAudit, DeliveryActa, FormBox

pytestmark = [pytest.mark.browser, requires_chromium]


def _open_session(page, live_server, user):
    """A national admin needs a second factor: open the session with the test client, hand its cookie over."""
    from django.test import Client

    from core.tests.factories import login

    client = Client()
    login(client, user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.django_db(transaction=True)
def test_the_auditor_audits_a_box_and_signs_the_acta_in_the_browser(live_server, browser_page, tmp_path):
    page = browser_page
    auditor = make_user("auditora", Role.NATIONAL_ADMIN)
    _open_session(page, live_server, auditor)

    page.goto(f"{live_server.url}/digitalizacion/")
    vendor_form = page.locator("#vendor-form")
    vendor_form.get_by_label("Nombre *").fill("Digitalizamos SAS")
    vendor_form.locator("button[type=submit]").click()
    page.wait_for_load_state()

    contract_form = page.locator("#contract-form")
    contract_form.get_by_label("Número de contrato").fill("C-2026-01")
    contract_form.get_by_label("Precio por formulario").fill("850")
    contract_form.get_by_label("Inicia el").fill("2026-01-01")
    contract_form.locator("button[type=submit]").click()
    page.wait_for_load_state()

    delivery_form = page.locator("#delivery-form")
    delivery_form.get_by_label("Número de entrega").fill("S-47")
    delivery_form.get_by_label("Entregada el").fill("2026-11-20")
    delivery_form.locator("button[type=submit]").click()
    page.wait_for_load_state()

    box_form = page.locator("#box-form")
    box_form.get_by_label("Código de la caja").fill("CJ-090")
    box_form.get_by_label("Formularios declarados").fill("90")
    box_form.get_by_label("Recibida el").fill("2026-11-20")
    box_form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="CJ-090").click()

    page.get_by_role("button", name="Sortear la muestra e iniciar la auditoría").click()
    page.wait_for_load_state()
    audit = BoxAudit.objects.get(box__code="CJ-090")
    assert (audit.sample_size, audit.accept_number) == (20, 1)  # code letter F, AQL 2.5 normal
    first, second = audit.positions[:2]
    # The cursor waits in the first form's ID field: the auditor works with the keyboard.
    assert page.evaluate("document.activeElement.name") == f"p{first}-id_number"
    page.locator(f"#form-{second}").get_by_label("Firma presente").check()
    notes = page.get_by_label(f"Notas del formulario {second}", exact=True)
    notes.fill("Sin firma en el formulario físico")
    screenshot(page, "militancia/operations/box_audit_recording")
    page.screenshot(
        path=str(screenshot(page, "militancia/operations/box_audit_recording")).replace(".png", "_viewport.png")
    )
    notes.press("Enter")  # Enter saves the whole page: the unmarked forms conform
    page.wait_for_load_state()
    assert "20 de 20 revisados" in page.content()

    page.get_by_role("button", name="Decidir: aceptar o rechazar la caja").click()
    page.wait_for_load_state()
    assert FormBox.objects.get(code="CJ-090").status == FormBox.Status.ACCEPTED
    assert "No conforme" not in page.locator(f"#form-{second}").inner_text()
    assert "Firma presente" in page.locator(f"#form-{second}").inner_text()
    screenshot(page, "militancia/operations/box_audit_decided")

    page.get_by_role("link", name="S-47").click()
    page.get_by_role("button", name="Preparar el acta").click()
    page.wait_for_load_state()
    acta_form = page.locator("#acta-form")
    acta_form.get_by_label("Quiénes firman").fill("Laura Gómez, Secretaria general\nPedro Ruiz, Interventor")
    acta_form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    # The acta to print and sign: the figures of the box, in Colombian numbers.
    acta_href = page.get_by_role("link", name="PDF del acta").get_attribute("href")
    acta = page.request.get(f"{live_server.url}{acta_href}")
    assert "20/11/2026" in all_text(acta.body())
    scan = tmp_path / "acta-firmada.pdf"
    scan.write_bytes(b"%PDF-1.4 acta firmada")
    page.locator("#acta-sign-form").get_by_label("Escaneo firmado (PDF, PNG o JPEG)").set_input_files(str(scan))
    page.locator("#acta-sign-form").locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert DeliveryActa.objects.get(delivery__number="S-47").status == DeliveryActa.Status.SIGNED
    screenshot(page, "militancia/operations/delivery_acta_signed")
