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


@job_task(name="militancia.tallies_refresh", tracked=False)
def refresh_tallies() -> dict:
    """Every few minutes (beat, BEAT_MEMBER_TALLIES) and after a roster import: recount the registry."""
    from militancia.services.tallies import tallies_refresh

    return tallies_refresh()


@job_task(name="militancia.search_index_merge", tracked=False)
def merge_search_index() -> dict:
    """After a roster import and every few minutes (beat, BEAT_SEARCH_INDEX_MERGE): merge the
    name-search index's pending entries."""
    from militancia.services.search_index import search_index_merge

    return {"pages": search_index_merge()}
