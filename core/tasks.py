"""Core tasks: the health check a worker runs to prove database, cache and progress reporting work."""

from core.audit_chain import audit_chain_seal
from core.jobs import TASK_DEFAULTS, TRANSIENT_ERRORS, job_task
from core.services import health_check_run

__all__ = ["TASK_DEFAULTS", "TRANSIENT_ERRORS", "audit_seal", "health_check"]


@job_task(name="core.health_check", soft_time_limit=60, time_limit=90)
def health_check(*, progress, steps: int = 5, pause: float = 0.2) -> dict:
    """Checks database and cache from a worker, reporting progress at each step."""
    return health_check_run(steps=steps, pause=pause, progress=progress)


@job_task(name="core.audit_seal", tracked=False, soft_time_limit=600, time_limit=660)
def audit_seal() -> int:
    """Seal the audit events written since the last run into the hash chain (every minute)."""
    return audit_chain_seal()
