"""Celery tasks of meetings: one call to a service each (both on the beat schedule)."""

from __future__ import annotations

from core.jobs import job_task


@job_task(name="meetings.commitments_mark_overdue", tracked=False)
def commitments_mark_overdue() -> dict:
    """Nightly (BEAT_COMMITMENTS_OVERDUE): open commitments past their due date become overdue."""
    from meetings.services import commitments_mark_overdue as mark

    return {"overdue": mark()}


@job_task(name="meetings.commitments_digest_send", tracked=False)
def commitments_digest_send() -> dict:
    """Weekly (BEAT_COMMITMENTS_DIGEST): each responsible person gets their overdue and coming commitments."""
    from meetings.services import commitments_digest_send as send

    return {"emails": send()}
