"""Celery tasks of militancia: thin, take ids, record progress on a core.Job."""

from __future__ import annotations

from celery import shared_task
from django.utils.translation import gettext as _

from core.jobs import job_claim, job_progress, job_succeed
from core.tasks import TASK_DEFAULTS


@shared_task(**TASK_DEFAULTS)
def detect_duplicates(job_id: int, territory_ids: list[int] | None = None) -> dict:
    """Look for possible duplicate members (idempotent: known pairs are skipped)."""
    from militancia.services import duplicates_detect

    job = job_claim(job_id)
    if job is None:
        return {"skipped": True}
    job_progress(job_id, done=0, total=3, step=_("Searching for possible duplicates"))
    found = duplicates_detect(
        territory_ids=territory_ids,
        on_progress=lambda done, total: job_progress(job_id, done=done, total=total),
    )
    result = {"found": found, "total": sum(found.values())}
    job_succeed(job_id, result=result)
    return result


@shared_task(**TASK_DEFAULTS)
def detect_duplicates_nightly() -> dict:
    """The nightly schedule's entry point: a tracked job, then the same search as the button."""
    from core.jobs import job_create
    from militancia.services.duplicates import DETECT_JOB_KIND

    job = job_create(kind=DETECT_JOB_KIND, total=3)
    return detect_duplicates(job.pk)
