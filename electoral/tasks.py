"""Electoral background tasks: one call to a service each."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.jobs import job_task


@job_task(name="electoral.milestone_reminders_send", tracked=False, soft_time_limit=300, time_limit=360)
def send_milestone_reminders() -> dict:
    """Hourly (beat): mark overdue milestones and e-mail the reminders that are due."""
    from electoral.services.jobs import milestone_reminders_run

    return milestone_reminders_run()


@job_task(
    name="electoral.results_import",
    model="electoral.ResultImport",
    select_related=("election__root_unit", "created_by"),
    soft_time_limit=1800,
    time_limit=1900,
)
def import_results(result_import, *, progress) -> dict:
    from electoral.services.jobs import results_import_execute

    return results_import_execute(result_import=result_import, progress=progress)


@job_task(
    name="electoral.geography_import",
    model="electoral.GeographyImport",
    select_related=("created_by",),
    soft_time_limit=1800,
    time_limit=1900,
)
def import_geography(geo_import, *, progress) -> dict:
    from electoral.services.jobs import geography_import_execute

    return geography_import_execute(geo_import=geo_import, progress=progress)


@job_task(name="electoral.summaries_refresh", tracked=False, soft_time_limit=600, time_limit=660)
def refresh_summaries(election_id: int) -> None:
    from electoral.services.jobs import summaries_refresh_scheduled

    summaries_refresh_scheduled(election_id=election_id)


@job_task(name="electoral.totals_recompute", model="electoral.Election", soft_time_limit=1800, time_limit=1900)
def recompute_totals(election, *, progress) -> dict:
    from electoral.services.jobs import totals_recompute_execute

    return totals_recompute_execute(election=election, progress=progress)


@job_task(name="electoral.board_refresh", model="electoral.Election", soft_time_limit=900, time_limit=960)
def refresh_board(election, *, progress) -> dict:
    """The where-to-work board of one election, rebuilt now (a user asked for it)."""
    from electoral.services.board import board_refresh_run

    progress(0, step=_("Rebuilding the where-to-work board"))
    return board_refresh_run(election_id=election.pk)


@job_task(name="electoral.boards_refresh", tracked=False, soft_time_limit=1800, time_limit=1900)
def refresh_boards() -> dict:
    """Beat (`BEAT_ELECTORAL_BOARD`, every 15 minutes): the boards of the elections to come."""
    from electoral.services.board import boards_refresh_all

    return boards_refresh_all()
