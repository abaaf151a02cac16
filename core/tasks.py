"""Core tasks: the health check a worker runs to prove database, cache and progress reporting work."""

from core.jobs import TASK_DEFAULTS, TRANSIENT_ERRORS, job_task
from core.services import health_check_run

__all__ = ["TASK_DEFAULTS", "TRANSIENT_ERRORS", "health_check"]


@job_task(name="core.health_check", soft_time_limit=60, time_limit=90)
def health_check(*, progress, steps: int = 5, pause: float = 0.2) -> dict:
    """Checks database and cache from a worker, reporting progress at each step."""
    return health_check_run(steps=steps, pause=pause, progress=progress)
