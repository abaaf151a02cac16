"""The background work of the electoral app, as the tasks call it: imports, totals, reminders."""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from core.jobs import JobFailed, JobProgress
from electoral.models import Election, GeographyImport, ResultImport


def _staged_import_execute(item, *, run: Callable[..., dict], progress: JobProgress) -> dict:
    """Run a staged import (geography or results) once: a redelivered task finds it mapped or done."""
    Status = type(item).Status
    if item.status == Status.MAPPING:  # the user is choosing the columns
        return {"mapping": True}
    if item.status == Status.DONE:  # the work is already committed
        return {"ok": True}
    type(item).objects.filter(pk=item.pk).update(status=Status.RUNNING)
    result = run(progress.job_id)
    if not (result.get("ok") or result.get("mapping")):
        item.refresh_from_db()
        raise JobFailed(item.error_message or _("The import failed."))
    return result


def results_import_execute(*, result_import: ResultImport, progress: JobProgress) -> dict:
    from electoral.services.results_import import results_import_run

    return _staged_import_execute(
        result_import,
        run=lambda job_id: results_import_run(result_import=result_import, job_id=job_id),
        progress=progress,
    )


def geography_import_execute(*, geo_import: GeographyImport, progress: JobProgress) -> dict:
    from electoral.services.geography import geography_import_run

    return _staged_import_execute(
        geo_import, run=lambda job_id: geography_import_run(geo_import=geo_import, job_id=job_id), progress=progress
    )


def totals_recompute_execute(*, election: Election, progress: JobProgress) -> dict:
    """Per-table totals and unit summaries of one election, after an option changed kind or flag.
    Idempotent: it recomputes everything from the stored votes, so a rerun changes nothing."""
    from electoral.services.results import summaries_refresh, table_totals_recompute

    # Progress is written outside the transactions so the page sees it move.
    progress(0, step=_("Recomputing the totals of each table"))
    with transaction.atomic():
        tables = table_totals_recompute(election_id=election.pk)
    progress(tables, step=_("Updating the totals per unit"))
    with transaction.atomic():
        summaries_refresh(election_id=election.pk)
    return {"election_id": election.pk, "tables": tables}


def summaries_refresh_scheduled(*, election_id: int) -> None:
    """The refresh `summaries_refresh_soon` scheduled: a later change may schedule the next one."""
    from electoral.services.results import summaries_refresh

    cache.delete(f"electoral:refresh-summaries:{election_id}")
    if Election.objects.filter(pk=election_id).exists():
        summaries_refresh(election_id=election_id)


def milestone_reminders_run() -> dict:
    """Mark overdue milestones and e-mail the reminders that are due; each reminder goes once."""
    from electoral.services.calendar import milestone_reminders_send, milestones_mark_overdue

    overdue = milestones_mark_overdue()
    return {"overdue": overdue, **milestone_reminders_send()}
