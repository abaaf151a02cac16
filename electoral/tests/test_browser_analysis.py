"""The secretary reads the analysis with its charts and an endorsement's checklist (screenshots in test-artifacts/electoral/)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.roles import Role
from core.tests.browser import ARTIFACTS, log_in, requires_chromium
from core.tests.factories import ensure_territories, make_user, territory
from electoral.models import BallotOption, ResultImport
from electoral.services.candidates import candidate_register, document_requirement_create
from electoral.services.results import summaries_refresh, table_totals_recompute
from electoral.services.results_import import results_import_run
from electoral.tests.factories import ElectionFactory, MilestoneFactory, build_geography
from militancia.tests.factories import MemberFactory

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]
PASSWORD = "Clave-de-prueba-2026"


def load(election, user, tables, base: int):
    lines = ["MESA;CODIGO OPCION;NOMBRE OPCION;VOTOS"]
    for n, code in enumerate(sorted(tables)):
        for option, name, votes in (
            ("001", "NUESTRO PARTIDO", base + 3 * n),
            ("002", "PARTIDO AZUL", 30 - n),
            ("003", "PARTIDO VERDE", 12 + n),
            ("996", "VOTOS EN BLANCO", 3),
            ("997", "VOTOS NULOS", 2),
        ):
            lines.append(f"{code};{option};{name};{votes}")
    item = ResultImport.objects.create(
        election=election, created_by=user, file=SimpleUploadedFile("r.csv", "\n".join(lines).encode())
    )
    assert results_import_run(result_import=item)["ok"]
    BallotOption.objects.filter(election=election, code="001").update(is_own=True)
    table_totals_recompute(election_id=election.pk)
    summaries_refresh(election_id=election.pk)


def test_the_analysis_page_with_charts_and_the_candidate_checklist(live_server, browser_page):
    ensure_territories()
    medellin = territory("05001")
    geo = build_geography(medellin, territory("11001"))
    secretary = make_user("secretaria", Role.ELECTORAL)
    MemberFactory(territory=medellin)
    earlier = ElectionFactory(name="Concejo 2023")
    election = ElectionFactory(name="Concejo 2027", root_unit=geo["root"])
    load(earlier, secretary, geo["tables"], 10)
    load(election, secretary, geo["tables"], 20)
    page = browser_page
    log_in(page, live_server.url, "secretaria", PASSWORD)
    page.goto(
        f"{live_server.url}/electoral/elecciones/{election.pk}/analisis/?unit={geo['root'].pk}&compare={earlier.pk}"
    )
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Clasificación por potencial").is_visible()
    assert page.locator("#chart-share").bounding_box()["height"] > 100
    # Chart.js drew something on the canvas (not a blank image).
    painted = page.evaluate(
        "() => { const c = document.getElementById('chart-parties'); const d = c.getContext('2d')"
        ".getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }"
    )
    assert page.evaluate("() => Chart.getChart('chart-parties').scales.x.max") >= 438
    assert painted > 500
    path = ARTIFACTS / "electoral" / "analysis.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)

    # Medellín's polling places share its territory: its member is shown once, under the table.
    page.goto(f"{live_server.url}/electoral/elecciones/{election.pk}/analisis/?unit={geo['m05'].pk}")
    page.wait_for_load_state("networkidle")
    assert page.locator(f"#shared-members-{medellin.pk}").is_visible()
    assert page.locator("#members-total").inner_text() == "1"
    page.screenshot(path=str(ARTIFACTS / "electoral" / "analysis-municipality.png"), full_page=True)

    requirement = document_requirement_create(
        actor=secretary,
        election=election,
        name="Certificado de antecedentes",
        deadline_milestone=MilestoneFactory(election=election, name="Cierre de inscripciones"),
    )
    assert requirement.pk
    candidate = candidate_register(
        actor=secretary,
        election=election,
        member=MemberFactory(territory=medellin, first_names="Laura"),
        office="Concejo de Medellín",
        territory=medellin,
        list_position=2,
    )
    page.goto(f"{live_server.url}/electoral/elecciones/{election.pk}/candidatos/{candidate.pk}/")
    assert page.get_by_text("Documentos faltantes").is_visible()
    page.screenshot(path=str(ARTIFACTS / "electoral" / "candidate.png"), full_page=True)
