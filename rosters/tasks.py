"""Celery tasks of the roster pipeline: thin, take ids, the services do the work."""

from __future__ import annotations

from celery import shared_task

from core.tasks import TASK_DEFAULTS


@shared_task(**TASK_DEFAULTS)
def roster_process_task(job_id: int, upload_id: int) -> dict:
    """Read an upload (→ mapping) and, once mapped, validate it (→ preview)."""
    from rosters.services import roster_process

    return roster_process(upload_id=upload_id, job_id=job_id)


@shared_task(**TASK_DEFAULTS)
def roster_import_task(job_id: int, upload_id: int) -> dict:
    """Import a confirmed upload; resumable: a redelivered task skips the ranges already done."""
    from rosters.services import roster_import

    return roster_import(upload_id=upload_id, job_id=job_id)
