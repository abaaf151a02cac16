"""The imports as users run them: upload on the page, a real Celery worker, the job row followed to the end."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import Job
from core.tests.waiting import wait_for_job
from core.tests.worker import celery_worker
from electoral.models import ElectoralUnit, GeographyImport, ResultImport, TableResult
from electoral.services.results_import import results_import_run
from electoral.tasks import import_geography
from electoral.tests.mapping_forms import MappingForm

CSV = (
    "Código;Nombre;Tipo;Código padre;DIVIPOLA;Inscritos\n"
    "W;Colombia;país;;;\n05;Antioquia;departamento;W;05;\n05001;Medellín;municipio;05;05001;\n"
    "05001-P1;Puesto 1;puesto;05001;;\n05001-P1-M1;Mesa 1;mesa;05001-P1;;300\n"
)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_imports_the_geography_uploaded_on_the_page(secretary, login_as):
    client = login_as(secretary)
    with celery_worker():
        response = client.post(
            reverse("electoral:geography-import"), {"file": SimpleUploadedFile("catastro.csv", CSV.encode())}
        )
        assert response.status_code == 302
        item = GeographyImport.objects.get()
        wait_for_job(item.job)
        # The worker read the header; the secretary checks the columns and confirms them as shown.
        columns = client.get(reverse("electoral:geography-import-detail", args=[item.pk])).url
        form = MappingForm(client.get(columns).text)
        assert client.post(columns, form.data()).status_code == 302
        item.refresh_from_db()
        job = wait_for_job(item.job)
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert ElectoralUnit.objects.get(code="05001-P1").registered_voters == 300
    page = client.get(reverse("electoral:geography-import-detail", args=[item.pk]))
    assert "5 unidades nuevas" in page.content.decode()


@pytest.mark.django_db
def test_the_task_skips_a_finished_job(secretary):
    from core.jobs import job_create

    job = job_create(kind="electoral.geography_import", user=secretary)
    item = GeographyImport.objects.create(created_by=secretary, file=SimpleUploadedFile("c.csv", CSV.encode()), job=job)
    GeographyImport.objects.filter(pk=item.pk).update(status=GeographyImport.Status.DONE)
    assert import_geography(job.pk, item.pk) == {"ok": True}
    assert not ElectoralUnit.objects.exists()


@pytest.mark.django_db
def test_a_ragged_csv_goes_through_the_child_process(secretary, election, geo):
    """Blank lines and a trailing extra cell: PostgreSQL's strict CSV parser refuses, the generic reader copes."""
    text = (
        "MESA;CODIGO OPCION;NOMBRE OPCION;VOTOS\n"
        "05001-P1-M1;001;NUESTRO PARTIDO;40\n\n"
        "05001-P1-M1;002;OTRO PARTIDO;30;nota al margen\n"
    )
    item = ResultImport.objects.create(
        election=election, created_by=secretary, file=SimpleUploadedFile("r.csv", text.encode())
    )
    result = results_import_run(result_import=item)
    item.refresh_from_db()
    assert result["ok"], item.error_message
    assert TableResult.objects.get(table=geo["tables"]["05001-P1-M1"]).total == 70
