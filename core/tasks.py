import time

from celery import shared_task
from django.core.cache import cache
from django.db import OperationalError, connection
from django.utils.translation import gettext as _

from core.jobs import job_claim, job_progress, job_succeed

# Defaults for every task in the project: transient failures retry with backoff and jitter.
TRANSIENT_ERRORS = (OperationalError, ConnectionError, TimeoutError)
TASK_DEFAULTS = {
    "acks_late": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 3,
}


@shared_task(**TASK_DEFAULTS, soft_time_limit=60, time_limit=90)
def health_check(job_id: int, steps: int = 5, pause: float = 0.2) -> dict:
    """Checks database and cache from a worker, reporting progress at each step."""
    job = job_claim(job_id)
    if job is None:
        return {"skipped": True}
    job_progress(job_id, done=0, total=steps, step=_("Checking services"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        database_ok = cursor.fetchone()[0] == 1
    cache.set("health_check", job_id, 30)
    cache_ok = cache.get("health_check") == job_id
    for step in range(1, steps + 1):
        time.sleep(pause)
        job_progress(job_id, done=step, step=_("Step %(step)s of %(steps)s") % {"step": step, "steps": steps})
    result = {"database": database_ok, "cache": cache_ok}
    job_succeed(job_id, result=result)
    return result
