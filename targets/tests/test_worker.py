"""The national report is built by a real Celery worker on the real Redis."""

import pytest

from core.jobs import job_create, job_enqueue
from core.models import Job
from core.tests.waiting import wait_for_job
from core.tests.worker import celery_worker
from targets.models import NationalReport

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_builds_the_national_report(alice, territories):
    from core.dates import previous_month
    from targets.services import national_report_create
    from targets.tasks import national_report_build

    with celery_worker():
        report = national_report_create(period=previous_month(), actor=alice)
        job = job_create(kind="targets.national_report_build", user=alice, total=2)
        NationalReport.objects.filter(pk=report.pk).update(job=job)
        job_enqueue(job=job, task=national_report_build, args=(report.pk,))  # autocommit: sent now
        wait_for_job(job)
    assert job.status == Job.Status.SUCCEEDED, job.error
    report.refresh_from_db()
    assert report.file
    assert report.generated_at
    with report.file.open("rb") as handle:
        assert handle.read(4) == b"%PDF"
