"""Importing a confirmed upload (resumable, in parallel chunks) and rolling it back."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.jobs import JobProgress
from core.models import AuditEvent
from core.roles import Role
from militancia.models import Member
from militancia.services.search_index import search_index_merge_soon
from militancia.services.tallies import tallies_refresh_soon
from rosters import sql
from rosters.models import RosterConflict, RosterRow, RosterUpload
from rosters.services.uploads import RosterError, roster_setting, upload_move

if TYPE_CHECKING:
    from core.models import User

Status = RosterUpload.Status


def roster_import(*, upload: RosterUpload, progress: JobProgress) -> dict:
    """Import the validated rows, one range of lines per transaction; a retried job resumes."""
    if upload.status != Status.IMPORTING:
        return {"skipped": True}
    pause = float(
        roster_setting(name="ROSTER_IMPORT_CHUNK_PAUSE", default=0)
    )  # throttle: leave room for interactive queries
    today = timezone.localdate()
    with connection.cursor() as cursor:
        first, last = sql.line_bounds(cursor, upload.pk)
        total = upload.counts.get("total", 0)
        # A retried job resumes: the ranges already done have their outcomes and are skipped.
        cursor.execute(f"SELECT count(*) FROM {sql.ROW} WHERE upload_id = %s AND outcome <> ''", [upload.pk])
        done = cursor.fetchone()[0]
        progress(done, total=total, step=_("Importing"))
        workers = int(roster_setting(name="ROSTER_IMPORT_WORKERS", default=2))
        chunk = _chunk_lines(last - first + 1, workers)
        ranges = [(start, min(start + chunk - 1, last)) for start in range(first, last + 1, chunk)]
        if workers > 1 and len(ranges) > 1 and not connection.in_atomic_block:
            # Two ranges at once, each on its own connection: PostgreSQL spends the import in
            # index maintenance, and one backend uses one core. (Inside an outer transaction,
            # e.g. a test, other connections could not see its rows: then one at a time.)
            for rows in _import_in_parallel(upload, ranges, today, workers, pause):
                done += rows
                progress(done, step=_("Importing"))
        else:
            for lines in ranges:
                with transaction.atomic():
                    done += _import_range(cursor, upload, lines, today)
                    progress(done, step=_("Importing"))
                if pause:
                    time.sleep(pause)
        outcomes = sql.count_outcomes(cursor, upload.pk)
        # Rows matched at the import (their person became a member since the preview) move tab.
        counts = sql.count_kinds(cursor, upload.pk)
    summary = {
        "created": outcomes["created"],
        "updated": outcomes["updated"],
        "unchanged": outcomes["unchanged"],
        "skipped": outcomes["skipped"],
        "conflicts": outcomes["conflict"],
    }
    upload = upload_move(
        upload_id=upload.pk, name="imported", summary=summary, counts=counts, imported_at=timezone.now()
    )
    tallies_refresh_soon()  # the reports and home counters recount with the new members
    search_index_merge_soon()  # the new names were left in the search index's pending list
    audit_record(
        actor=upload.confirmed_by,
        action=AuditEvent.Action.IMPORT,
        obj=upload,
        changes=summary,
        source=AuditEvent.Source.ROSTER,
        source_ref=upload.source_ref,
        message=_("Import of roster #%(id)s") % {"id": upload.pk},
    )
    return summary


def _chunk_lines(lines: int, workers: int) -> int:
    """Lines per transaction: ROSTER_IMPORT_CHUNK_LINES when set; otherwise one range per worker
    for files up to 100,000 lines (each range costs a commit and a wait for the slower worker),
    and ranges of 50,000 beyond, so a retried job redoes little and progress keeps moving."""
    configured = roster_setting(name="ROSTER_IMPORT_CHUNK_LINES", default=None)
    if configured:
        return int(configured)
    return min(50000, max(1000, -(-lines // max(workers, 1))))


def _import_range(cursor, upload: RosterUpload, lines: tuple[int, int], today) -> int:
    return sql.import_chunk(
        cursor,
        upload=upload,
        user_id=upload.confirmed_by_id,
        lines=lines,
        territory_path=upload.territory.path,
        today=today,
    )


def _import_in_parallel(upload: RosterUpload, ranges, today, workers: int, pause: float):
    """Yield the rows done per range as threads import them, each range in its own transaction."""

    def work(lines):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                rows = _import_range(cursor, upload, lines, today)
            if pause:
                time.sleep(pause)
            return rows
        finally:
            connection.close()  # this thread's connection

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="roster-import") as pool:
        for future in [pool.submit(work, lines) for lines in ranges]:
            yield future.result()


# --- rollback and conflicts ------------------------------------------------------------------


def roster_rollback(*, upload: RosterUpload, actor: User) -> RosterUpload:
    """Undo an import: members it created are removed unless touched since (or referenced),
    fields it filled are blanked again where still ours; what cannot be undone is listed."""
    if actor is None or not actor.has_role(Role.NATIONAL_ADMIN):
        raise PermissionDenied(_("Only a national administrator can roll back an import."))
    with transaction.atomic():
        upload = RosterUpload.objects.select_for_update().get(pk=upload.pk)
        if upload.status != Status.IMPORTED:
            raise RosterError(_("Only an imported roster can be rolled back."))
        created = RosterRow.objects.filter(upload=upload, outcome=RosterRow.Outcome.CREATED)
        touched = list(
            Member.objects.filter(pk__in=created.values("member_id"), updated_at__gt=upload.imported_at)
            .values_list("pk", flat=True)
            .order_by("pk")
        )
        removable = list(
            Member.objects.filter(pk__in=created.values("member_id"), updated_at__lte=upload.imported_at)
            .values_list("pk", flat=True)
            .order_by("pk")
        )
        referenced = []
        for start in range(0, len(removable), 5000):
            batch = removable[start : start + 5000]
            try:
                with transaction.atomic():
                    Member.objects.filter(pk__in=batch).delete()
            except (ProtectedError, RestrictedError, IntegrityError):
                for pk in batch:  # something else points at some of them: remove the others
                    try:
                        with transaction.atomic():
                            Member.objects.filter(pk=pk).delete()
                    except (ProtectedError, RestrictedError, IntegrityError):
                        referenced.append(pk)
        with connection.cursor() as cursor:
            kept_fields = sql.restore_filled(cursor, upload.pk)
        resolved = list(
            RosterConflict.objects.filter(upload=upload)
            .exclude(status=RosterConflict.Status.PENDING)
            .values("line", "member_id", "status")
        )
        RosterConflict.objects.filter(upload=upload, status=RosterConflict.Status.PENDING).delete()
        report = {
            "members_removed": len(removable) - len(referenced),
            "fields_restored": upload.summary.get("updated", 0),
            "members_kept_changed": touched[:1000],
            "members_kept_referenced": referenced[:1000],
            "fields_kept_changed": kept_fields[:1000],
            "conflicts_already_resolved": resolved[:1000],
            "not_undone": len(touched) + len(referenced) + len(kept_fields) + len(resolved),
        }
        upload = upload_move(
            upload_id=upload.pk,
            name="roll_back",
            actor=actor,
            rolled_back_by=actor,
            rolled_back_at=timezone.now(),
            rollback_report=report,
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.ROLLBACK,
            obj=upload,
            changes={key: value for key, value in report.items() if isinstance(value, int)},
            source=AuditEvent.Source.ROSTER,
            source_ref=upload.source_ref,
            message=_("Rollback of roster #%(id)s") % {"id": upload.pk},
        )
        tallies_refresh_soon()
    return upload
