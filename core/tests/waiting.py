"""Waiting for work done elsewhere (a Celery worker, another thread): one polling loop for the suite."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from core.models import Job

T = TypeVar("T")


def wait_until(condition: Callable[[], T], *, timeout: float = 90, every: float = 0.1, what: str = "") -> T:
    """Call `condition` until it returns something truthy and return that; TimeoutError after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise TimeoutError(f"not met within {timeout:g} s: {what or condition}")
        time.sleep(every)


def wait_for_job(job: Job, *, timeout: float = 90) -> Job:
    """Refresh the job row until it has finished (succeeded or failed) and return it."""

    def finished() -> bool:
        job.refresh_from_db()
        return job.is_finished

    wait_until(finished, timeout=timeout, what=f"job {job.pk} finished")
    return job
