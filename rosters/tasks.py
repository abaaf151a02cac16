"""Celery tasks of the roster pipeline: one call to a service each."""

from __future__ import annotations

from core.jobs import job_task


@job_task(name="rosters.upload_process", model="rosters.RosterUpload", select_related=("territory",))
def roster_process_task(upload, *, progress) -> dict:
    """Read an upload (→ mapping) and, once mapped, validate it (→ preview)."""
    from rosters.services import roster_process

    return roster_process(upload=upload, progress=progress)


@job_task(name="rosters.upload_import", model="rosters.RosterUpload", select_related=("territory",))
def roster_import_task(upload, *, progress) -> dict:
    """Import a confirmed upload; resumable: a redelivered task skips the ranges already done."""
    from rosters.services import roster_import

    return roster_import(upload=upload, progress=progress)
