"""The duplicate search through a real Celery worker on the real Redis, started from the page."""

import time

import pytest

from core.models import Job
from core.tests.worker import celery_worker
from militancia.models import DuplicateCandidate
from militancia.tests.factories import MemberFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_page_starts_a_duplicate_search_that_a_worker_runs(login_as, alice, medellin):
    MemberFactory(first_names="Ana", last_names="Ruiz", id_number="43123456", territory=medellin)
    MemberFactory(first_names="Ana", last_names="Ruiz", id_number="43123457", territory=medellin)
    client = login_as(alice)
    with celery_worker():
        assert client.post("/militantes/duplicados/buscar/").status_code == 302
        job = Job.objects.get()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.is_finished:
                break
            time.sleep(0.1)
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.result["total"] == 1
    assert job.attempts == 1
    assert DuplicateCandidate.objects.get().reason == "similar_number"
    assert "Mismo nombre, la cédula difiere en un dígito" in client.get("/militantes/duplicados/").content.decode()
