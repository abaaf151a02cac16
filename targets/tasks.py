"""Celery tasks of national reports: one call to a service each."""

from core.jobs import job_task


@job_task(name="targets.national_report_build", model="targets.NationalReport", soft_time_limit=600, time_limit=660)
def national_report_build(report, *, progress) -> dict:
    """Compute the indicators of the report's month and render its PDF, reporting progress on the job."""
    from targets.services import national_report_build_run

    return national_report_build_run(report=report, progress=progress)


@job_task(name="targets.national_report_request", tracked=False)
def national_report_monthly() -> dict:
    """First day of each month (beat): queue the report of the month that just ended."""
    from targets.services import national_report_request

    report = national_report_request()
    return {"report": report.pk, "job": report.job_id}
