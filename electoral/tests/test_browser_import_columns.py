"""The geography re-import in Chromium: the secretary uploads a file whose voters column the app does
not know, picks it on the mapping page, and the tables get their new voters (screenshots under
test-artifacts/electoral/)."""

import pytest

from core.roles import Role
from core.tests.browser import ARTIFACTS, log_in, requires_chromium
from core.tests.factories import ensure_territories, make_user, territory
from electoral.models import ElectoralUnit, GeographyImport
from electoral.tasks import import_geography
from electoral.tests.factories import build_geography

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]
PASSWORD = "Clave-de-prueba-2026"


def shot(page, name):
    path = ARTIFACTS / "electoral" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


def test_the_secretary_maps_an_unknown_voters_column(live_server, browser_page, tmp_path):
    ensure_territories()
    build_geography(territory("05001"), territory("11001"))
    make_user("secretaria", Role.ELECTORAL)
    source = tmp_path / "catastro.csv"
    source.write_text(
        "CATASTRO 2027\nClave;Nombre de la mesa;Votantes habilitados\n05001-P1-M1;Mesa 1;250\n05001-P1-M2;Mesa 2;260\n"
    )
    page = browser_page
    log_in(page, live_server.url, "secretaria", PASSWORD)
    page.goto(f"{live_server.url}/electoral/geografia/importar/")
    page.locator("input[type=file]").set_input_files(str(source))
    page.get_by_role("button", name="Importar").click()
    item = GeographyImport.objects.get()
    import_geography(item.job_id, item.pk)  # the worker reads the header

    page.goto(f"{live_server.url}/electoral/geografia/importaciones/{item.pk}/")
    assert page.get_by_role("heading", name="Columnas del archivo de geografía").is_visible()
    voters = page.get_by_label("Inscritos")
    assert voters.input_value() == ""  # "Votantes habilitados" is not a known name
    shot(page, "geography-columns")
    voters.select_option(label="C: Votantes habilitados (p. ej.: 250, 260)")
    page.get_by_role("button", name="Usar estas columnas e importar").click()
    page.wait_for_load_state("networkidle")
    item.refresh_from_db()
    import_geography(item.job_id, item.pk)

    page.reload()
    assert page.get_by_text("0 unidades nuevas, 2 actualizadas").is_visible()
    assert ElectoralUnit.objects.get(code="05001-P1-M2").registered_voters == 260


def test_the_secretary_maps_the_columns_of_a_results_file(live_server, browser_page, tmp_path):
    from electoral.models import ResultImport, TableResult
    from electoral.tasks import import_results
    from electoral.tests.factories import ElectionFactory

    ensure_territories()
    build_geography(territory("05001"), territory("11001"))
    make_user("secretaria", Role.ELECTORAL)
    election = ElectionFactory(name="Concejo 2027")
    source = tmp_path / "resultados.csv"
    source.write_text("Identificador;Agrupación;Sufragios\n05001-P1-M1;Nuestro partido;40\n05001-P1-M1;Otro;30\n")
    page = browser_page
    log_in(page, live_server.url, "secretaria", PASSWORD)
    page.goto(f"{live_server.url}/electoral/elecciones/{election.pk}/resultados/")
    page.locator("input[type=file]").set_input_files(str(source))
    page.get_by_role("button", name="Importar").click()
    item = ResultImport.objects.get()
    import_results(item.job_id, item.pk)

    page.goto(f"{live_server.url}/electoral/elecciones/{election.pk}/resultados/importaciones/{item.pk}/")
    page.get_by_label("Clave de la mesa (código)").select_option(label="A: Identificador (p. ej.: 05001-P1-M1)")
    page.get_by_label("Nombre de la opción (partido o candidato)").select_option(index=2)
    page.get_by_label("Votos").select_option(index=3)
    shot(page, "results-columns")
    page.get_by_role("button", name="Usar estas columnas e importar").click()
    page.wait_for_load_state("networkidle")
    item.refresh_from_db()
    import_results(item.job_id, item.pk)
    assert TableResult.objects.get(election=election).total == 70
