"""Electoral background tasks: thin wrappers that load ids and call a service."""

from __future__ import annotations

from celery import shared_task
from django.core.cache import cache
from django.utils.translation import gettext as _

from core.jobs import job_claim, job_fail, job_succeed
from core.tasks import TASK_DEFAULTS


@shared_task(**TASK_DEFAULTS, soft_time_limit=300, time_limit=360)
def send_milestone_reminders() -> dict:
    """Run by django-celery-beat (PeriodicTask created in migration 0002): marks overdue milestones
    and e-mails the reminders that are due. Safe to run any number of times: each reminder goes once."""
    from electoral.services.calendar import milestone_reminders_send, milestones_mark_overdue

    overdue = milestones_mark_overdue()
    sent = milestone_reminders_send()
    return {"overdue": overdue, **sent}


@shared_task(**TASK_DEFAULTS, soft_time_limit=1800, time_limit=1900)
def import_results(job_id: int, import_id: int) -> dict:
    from electoral.models import ResultImport
    from electoral.services.results_import import results_import_run

    if job_claim(job_id) is None:
        return {"skipped": True}
    try:
        result_import = ResultImport.objects.select_related("election__root_unit", "created_by").get(pk=import_id)
    except ResultImport.DoesNotExist:
        job_fail(job_id, _("The import no longer exists."))
        return {"missing": True}
    if result_import.status == ResultImport.Status.MAPPING:  # a redelivered task: the user is choosing the columns
        job_succeed(job_id, result={"mapping": True})
        return {"mapping": True}
    if result_import.status == ResultImport.Status.DONE:  # a redelivered task: the work is already committed
        job_succeed(job_id, result={"ok": True})
        return {"ok": True}
    ResultImport.objects.filter(pk=import_id).update(status=ResultImport.Status.RUNNING)
    result = results_import_run(result_import=result_import, job_id=job_id)
    if result.get("ok") or result.get("mapping"):
        job_succeed(job_id, result=result)
    else:
        result_import.refresh_from_db()
        job_fail(job_id, result_import.error_message)
    return result


@shared_task(**TASK_DEFAULTS, soft_time_limit=1800, time_limit=1900)
def import_geography(job_id: int, import_id: int) -> dict:
    from electoral.models import GeographyImport
    from electoral.services.geography import geography_import_run

    if job_claim(job_id) is None:
        return {"skipped": True}
    try:
        geo_import = GeographyImport.objects.select_related("created_by").get(pk=import_id)
    except GeographyImport.DoesNotExist:
        job_fail(job_id, _("The import no longer exists."))
        return {"missing": True}
    if geo_import.status == GeographyImport.Status.MAPPING:  # a redelivered task: the user is choosing the columns
        job_succeed(job_id, result={"mapping": True})
        return {"mapping": True}
    if geo_import.status == GeographyImport.Status.DONE:
        job_succeed(job_id, result={"ok": True})
        return {"ok": True}
    GeographyImport.objects.filter(pk=import_id).update(status=GeographyImport.Status.RUNNING)
    result = geography_import_run(geo_import=geo_import, job_id=job_id)
    if result.get("ok") or result.get("mapping"):
        job_succeed(job_id, result=result)
    else:
        geo_import.refresh_from_db()
        job_fail(job_id, geo_import.error_message)
    return result


@shared_task(**TASK_DEFAULTS, soft_time_limit=600, time_limit=660)
def refresh_summaries(election_id: int) -> None:
    from electoral.models import Election
    from electoral.services.results import summaries_refresh

    cache.delete(f"electoral:refresh-summaries:{election_id}")
    if Election.objects.filter(pk=election_id).exists():
        summaries_refresh(election_id=election_id)


@shared_task(**TASK_DEFAULTS, soft_time_limit=1800, time_limit=1900)
def recompute_totals(job_id: int, election_id: int) -> dict:
    """Per-table totals and unit summaries of one election, after an option changed kind or flag.
    Idempotent: it recomputes everything from the stored votes, so a rerun changes nothing."""
    from core.jobs import job_progress
    from electoral.models import Election
    from electoral.services.results import summaries_refresh, table_totals_recompute

    if job_claim(job_id) is None:
        return {"skipped": True}
    if not Election.objects.filter(pk=election_id).exists():
        job_fail(job_id, _("The election no longer exists."))
        return {"missing": True}
    from django.db import transaction

    # Progress is written outside the transactions so the page sees it move.
    job_progress(job_id, done=0, step=_("Recomputing the totals of each table"))
    with transaction.atomic():
        tables = table_totals_recompute(election_id=election_id)
    job_progress(job_id, done=tables, step=_("Updating the totals per unit"))
    with transaction.atomic():
        summaries_refresh(election_id=election_id)
    job_succeed(job_id, result={"election_id": election_id, "tables": tables})
    return {"ok": True, "tables": tables}
