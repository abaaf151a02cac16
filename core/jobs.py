"""Background jobs: the tracking rows (core.Job) and the one decorator every Celery task uses.

A page creates a Job, enqueues the task on commit and polls the row. The task, written with
`@job_task`, only calls a service: the decorator claims the row, loads the object the task is
about, hands the service a progress callback and records success or failure.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import contextmanager, suppress

from celery import shared_task
from django.apps import apps
from django.db import DatabaseError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.models import Job

logger = logging.getLogger(__name__)

# Only these are worth another attempt: a dropped database connection, a broker or network
# hiccup, a timeout. Anything else is a bug or bad data and retrying would fail the same way.
TRANSIENT_ERRORS = (OperationalError, ConnectionError, TimeoutError)
TASK_DEFAULTS = {
    "acks_late": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 3,
}
# First key of the two-key advisory lock a running job holds ("JOB" in ASCII).
LOCK_NAMESPACE = 0x4A4F42


class JobFailed(Exception):
    """Raised by a service when the job cannot be done; the message (Spanish) is shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)


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

    The update is conditional on the status, so a finished job is never run again. A task
    redelivered after its worker died comes back here with the row still running: it may take
    it over (the advisory lock in `job_task` keeps out a duplicate while the first is alive),
    and the attempt counter stops a job that keeps crashing the worker from looping forever.
    """
    now = timezone.now()
    updated = Job.objects.filter(pk=job_id, status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).update(
        status=Job.Status.RUNNING, attempts=F("attempts") + 1, started_at=now
    )
    if not updated:
        return None
    job = Job.objects.get(pk=job_id)
    if job.attempts > Job.MAX_ATTEMPTS:
        job_fail(job_id, _("The job ran out of attempts: it failed several times in a row."))
        return None
    return job


def job_progress(job_id: int, *, done: int, total: int | None = None, step: str | None = None) -> None:
    values = {"done": done}
    if total is not None:
        values["total"] = total
    if step is not None:
        values["step"] = str(step)[:200]
    Job.objects.filter(pk=job_id).update(**values)


def job_succeed(job_id: int, *, result: dict | None = None) -> None:
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.SUCCEEDED, result=result or {}, finished_at=timezone.now(), error="", done=F("total")
    )


def job_fail(job_id: int, error: str) -> None:
    Job.objects.filter(pk=job_id).update(status=Job.Status.FAILED, error=str(error)[:5000], finished_at=timezone.now())


class JobProgress:
    """The progress callback a service receives: `progress(done, total=…, step=…)` writes the job row."""

    def __init__(self, job_id: int | None):
        self.job_id = job_id

    def __call__(self, done: int, *, total: int | None = None, step: str | None = None) -> None:
        if self.job_id is not None:
            job_progress(self.job_id, done=done, total=total, step=step)


@contextmanager
def _running_lock(job_id: int):
    """Hold a session advisory lock while the job runs; yields False when another worker holds it.

    PostgreSQL drops the lock with the connection, so a worker killed mid-job frees its job for
    the redelivered task at once, while a duplicate delivered to a live worker is turned away.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, job_id % 2**31])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with suppress(DatabaseError), connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, job_id % 2**31])


def job_task(
    *,
    name: str,
    model: str | None = None,
    select_related: tuple[str, ...] = (),
    tracked: bool = True,
    **options,
):
    """Make a Celery task out of a one-call wrapper around a service.

    `name` is the task's name and, when the task starts a job itself (a schedule calls it with no
    job), the job's kind: `<app>.<object>_<action>`. With `model` ("app.Model") the task takes the
    object's id after the job id and the wrapper receives the object; a missing object fails the
    job with a message instead of an exception. Tracked tasks (the default) take a job id first:

        @job_task(name="carnets.batch_render", model="carnets.PrintBatch")
        def render_batch_pdf(batch, *, progress):
            return batch_render(batch=batch, progress=progress)

        render_batch_pdf.delay(job_id, batch_id)

    The wrapper's return value is the job's result. A service raises `JobFailed` to fail the job
    with its message; transient errors (TRANSIENT_ERRORS) are retried with backoff, anything else
    fails the job and is re-raised for the logs. Untracked tasks (`tracked=False`: e-mails,
    schedules that need no progress bar) keep the loading, the retries and acks_late, with no job.
    """

    def decorate(func: Callable) -> object:
        def run(self, *args, **kwargs):
            if not tracked:
                return _run_untracked(func, model, select_related, args, kwargs)
            job_id, *args = args or (None,)
            own_job = job_id is None
            if own_job:  # started by a schedule: the run still gets its job row and progress
                job_id = job_create(kind=name).pk
            with _running_lock(job_id) as acquired:
                if not acquired:
                    logger.info("Job %s is already running elsewhere; this delivery is skipped", job_id)
                    return {"skipped": True}
                return _run_tracked(self, func, job_id, model, select_related, args, kwargs, own_job=own_job)

        # Not functools.wraps: Celery checks call arguments against the signature it finds.
        run.__name__, run.__qualname__, run.__module__ = func.__name__, func.__qualname__, func.__module__
        run.__doc__ = func.__doc__
        return shared_task(bind=True, name=name, **{**TASK_DEFAULTS, **options})(run)

    return decorate


def _run_untracked(func, model, select_related, args, kwargs):
    if model is None:
        return func(*args, **kwargs)
    object_id, *args = args
    model_class = apps.get_model(model)
    try:
        obj = model_class.objects.select_related(*select_related).get(pk=object_id)
    except model_class.DoesNotExist:
        logger.info("%s %s no longer exists; nothing to do", model, object_id)
        return {"missing": True}
    return func(obj, *args, **kwargs)


def _run_tracked(task, func, job_id, model, select_related, args, kwargs, *, own_job: bool):
    if job_claim(job_id) is None:
        return {"skipped": True}
    progress = JobProgress(job_id)
    if model is not None:
        object_id, *args = args
        model_class = apps.get_model(model)
        try:
            obj = model_class.objects.select_related(*select_related).get(pk=object_id)
        except model_class.DoesNotExist:
            job_fail(
                job_id,
                _("%(object)s #%(id)s no longer exists: it was deleted before the job could run.")
                % {"object": capfirst(model_class._meta.verbose_name), "id": object_id},
            )
            return {"missing": True}
        args = [obj, *args]
    try:
        result = func(*args, progress=progress, **kwargs)
    except JobFailed as exc:
        job_fail(job_id, exc.message)
        return {"failed": True, "error": exc.message}
    except TRANSIENT_ERRORS:
        if task.request.retries >= task.max_retries:
            job_fail(job_id, _("The job failed several times because a service was unavailable; try again later."))
        elif own_job:  # the retry comes with no job id either, and makes its own row
            job_fail(job_id, _("A service was unavailable: the job will run again under a new number."))
        else:  # Celery retries it (autoretry_for): the row waits as queued for the next attempt
            Job.objects.filter(pk=job_id).update(status=Job.Status.QUEUED, step=_("Waiting to retry"))
        raise
    except Exception as exc:
        logger.exception("Job %s failed", job_id)
        job_fail(job_id, _("The job failed: %(error)s") % {"error": exc})
        raise
    job_succeed(job_id, result=result if isinstance(result, dict) else {})
    return result
