"""Services for background-job tracking rows (core.Job).

A page creates a Job, enqueues the task on commit and polls the row; the task claims
the row (counting attempts), reports progress and finishes it.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import Job


def job_create(*, kind: str, user=None, total: int = 0) -> Job:
    return Job.objects.create(kind=kind, created_by=user if getattr(user, "pk", None) else None, total=total)


def job_enqueue(*, job: Job, task, args: tuple = (), kwargs: dict | None = None) -> None:
    """Send the task once the surrounding transaction commits (so the worker sees the rows)."""

    def send():
        result = task.apply_async(args=(job.pk, *args), kwargs=kwargs or {})
        Job.objects.filter(pk=job.pk).update(celery_task_id=result.id)

    transaction.on_commit(send)


def job_claim(job_id: int) -> Job | None:
    """Mark the job running and count the attempt. None if it is finished or has failed too often.

    A task redelivered after its worker died comes back here: the attempt counter stops a
    job that keeps crashing the worker from looping forever.
    """
    now = timezone.now()
    updated = Job.objects.filter(pk=job_id, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).update(
        status=Job.Status.RUNNING, attempts=F("attempts") + 1, started_at=now
    )
    if not updated:
        return None
    job = Job.objects.get(pk=job_id)
    if job.attempts > Job.MAX_ATTEMPTS:
        job_fail(job_id, _("The job failed several times in a row: no attempts left."))
        return None
    return job


def job_progress(job_id: int, *, done: int, total: int | None = None, step: str | None = None) -> None:
    values = {"done": done}
    if total is not None:
        values["total"] = total
    if step is not None:
        values["step"] = step[:200]
    Job.objects.filter(pk=job_id).update(**values)


def job_succeed(job_id: int, *, result: dict | None = None) -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.SUCCEEDED, result=result or {}, finished_at=timezone.now(), error="", done=F("total")
    )


def job_fail(job_id: int, error: str) -> None:
    Job.objects.filter(pk=job_id).update(status=Job.Status.FAILED, error=error[:5000], finished_at=timezone.now())
