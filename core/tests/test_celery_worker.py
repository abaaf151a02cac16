"""A real worker on the real Redis runs a task and the page can follow its progress."""

import time

import pytest

from core.jobs import job_create, job_enqueue
from core.models import Job
from core.tasks import health_check
from core.tests.worker import celery_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_runs_the_health_task_and_reports_progress(alice, login_as):
    seen_progress = set()
    with celery_worker():
        job = job_create(kind="core.health_check", user=alice)
        job_enqueue(job=job, task=health_check, kwargs={"steps": 5, "pause": 0.4})  # autocommit: sent now
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job.refresh_from_db()
            seen_progress.add(job.done)
            if job.is_finished:
                break
            time.sleep(0.05)
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.result == {"database": True, "cache": True}
    assert job.attempts == 1
    assert seen_progress & {1, 2, 3, 4}, f"no intermediate progress seen: {seen_progress}"
    assert job.celery_task_id
    # The progress component the pages poll shows the finished bar.
    body = login_as(alice).get(f"/trabajos/{job.pk}/progreso/").content.decode()
    assert "100 %" in body


def test_a_job_that_keeps_failing_stops_after_its_attempts(alice):
    job = job_create(kind="core.health_check", user=alice)
    Job.objects.filter(pk=job.pk).update(attempts=Job.MAX_ATTEMPTS, status=Job.Status.RUNNING)
    assert health_check(job.pk) == {"skipped": True}
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "intentos" in job.error


def test_another_users_job_progress_is_404(bob, charlie, login_as):
    job = job_create(kind="core.health_check", user=charlie)
    assert login_as(bob).get(f"/trabajos/{job.pk}/progreso/").status_code == 404
