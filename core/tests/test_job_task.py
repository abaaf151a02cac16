"""The one task decorator: claim, load or fail, progress, success or failure, retries."""

import threading

import pytest
from django.db import OperationalError, connection

from core.jobs import LOCK_NAMESPACE, JobFailed, job_create, job_task
from core.models import Job

pytestmark = pytest.mark.django_db

runs: list = []
seen_progress: list = []


@job_task(name="core.tests_count_run")
def count_run(*, progress) -> dict:
    runs.append(progress.job_id)
    return {"runs": len(runs)}


@job_task(name="core.tests_territory_rename", model="core.Territory")
def territory_touch(territory, *, progress) -> dict:
    return {"territory": territory.pk}


@job_task(name="core.tests_report_progress")
def report_progress(*, progress) -> dict:
    progress(3, total=5, step="Tercer paso")
    seen_progress.append(Job.objects.values_list("done", "total", "step").get(pk=progress.job_id))
    return {}


@job_task(name="core.tests_fail_once", retry_backoff=False)
def fail_once(*, progress) -> dict:
    runs.append(progress.job_id)
    if len(runs) == 1:
        raise OperationalError("server closed the connection unexpectedly")
    return {"ok": True}


@job_task(name="core.tests_refuse")
def refuse(*, progress) -> dict:
    raise JobFailed("La planilla no tiene encabezados.")


@job_task(name="core.tests_crash")
def crash(*, progress) -> dict:
    raise ValueError("bad data")


@pytest.fixture(autouse=True)
def clean_records():
    runs.clear()
    seen_progress.clear()


def test_it_runs_a_job_claimed_twice_only_once():
    job = job_create(kind="core.tests_count_run")
    assert count_run(job.pk) == {"runs": 1}
    assert count_run(job.pk) == {"skipped": True}  # the duplicate delivery
    assert runs == [job.pk]


def test_it_marks_the_job_succeeded_with_the_result():
    job = job_create(kind="core.tests_count_run")
    count_run(job.pk)
    job.refresh_from_db()
    assert (job.status, job.result, job.attempts) == (Job.Status.SUCCEEDED, {"runs": 1}, 1)


def test_it_skips_a_job_another_worker_is_running():
    job = job_create(kind="core.tests_count_run")
    held, release = threading.Event(), threading.Event()

    def other_worker():  # its own database connection, holding the job's running lock
        from django.db import connection as own

        with own.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, job.pk])
            held.set()
            release.wait(10)
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, job.pk])
        own.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    held.wait(10)
    try:
        assert count_run(job.pk) == {"skipped": True}
    finally:
        release.set()
        thread.join()
    assert runs == []


def test_it_fails_the_job_in_spanish_when_the_object_is_gone():
    job = job_create(kind="core.tests_territory_rename")
    assert territory_touch(job.pk, 987654) == {"missing": True}
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "Territorio n.º 987654 ya no existe: se eliminó antes de que el trabajo pudiera ejecutarse."


def test_it_passes_the_loaded_object(medellin):
    job = job_create(kind="core.tests_territory_rename")
    assert territory_touch(job.pk, medellin.pk) == {"territory": medellin.pk}


def test_the_service_records_progress_on_the_job():
    job = job_create(kind="core.tests_report_progress")
    report_progress(job.pk)
    assert seen_progress == [(3, 5, "Tercer paso")]


def test_a_job_started_without_a_job_gets_its_own_row():
    count_run()  # what beat sends
    job = Job.objects.get(kind="core.tests_count_run")
    assert runs == [job.pk]


def test_it_retries_a_transient_error_and_then_succeeds():
    job = job_create(kind="core.tests_fail_once")
    result = fail_once.apply(args=(job.pk,))  # eager: Celery runs the retry at once
    job.refresh_from_db()
    assert result.get() == {"ok": True}
    assert (job.status, job.attempts) == (Job.Status.SUCCEEDED, 2)


def test_a_service_refusal_fails_the_job_with_its_message():
    job = job_create(kind="core.tests_refuse")
    refuse(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == (Job.Status.FAILED, "La planilla no tiene encabezados.")


def test_an_unexpected_error_fails_the_job_and_is_raised_for_the_logs():
    job = job_create(kind="core.tests_crash")
    with pytest.raises(ValueError):
        crash(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED


def test_a_bug_is_not_retried():
    assert crash.autoretry_for == (OperationalError, ConnectionError, TimeoutError)
    assert crash.acks_late


def test_the_running_lock_is_released_after_the_run():
    job = job_create(kind="core.tests_count_run")
    count_run(job.pk)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = %s", [job.pk])
        assert cursor.fetchone()[0] == 0
