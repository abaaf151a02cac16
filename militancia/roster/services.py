"""Roster uploads: every write of the pipeline. Pages, API and Celery tasks call these."""

from __future__ import annotations

import contextlib
import hashlib
import io
import itertools
import os
import queue
import shutil
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.jobs import job_claim, job_create, job_enqueue, job_fail, job_progress, job_succeed
from core.models import AuditEvent, Territory
from core.roles import Role
from core.tabular import Limits, TableStream, TabularError, find_header_row, inspect_upload, iter_lines
from militancia.models import Member, RosterConflict, RosterRow, RosterUpload, RosterUploadEvent
from militancia.roster import sql
from militancia.roster.fields import ROSTER_FIELDS, MunicipalityResolver, RowValidator, mapping_problems

Status = RosterUpload.Status
ROSTER_ROLES = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR)


class RosterError(ValidationError):
    """An illegal move or bad input in the roster pipeline; the message is for the user."""


class RosterAlreadyLoaded(RosterError):
    def __init__(self, message, *, previous: RosterUpload):
        super().__init__(message)
        self.previous = previous


def _setting(name: str, default):
    """A tuning knob: from settings, else from the environment (so a worker can be tuned alone)."""
    return getattr(settings, name, None) or os.environ.get(name) or default


def roster_limits() -> Limits:
    return Limits(
        max_bytes=getattr(settings, "ROSTER_MAX_UPLOAD_BYTES", 64 * 1024 * 1024),  # a 1M-row .xlsx is ~40 MB
        max_rows=getattr(settings, "ROSTER_MAX_ROWS", 1_000_000),
        max_columns=getattr(settings, "ROSTER_MAX_COLUMNS", 60),
        child_memory_bytes=getattr(settings, "ROSTER_READER_MEMORY_BYTES", 2048 * 1024 * 1024),
    )


# --- state machine -------------------------------------------------------------------------


def _move(upload_id: int, *, to: str, allowed: tuple, actor=None, note: str = "", **values) -> RosterUpload:
    """The one way an upload changes status: lock the row, check the move, record it."""
    with transaction.atomic():
        # Locked so a double click (or the page and the API at once) cannot start two imports.
        upload = RosterUpload.objects.select_for_update().get(pk=upload_id)
        if upload.status not in allowed:
            raise RosterError(
                _("This roster is “%(status)s”: that step is not possible now.")
                % {"status": upload.get_status_display()}
            )
        RosterUploadEvent.objects.create(
            upload=upload,
            from_status=upload.status,
            to_status=to,
            actor=actor if getattr(actor, "pk", None) else None,
            note=note[:500],
        )
        upload.status = to
        for name, value in values.items():
            setattr(upload, name, value)
        upload.save(update_fields=["status", *values.keys()])
    return upload


def _check_can_use(actor, territory: Territory) -> None:
    if actor is None or not actor.has_role(*ROSTER_ROLES):
        raise PermissionDenied(_("Your role cannot upload rosters."))
    if not actor.can_reach(territory):
        raise PermissionDenied(_("You cannot upload rosters for %(territory)s.") % {"territory": territory.name})


# --- upload ----------------------------------------------------------------------------------


@contextmanager
def _local_copy(uploaded):
    """A filesystem path to the uploaded content (Django keeps big uploads in a temp file)."""
    if hasattr(uploaded, "temporary_file_path"):
        yield uploaded.temporary_file_path()
        return
    with tempfile.NamedTemporaryFile(prefix="roster-", suffix=".upload") as tmp:
        for chunk in uploaded.chunks():
            tmp.write(chunk)
        tmp.flush()
        yield tmp.name


def file_sha256(uploaded) -> str:
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    return digest.hexdigest()


def _already_loaded_message(previous: RosterUpload) -> str:
    who = previous.uploaded_by.get_full_name() or previous.uploaded_by.get_username() if previous.uploaded_by else "—"
    return _(
        "This file was already uploaded on %(date)s by %(who)s (roster #%(id)s, %(status)s): nothing is imported twice."
    ) % {
        "date": timezone.localtime(previous.created_at).strftime("%d/%m/%Y %H:%M"),
        "who": who,
        "id": previous.pk,
        "status": previous.get_status_display(),
    }


def roster_upload_create(
    *,
    uploaded_file,
    territory: Territory,
    consent_location: str,
    actor,
    auto_validate: bool = False,
) -> RosterUpload:
    """Check the file (size, type by content, zip bomb, password), refuse content already loaded,
    store it and start reading it in the background."""
    _check_can_use(actor, territory)
    consent_location = (consent_location or "").strip()
    if not consent_location:
        raise RosterError(_("Say where the signed consent forms are kept."))
    limits = roster_limits()
    if uploaded_file.size > limits.max_bytes:
        raise RosterError(
            TabularError(
                "too_large", size=round(uploaded_file.size / 2**20, 1), limit=limits.max_bytes // 2**20
            ).message
        )
    with _local_copy(uploaded_file) as path:
        try:
            kind = inspect_upload(path, limits)
        except TabularError as exc:
            raise RosterError(exc.message) from exc
    digest = file_sha256(uploaded_file)
    previous = _live_upload_with(digest)
    if previous is not None:
        raise RosterAlreadyLoaded(_already_loaded_message(previous), previous=previous)
    try:
        with transaction.atomic():
            upload = RosterUpload(
                original_name=os.path.basename(uploaded_file.name or "planilla")[:255],
                size=uploaded_file.size,
                sha256=digest,
                file_kind=str(kind),
                territory=territory,
                consent_location=consent_location[:250],
                uploaded_by=actor,
                auto_validate=auto_validate,
            )
            upload.full_clean(exclude=["file"])
            uploaded_file.seek(0)
            # A random stored name: the original one may carry personal data.
            upload.file.save(f"{uuid.uuid4().hex}.{kind}", File(uploaded_file), save=False)
            upload.save()
            RosterUploadEvent.objects.create(upload=upload, to_status=Status.UPLOADED, actor=actor)
            job = job_create(kind="roster_read", user=actor)
            upload.validation_job = job
            upload.save(update_fields=["validation_job"])
            from militancia.roster.tasks import roster_process_task

            job_enqueue(job=job, task=roster_process_task, args=(upload.pk,))
    except IntegrityError as exc:  # the same file, uploaded twice at the same moment
        previous = _live_upload_with(digest)
        if previous is None:
            raise
        raise RosterAlreadyLoaded(_already_loaded_message(previous), previous=previous) from exc
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=upload,
        source=AuditEvent.Source.ROSTER,
        source_ref=upload.source_ref,
        message=f"Planilla cargada: {upload.original_name} ({upload.size} bytes)",
    )
    return upload


def _live_upload_with(digest: str) -> RosterUpload | None:
    return (
        RosterUpload.objects.filter(sha256=digest)
        .exclude(status__in=RosterUpload.RELEASED_STATUSES)
        .select_related("uploaded_by")
        .first()
    )


def roster_mapping_set(*, upload: RosterUpload, mapping: dict[str, int], actor) -> RosterUpload:
    """The user's column mapping; validation starts in the background."""
    _check_can_use(actor, upload.territory)
    mapping = {field: int(index) for field, index in mapping.items() if index is not None and index != ""}
    unknown = [field for field in mapping if field not in ROSTER_FIELDS]
    out_of_range = [field for field, index in mapping.items() if not 0 <= index < max(len(upload.headers), 1)]
    problems = mapping_problems(mapping, needs_municipality=needs_municipality(upload.territory))
    if unknown or out_of_range:
        problems.append(_("The mapping names a column that is not in the file."))
    if problems:
        raise RosterError(problems)
    job = job_create(kind="roster_validate", user=actor)
    upload = _move(
        upload.pk,
        to=Status.VALIDATING,
        allowed=(Status.MAPPING, Status.VALIDATED),
        actor=actor,
        mapping=mapping,
        validation_job=job,
        counts={},
    )
    from militancia.roster.tasks import roster_process_task

    job_enqueue(job=job, task=roster_process_task, args=(upload.pk,))
    return upload


def roster_confirm(*, upload: RosterUpload, actor) -> RosterUpload:
    """The user saw the preview and confirms: the import runs in the background."""
    _check_can_use(actor, upload.territory)
    with transaction.atomic():
        job = job_create(kind="roster_import", user=actor, total=upload.counts.get("total", 0))
        upload = _move(
            upload.pk, to=Status.IMPORTING, allowed=(Status.VALIDATED,), actor=actor, confirmed_by=actor, import_job=job
        )
        from militancia.roster.tasks import roster_import_task

        job_enqueue(job=job, task=roster_import_task, args=(upload.pk,))
    return upload


# --- background steps ------------------------------------------------------------------------


def needs_municipality(territory: Territory) -> bool:
    """Whether rows must say their municipality: not for a municipality's roster, nor for a
    department with a single municipality (Bogotá, D.C.)."""
    if territory.kind in (Territory.Kind.MUNICIPALITY, Territory.Kind.LOCALITY):
        return False
    return Territory.objects.subtree([territory]).filter(kind=Territory.Kind.MUNICIPALITY)[:2].count() != 1


def _fail(upload_id: int, message: str, job_id: int | None) -> None:
    with contextlib.suppress(RosterError):  # already moved on (e.g. failed by a previous attempt)
        _move(
            upload_id,
            to=Status.FAILED,
            allowed=(Status.UPLOADED, Status.MAPPING, Status.VALIDATING, Status.IMPORTING),
            error=message,
            note=message,
        )
    # Half-validated rows are of no use to anybody.
    RosterRow.objects.filter(upload_id=upload_id).delete()
    if job_id is not None:
        job_fail(job_id, message)


@contextmanager
def stored_file_path(upload: RosterUpload):
    try:
        yield upload.file.path
    except NotImplementedError:  # remote storage: work on a local copy
        with tempfile.NamedTemporaryFile(prefix="roster-", suffix=f".{upload.file_kind}") as tmp:
            with upload.file.open("rb") as source:
                shutil.copyfileobj(source, tmp)
            tmp.flush()
            yield tmp.name


def roster_process(*, upload_id: int, job_id: int) -> dict:
    """The background read (→ mapping) and validation (→ preview) of an upload."""
    job = job_claim(job_id)
    if job is None:
        return {"skipped": True}
    upload = RosterUpload.objects.select_related("territory").filter(pk=upload_id).first()
    if upload is None:
        job_fail(job_id, "La planilla ya no existe.")
        return {"skipped": True}
    try:
        with stored_file_path(upload) as path:
            limits = roster_limits()
            kind = inspect_upload(path, limits)
            with TableStream(path, kind, limits) as stream:
                lines = iter_lines(stream.chunks())
                if upload.status == Status.UPLOADED:
                    upload, lines = _read_header(upload, job_id, lines)
                if upload.status == Status.VALIDATING:
                    upload = _validate(upload, job_id, lines, total=stream.height or _count_lines(path, kind))
    except TabularError as exc:
        _fail(upload_id, exc.message, job_id)
        return {"error": exc.code}
    result = {"status": upload.status, **upload.counts}
    job_succeed(job_id, result=result)
    return result


def _count_lines(path, kind) -> int | None:
    """A CSV's line count for the progress bar (the sheet readers report their height)."""
    if kind != "csv":
        return None
    count = 0
    with open(path, "rb") as handle:
        while block := handle.read(1024 * 1024):
            count += block.count(b"\n")
    return count


def _read_header(upload: RosterUpload, job_id: int, lines) -> tuple[RosterUpload, object]:
    """Find the header under any title rows and map the columns by their names.

    Returns the upload (in MAPPING, or VALIDATING when it validates on its own) and the rest of
    the lines, so an automatic validation continues on the same read of the file.
    """
    job_progress(job_id, done=0, total=1, step=_("Reading the file"))
    top = list(itertools.islice(lines, 30))
    found = find_header_row(top, ROSTER_FIELDS, min_matches=2)
    if found is None:
        raise TabularError("no_header", expected="CÉDULA, NOMBRES, APELLIDOS")
    position, header_line, mapping = found
    data_top = top[position + 1 :]
    if not data_top:
        raise TabularError("headers_only")
    headers = ["" if cell is None else str(cell) for cell in top[position][1]]
    sample = [[_jsonable_cell(cell) for cell in cells] for _line, cells in data_top[:5]]
    complete = not mapping_problems(mapping, needs_municipality=needs_municipality(upload.territory))
    to = Status.VALIDATING if upload.auto_validate and complete else Status.MAPPING
    upload = _move(
        upload.pk,
        to=to,
        allowed=(Status.UPLOADED,),
        header_line=header_line,
        headers=headers,
        sample=sample,
        mapping=mapping,
    )
    return upload, itertools.chain(data_top, lines)


def _jsonable_cell(cell):
    return cell if cell is None or isinstance(cell, (str, int, float, bool)) else str(cell)


def municipality_resolver(territory: Territory) -> MunicipalityResolver:
    if territory.kind in (Territory.Kind.MUNICIPALITY, Territory.Kind.LOCALITY):
        rows = [(territory.pk, territory.code, territory.name, territory.parent.name if territory.parent_id else "")]
        return MunicipalityResolver(rows, default=territory.pk)
    municipalities = list(
        Territory.objects.subtree([territory])
        .filter(kind=Territory.Kind.MUNICIPALITY)
        .values_list("pk", "code", "name", "parent__name")
    )
    return MunicipalityResolver(municipalities, default=municipalities[0][0] if len(municipalities) == 1 else None)


def _member_ids(expected: int):
    """Ids for the members the import may create, drawn from the sequence in blocks.

    Drawn before rows reach the COPY thread (a block covers the expected line count), so the
    connection is never used from two threads at once; an unexpected surplus draws another block.
    Only the bounds travel when the block came out contiguous (the usual case).
    """
    block = max(expected, 1000) + 100
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH drawn AS (SELECT nextval(pg_get_serial_sequence(%s, 'id')) AS id FROM generate_series(1, %s)) "
                "SELECT min(id), max(id), count(*) FROM drawn",
                [sql.MEMBER, block],
            )
            low, high, count = cursor.fetchone()
            if high - low + 1 == count:
                ids = range(low, high + 1)
            else:  # other sessions drew ids meanwhile: this block is not contiguous, draw a list
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [sql.MEMBER, block]
                )
                ids = [row[0] for row in cursor.fetchall()]
        yield from ids
        block = 10000


class _BackgroundCopy:
    """COPY batches from a helper thread: PostgreSQL ingests batch N while Python validates N+1.

    The thread uses the caller's connection, so the rows land in the caller's transaction; it
    releases the GIL while the server works. The caller must not use the connection while a
    batch is in flight (`drain()` first): two threads on one connection can deadlock.
    """

    def __init__(self, cursor):
        self.cursor = cursor
        self.queue: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="roster-copy", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (buffer := self.queue.get()) is not None:
            if self.error is None:
                try:
                    sql.copy_rows(self.cursor, buffer)
                except BaseException as exc:  # re-raised in the caller's thread
                    self.error = exc
            self.queue.task_done()
        self.queue.task_done()

    def put(self, buffer) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put(buffer)

    def drain(self) -> None:
        """Wait until every batch is in: only then may the caller use the connection itself."""
        self.queue.join()
        if self.error is not None:
            raise self.error

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


def _validate(upload: RosterUpload, job_id: int, lines, *, total: int | None) -> RosterUpload:
    header_line = upload.header_line or 0
    total = max((total or 0) - header_line, 0)
    job_progress(job_id, done=0, total=total, step=_("Validating rows"))
    validator = RowValidator(
        upload_id=upload.pk,
        mapping=upload.mapping,
        resolver=municipality_resolver(upload.territory),
        member_ids=_member_ids(total),
    )
    copy_line = validator.copy_line
    batch = getattr(settings, "ROSTER_COPY_BATCH", 10000)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {sql.ROW} WHERE upload_id = %s", [upload.pk])  # a retried run starts clean
        copier = _BackgroundCopy(cursor)
        try:
            parts, done = [], 0
            for line, cells in lines:
                if line <= header_line:
                    continue
                parts.append(copy_line(line, cells)[0])
                if len(parts) >= batch:
                    copier.put(io.StringIO("".join(parts)))
                    done += len(parts)
                    parts = []
                    if done % 20000 == 0:
                        copier.drain()
                        job_progress(job_id, done=done, step=_("Validating rows"))
            if parts:
                copier.put(io.StringIO("".join(parts)))
                done += len(parts)
        finally:
            copier.close()
        if done == 0:
            raise TabularError("headers_only")
        job_progress(job_id, done=done, total=done, step=_("Comparing with the registry"))
        with transaction.atomic():
            sql.mark_duplicates(cursor, upload.pk, _("The same ID number is on row {line}."))
            sql.match_members(cursor, upload.pk, upload.territory.path)
            counts = sql.count_kinds(cursor, upload.pk)
    return _move(upload.pk, to=Status.VALIDATED, allowed=(Status.VALIDATING,), counts=counts)


def roster_import(*, upload_id: int, job_id: int) -> dict:
    """Import the validated rows, one range of lines per transaction; a retried job resumes."""
    job = job_claim(job_id)
    if job is None:
        return {"skipped": True}
    upload = RosterUpload.objects.select_related("territory").filter(pk=upload_id).first()
    if upload is None or upload.status != Status.IMPORTING:
        job_succeed(job_id, result={"skipped": True})
        return {"skipped": True}
    chunk = int(_setting("ROSTER_IMPORT_CHUNK_LINES", 25000))
    pause = float(_setting("ROSTER_IMPORT_CHUNK_PAUSE", 0))  # throttle: leave room for interactive queries
    today = timezone.localdate()
    with connection.cursor() as cursor:
        first, last = sql.line_bounds(cursor, upload.pk)
        total = upload.counts.get("total", 0)
        # A retried job resumes: the ranges already done have their outcomes and are skipped.
        cursor.execute(f"SELECT count(*) FROM {sql.ROW} WHERE upload_id = %s AND outcome <> ''", [upload.pk])
        done = cursor.fetchone()[0]
        job_progress(job_id, done=done, total=total, step=_("Importing"))
        ranges = [(start, min(start + chunk - 1, last)) for start in range(first, last + 1, chunk)]
        workers = int(_setting("ROSTER_IMPORT_WORKERS", 2))
        if workers > 1 and len(ranges) > 1 and not connection.in_atomic_block:
            # Two ranges at once, each on its own connection: PostgreSQL spends the import in
            # index maintenance, and one backend uses one core. (Inside an outer transaction,
            # e.g. a test, other connections could not see its rows: then one at a time.)
            for rows in _import_in_parallel(upload, ranges, today, workers, pause):
                done += rows
                job_progress(job_id, done=done, step=_("Importing"))
        else:
            for lines in ranges:
                with transaction.atomic():
                    done += _import_range(cursor, upload, lines, today)
                    job_progress(job_id, done=done, step=_("Importing"))
                if pause:
                    time.sleep(pause)
        outcomes = sql.count_outcomes(cursor, upload.pk)
    summary = {
        "created": outcomes["created"],
        "updated": outcomes["updated"],
        "unchanged": outcomes["unchanged"],
        "skipped": outcomes["skipped"],
        "conflicts": outcomes["conflict"],
    }
    upload = _move(
        upload.pk, to=Status.IMPORTED, allowed=(Status.IMPORTING,), summary=summary, imported_at=timezone.now()
    )
    audit_record(
        actor=upload.confirmed_by,
        action=AuditEvent.Action.IMPORT,
        obj=upload,
        changes=summary,
        source=AuditEvent.Source.ROSTER,
        source_ref=upload.source_ref,
        message=f"Importación de planilla #{upload.pk}",
    )
    job_succeed(job_id, result=summary)
    return summary


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


def roster_rollback(*, upload: RosterUpload, actor) -> RosterUpload:
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
        upload = _move(
            upload.pk,
            to=Status.ROLLED_BACK,
            allowed=(Status.IMPORTED,),
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
            message=f"Reversión de la planilla #{upload.pk}",
        )
    return upload


def roster_conflict_resolve(*, conflict: RosterConflict, decision: str, actor, note: str = "") -> RosterConflict:
    """Keep the member in their territory, or move them to the roster's (filling blanks only)."""
    if actor is None or not actor.has_role(Role.NATIONAL_ADMIN):
        raise PermissionDenied(_("Only a national administrator resolves roster conflicts."))
    if decision not in (RosterConflict.Status.KEPT, RosterConflict.Status.MOVED):
        raise RosterError(_("Choose to keep the member where they are or to move them."))
    with transaction.atomic():
        conflict = RosterConflict.objects.select_for_update().select_related("member").get(pk=conflict.pk)
        if conflict.status != RosterConflict.Status.PENDING:
            raise RosterError(_("This conflict was already resolved."))
        changes = {}
        if decision == RosterConflict.Status.MOVED:
            member = Member.objects.select_for_update().get(pk=conflict.member_id)
            changes["territory"] = [member.territory_id, conflict.proposed_territory_id]
            member.territory_id = conflict.proposed_territory_id
            for field in sql.FILLABLE:
                value = conflict.data.get(field)
                if value and not getattr(member, field):
                    changes[field] = [getattr(member, field), value]
                    setattr(member, field, value)
            member.updated_by = actor
            member.full_clean(exclude=["photo", "signature", "fingerprint", "consent_file"])
            member.save()
            audit_record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                obj=member,
                changes=changes,
                source=AuditEvent.Source.ROSTER,
                source_ref=conflict.upload_id,
                message=f"Conflicto de planilla resuelto: trasladado (fila {conflict.line})",
            )
        conflict.status = decision
        conflict.resolved_by = actor
        conflict.resolved_at = timezone.now()
        conflict.note = note[:500]
        conflict.save(update_fields=["status", "resolved_by", "resolved_at", "note"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.APPROVE,
            obj=conflict,
            changes={"status": [RosterConflict.Status.PENDING, decision], **changes},
            source=AuditEvent.Source.ROSTER,
            source_ref=conflict.upload_id,
        )
    return conflict
