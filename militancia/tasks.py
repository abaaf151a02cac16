"""Celery tasks of militancia: one call to a service each."""

from __future__ import annotations

from core.jobs import job_task
from militancia.services.duplicates import DETECT_JOB_KIND


@job_task(name=DETECT_JOB_KIND)
def detect_duplicates(territory_ids: list[int] | None = None, *, progress) -> dict:
    """Look for possible duplicate members (idempotent: known pairs are skipped). The nightly
    schedule calls it with no job: the run then gets its own job row."""
    from militancia.services.duplicates import duplicates_detect_run

    return duplicates_detect_run(territory_ids=territory_ids, progress=progress)
