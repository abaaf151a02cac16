"""A coordinator registers a member in the browser, sees the detail page, the list, the reports,
and downloads the certificate (screenshots and a PNG of the PDF under test-artifacts/militancia/)."""

import shutil
import subprocess
from datetime import date

import pytest
from django.utils import timezone

from core.roles import Role
from core.tests.browser import ARTIFACTS, log_in, pick, requires_chromium, screenshot
from core.tests.factories import ensure_territories, make_user, territory
from militancia.models import Member
from militancia.tests.factories import MemberFactory

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]
PASSWORD = "Clave-de-prueba-2026"


def test_a_coordinator_registers_a_member_and_views_it(live_server, browser_page):
    ensure_territories()
    medellin = territory("05001")
    make_user("coordinadora", Role.REGIONAL_COORDINATOR, territories=[territory("05")])
    MemberFactory.create_batch(12, territory=medellin)
    page = browser_page
    log_in(page, live_server.url, "coordinadora", PASSWORD)

    page.get_by_role("navigation", name="Menú principal").get_by_role("link", name="Militantes").click()
    page.get_by_role("link", name="Nuevo militante").click()
    page.get_by_label("Número de documento").fill("12-AB")
    page.get_by_label("Nombres").fill("maría  fernanda")
    page.get_by_label("Apellidos").fill("LÓPEZ ÁLVAREZ")
    pick(page, "Municipio", "Medellín", option="Medellín (Antioquia)")
    page.get_by_label("Fecha de autorización de tratamiento de datos").fill(timezone.localdate().isoformat())
    page.get_by_label("Canal de la autorización").select_option(label="Formulario en papel firmado")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Número de documento: una cédula tiene solo dígitos.").is_visible()
    screenshot(page, "militancia/member-form-error")

    page.get_by_label("Número de documento").fill("1.098.765.432")
    page.get_by_label("Teléfono").fill("320 555 6677")
    page.get_by_label("Fecha de nacimiento").fill("1990-04-12")
    page.get_by_label("Correo electrónico").fill("mafe@example.org")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="María Fernanda López Álvarez").is_visible()
    assert page.get_by_text("+573205556677").first.is_visible()
    assert page.get_by_text("Registrado: Manual").is_visible()
    screenshot(page, "militancia/member-detail")
    member = Member.objects.get(id_number="1098765432")
    assert member.created_by.username == "coordinadora"

    # Search without accents finds her; the list stays usable.
    page.get_by_role("link", name="Militantes").first.click()
    page.get_by_label("Documento o nombre").fill("maria lopez")
    page.get_by_role("button", name="Buscar").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="María Fernanda López Álvarez").is_visible()
    screenshot(page, "militancia/member-list-search")

    # The certificate downloads; its first page is rendered to PNG for people to look at.
    page.goto(f"{live_server.url}/militantes/{member.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Certificado de militancia").click()
    pdf_path = ARTIFACTS / "militancia" / "certificado.pdf"
    download_info.value.save_as(str(pdf_path))
    assert pdf_path.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-singlefile", str(pdf_path), str(pdf_path.with_suffix(""))], check=True
        )

    # Status change with reason, then the timeline shows it.
    page.get_by_role("link", name="Cambiar estado").click()
    page.get_by_label("Nuevo estado").select_option(label="Renunció")
    page.get_by_label("Motivo").fill("Renuncia voluntaria presentada por escrito")
    page.get_by_role("button", name="Cambiar estado").click()
    page.wait_for_load_state("networkidle")
    timeline = page.get_by_role("listitem").filter(has_text="Renuncia voluntaria presentada por escrito")
    assert timeline.locator(".status-badge").all_inner_texts() == ["Activo", "Renunció"]
    screenshot(page, "militancia/member-detail-after-resignation")

    # Possible duplicates: a typo in a cédula shows up for review.
    from militancia.services import duplicates_detect

    MemberFactory(first_names="Luz Dary", last_names="Mesa Ortiz", id_number="43123456", territory=medellin)
    MemberFactory(first_names="LUZ DARY", last_names="MESA ORTIZ", id_number="43123457", territory=medellin)
    duplicates_detect()
    page.get_by_role("navigation", name="Menú principal").get_by_role("link", name="Posibles duplicados").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Mismo nombre, la cédula difiere en un dígito").first.is_visible()
    screenshot(page, "militancia/duplicates")


def test_reports_and_list_on_a_phone(live_server, browser_context):
    ensure_territories()
    make_user("consulta", Role.READ_ONLY)
    for code, n in (("05001", 6), ("11001", 4), ("76001", 3)):
        MemberFactory.create_batch(n, territory=territory(code), joined_on=date(2026, 1 + n, 5), phone="+573001234567")
    page = browser_context.new_page()
    log_in(page, live_server.url, "consulta", PASSWORD)
    page.goto(f"{live_server.url}/militantes/informes/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Militantes por departamento").is_visible()
    screenshot(page, "militancia/member-reports")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/militantes/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Militantes").is_visible()
    screenshot(page, "militancia/member-list-phone")


def test_the_report_charts_name_their_series_in_spanish(live_server, browser_page):
    ensure_territories()
    make_user("consulta", Role.READ_ONLY)
    MemberFactory.create_batch(3, territory=territory("05001"))
    errors = []
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(browser_page, live_server.url, "consulta", PASSWORD)
    browser_page.goto(f"{live_server.url}/militantes/informes/")
    browser_page.wait_for_load_state("networkidle")
    names = browser_page.evaluate(
        "() => Object.values(Chart.instances).flatMap((chart) => chart.data.datasets.map((set) => set.label))"
    )
    assert (sorted(names), errors) == (["Activos", "Militantes", "Nuevos militantes"], [])
