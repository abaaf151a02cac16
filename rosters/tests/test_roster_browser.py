"""A coordinator uploads a real .xlsx, fixes a column mapping, confirms and sees the summary."""

import pytest

from core.roles import Role
from core.tests.browser import log_in, pick, requires_chromium, screenshot
from core.tests.factories import ensure_territories, make_user, territory
from core.tests.worker import celery_worker
from militancia.models import Member
from militancia.tests.factories import MemberFactory
from rosters.models import RosterUpload
from rosters.tests.helpers import person, xlsx_file

pytestmark = [pytest.mark.browser, pytest.mark.worker, requires_chromium, pytest.mark.django_db(transaction=True)]
PASSWORD = "Clave-de-prueba-2026"


def test_a_coordinator_uploads_maps_confirms_and_sees_the_summary(live_server, browser_page, tmp_path):
    ensure_territories()
    make_user("coordina", Role.REGIONAL_COORDINATOR, territories=[territory("05")])
    MemberFactory(id_number="20000001", territory=territory("05001"), phone="")
    header = ["IDENT", "NOMBRES", "APELLIDOS", "CELULAR", "CORREO", "MUNICIPIO", "FECHA DE NACIMIENTO", "DIRECCIÓN"]
    rows = [person(str(20000000 + i)) for i in range(1, 40)] + [person("12a", first=""), person("20000005")]
    path = tmp_path / "planilla-antioquia.xlsx"
    path.write_bytes(xlsx_file(rows, header=header).read())

    page = browser_page
    with celery_worker():
        log_in(page, live_server.url, "coordina", PASSWORD)
        page.goto(f"{live_server.url}/planillas/nueva/")
        page.get_by_label("Archivo de la planilla").set_input_files(str(path))
        pick(page, "Territorio", "Antioquia")
        page.get_by_label("¿Dónde se guardan las autorizaciones firmadas?").fill("Sede Medellín, caja 12")
        screenshot(page, "militancia/roster-1-upload")
        page.get_by_role("button", name="Cargar y leer").click()

        # The file is read in the background; the unknown "IDENT" column must be mapped by hand.
        try:
            page.get_by_role("heading", name="Revise las columnas").wait_for(timeout=60000)
        except Exception:
            screenshot(page, "militancia/roster-debug")
            raise
        assert page.get_by_text("Elija la columna del número de documento.").is_visible()
        page.get_by_label("Número de documento").select_option(label="A: IDENT")
        screenshot(page, "militancia/roster-2-mapping")
        page.get_by_role("button", name="Validar la planilla").click()

        confirm = page.get_by_role("button", name="Confirmar: importar")
        confirm.wait_for(timeout=60000)
        assert page.get_by_role("link", name="Descargar el reporte de errores (.xlsx)").is_visible()
        page.locator("#tab-invalid").click()
        page.get_by_text("Los nombres están vacíos.").wait_for()
        screenshot(page, "militancia/roster-3-preview-errors")
        page.locator("#tab-existing").click()
        page.get_by_text("completa").first.wait_for()
        screenshot(page, "militancia/roster-4-preview")
        page.get_by_role("button", name="Confirmar: importar").click()

        page.get_by_role("heading", name="Resumen de la importación").wait_for(timeout=60000)
        summary = page.locator("#roster-summary")
        assert "38" in summary.inner_text()  # created
        screenshot(page, "militancia/roster-5-summary")

    roster = RosterUpload.objects.get()
    assert roster.status == RosterUpload.Status.IMPORTED
    assert roster.summary["created"] == 38
    assert roster.summary["updated"] == 1
    assert roster.summary["skipped"] == 2
    assert Member.objects.get(id_number="20000001").phone == "+573001234567"
