"""Celery tasks of national reports. Task names kept from before the app split (beat rows, queued messages)."""

from celery import shared_task
from django.utils.translation import gettext as _

from core.tasks import TASK_DEFAULTS


@shared_task(**TASK_DEFAULTS, name="militancia.operations.national_report_build", soft_time_limit=600, time_limit=660)
def national_report_build(job_id: int, report_id: int) -> dict:
    """Compute the indicators of the report's month and render its PDF, reporting progress on the job."""
    from core.jobs import job_claim, job_fail, job_progress, job_succeed
    from targets.models import NationalReport
    from targets.services import national_report_build as build

    job = job_claim(job_id)
    if job is None:
        return {"skipped": True}
    if not NationalReport.objects.filter(pk=report_id).exists():
        job_fail(job_id, _("The report no longer exists."))
        return {"missing": True}
    job_progress(job_id, done=0, total=2, step=_("Computing the indicators and generating the PDF"))
    report = build(report_id=report_id)
    job_succeed(job_id, result={"report": report.pk, "file": report.file.name})
    return {"report": report.pk}


@shared_task(**TASK_DEFAULTS, name="militancia.operations.national_report_monthly")
def national_report_monthly() -> dict:
    """First day of each month (beat): the report of the month that just ended."""
    from core.dates import previous_month
    from core.jobs import job_create, job_enqueue
    from targets.services import national_report_create

    report = national_report_create(period=previous_month())
    job = job_create(kind="national_report", total=2)
    report.job = job
    report.save(update_fields=["job"])
    job_enqueue(job=job, task=national_report_build, args=(report.pk,))
    return {"report": report.pk, "job": job.pk}
