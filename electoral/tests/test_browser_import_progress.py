"""An import page in Chromium: while the job runs the bar moves; when it ends the page reloads once
to show the outcome (badge, figures), and then stays put (it used to reload itself forever)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from core.jobs import job_create, job_succeed
from core.models import Job
from core.roles import Role
from core.tests.browser import ARTIFACTS, log_in, requires_chromium
from core.tests.factories import ensure_territories, make_user
from electoral.models import GeographyImport

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]
PASSWORD = "Clave-de-prueba-2026"


def test_the_import_page_shows_the_outcome_when_the_job_ends_and_stays_put(live_server, browser_page):
    ensure_territories()
    secretary = make_user("secretaria", Role.ELECTORAL)
    job = job_create(kind="electoral.geography_import", user=secretary)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    item = GeographyImport.objects.create(
        created_by=secretary,
        original_name="catastro.csv",
        file=SimpleUploadedFile("catastro.csv", b"codigo\n05\n"),
        job=job,
        status=GeographyImport.Status.RUNNING,
    )
    page = browser_page
    log_in(page, live_server.url, "secretaria", PASSWORD)
    page.goto(f"{live_server.url}/electoral/geografia/importaciones/{item.pk}/")
    badge = page.locator("h1 .status-badge")
    expect(badge).to_have_text("En proceso")

    GeographyImport.objects.filter(pk=item.pk).update(status=GeographyImport.Status.DONE, created=12)
    job_succeed(job.pk)

    expect(badge).to_have_text("Importado")
    expect(page.get_by_text("12 unidades nuevas, 0 actualizadas, 0 sin cambios.")).to_be_visible()
    assert page.locator('[hx-trigger="load"]').count() == 0
    path = ARTIFACTS / "electoral" / "geography-import-finished.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
