"""Through a real Celery worker on the real Redis: the API flow, and a worker killed mid-import."""

import os
import signal

import pytest

from core.models import Job
from core.roles import Role
from core.tests.factories import ensure_territories, make_user, territory
from core.tests.waiting import wait_until
from core.tests.worker import celery_worker
from militancia.models import Member
from rosters import services
from rosters.models import RosterRow, RosterUpload
from rosters.tasks import roster_import_task
from rosters.tests.helpers import person, upload, xlsx_file

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def status_of(roster):
    roster.refresh_from_db()
    return roster.status


def test_a_worker_killed_mid_import_and_the_job_retried_imports_every_row_once(monkeypatch):
    ensure_territories()
    admin = make_user("ana", Role.NATIONAL_ADMIN)
    rows = [person(str(40_000_000 + i), email="") for i in range(3000)]
    monkeypatch.setenv("ROSTER_IMPORT_CHUNK_LINES", "200")
    monkeypatch.setenv("ROSTER_IMPORT_CHUNK_PAUSE", "0.3")
    with celery_worker() as worker:
        roster = upload(xlsx_file(rows), territory("05"), admin)
        wait_until(lambda: status_of(roster) == RosterUpload.Status.VALIDATED)
        assert roster.counts["new"] == 3000
        roster = services.roster_confirm(upload=roster, actor=admin)
        job_id = roster.import_job_id
        wait_until(lambda: Job.objects.get(pk=job_id).done >= 400, every=0.05)
        os.killpg(worker.pid, signal.SIGKILL)  # the whole worker, mid-import
        worker.wait()
    done_before = Member.objects.filter(source_ref=str(roster.pk)).count()
    assert 0 < done_before < 3000
    assert status_of(roster) == RosterUpload.Status.IMPORTING
    with celery_worker():
        roster_import_task.apply_async(args=(job_id, roster.pk))  # the retry (redelivery)
        wait_until(lambda: Job.objects.get(pk=job_id).status == Job.Status.SUCCEEDED)
    assert status_of(roster) == RosterUpload.Status.IMPORTED
    assert Member.objects.filter(source_ref=str(roster.pk)).count() == 3000
    assert Member.objects.filter(id_number__startswith="4000").count() == 3000
    assert RosterRow.objects.filter(upload=roster, outcome="created").count() == 3000
    assert roster.summary["created"] == 3000
    job = Job.objects.get(pk=job_id)
    assert job.status == Job.Status.SUCCEEDED
    assert job.attempts == 2


def test_the_api_flow_runs_on_the_worker():
    from rest_framework.test import APIClient

    ensure_territories()
    bob = make_user("beto", Role.REGIONAL_COORDINATOR, territories=[territory("05")])
    client = APIClient()
    client.force_authenticate(bob)
    with celery_worker():
        response = client.post(
            "/api/v1/rosters/uploads/",
            {"file": xlsx_file([person("20000003"), person("20000004")]), "territory": territory("05").code},
            format="multipart",
        )
        assert response.status_code == 202
        roster_id = response.json()["id"]
        wait_until(lambda: client.get(f"/api/v1/rosters/uploads/{roster_id}/").json()["status"] == "validated")
        assert client.post(f"/api/v1/rosters/uploads/{roster_id}/confirm/").status_code == 202
        wait_until(lambda: RosterUpload.objects.get(pk=roster_id).import_job.status == Job.Status.SUCCEEDED)
    body = client.get(f"/api/v1/rosters/uploads/{roster_id}/").json()
    assert body["summary"]["created"] == 2
    assert body["progress"]["percent"] == 100
