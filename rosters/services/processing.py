"""Reading and validating an upload in the background: COPY into staging rows, then classify with SQL."""

from __future__ import annotations

import io
import itertools
import queue
import threading

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from core.jobs import JobFailed, JobProgress
from core.models import Territory
from core.tabular import TableStream, TabularError, find_header_row, inspect_upload, iter_lines
from rosters import sql
from rosters.fields import ROSTER_FIELDS, MunicipalityResolver, RowValidator, mapping_problems
from rosters.models import RosterUpload
from rosters.services.uploads import needs_municipality, roster_limits, stored_file_path, upload_fail, upload_move

Status = RosterUpload.Status


def roster_process(*, upload: RosterUpload, progress: JobProgress) -> dict:
    """The background read (→ mapping) and validation (→ preview) of an upload."""
    try:
        with stored_file_path(upload=upload) as path:
            limits = roster_limits()
            kind = inspect_upload(path, limits)
            with TableStream(path, kind, limits) as stream:
                lines = iter_lines(stream.chunks())
                if upload.status == Status.UPLOADED:
                    upload, lines = _read_header(upload, progress, lines)
                if upload.status == Status.VALIDATING:
                    upload = _validate(upload, progress, lines, total=stream.height or _count_lines(path, kind))
    except TabularError as exc:
        upload_fail(upload_id=upload.pk, message=exc.message, job_id=None)
        raise JobFailed(exc.message) from exc
    return {"status": upload.status, **upload.counts}


def _count_lines(path, kind) -> int | None:
    """A CSV's line count for the progress bar (the sheet readers report their height)."""
    if kind != "csv":
        return None
    count = 0
    with open(path, "rb") as handle:
        while block := handle.read(1024 * 1024):
            count += block.count(b"\n")
    return count


def _read_header(upload: RosterUpload, progress: JobProgress, lines) -> tuple[RosterUpload, object]:
    """Find the header under any title rows and map the columns by their names.

    Returns the upload (in MAPPING, or VALIDATING when it validates on its own) and the rest of
    the lines, so an automatic validation continues on the same read of the file.
    """
    progress(0, total=1, step=_("Reading the file"))
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
    complete = not mapping_problems(mapping, needs_municipality=needs_municipality(territory=upload.territory))
    upload = upload_move(
        upload_id=upload.pk,
        name="validate" if upload.auto_validate and complete else "ask_mapping",
        header_line=header_line,
        headers=headers,
        sample=sample,
        mapping=mapping,
    )
    return upload, itertools.chain(data_top, lines)


def _jsonable_cell(cell):
    # A document number typed as a number comes from the sheet as 1800000000.0: the mapping page
    # shows it as the person typed it, not as "1800000000,0".
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return cell if cell is None or isinstance(cell, (str, int, float, bool)) else str(cell)


def municipality_resolver(*, territory: Territory) -> MunicipalityResolver:
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
    """Ids for the members the import may create, reserved from the sequence in blocks.

    Reserved before rows reach the COPY thread (a block covers the expected line count), so the
    connection is never used from two threads at once; an unexpected surplus reserves another.
    """
    block = max(expected, 1000) + 100
    while True:
        yield from sql.reserve_member_ids(block)
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


def _validate(upload: RosterUpload, progress: JobProgress, lines, *, total: int | None) -> RosterUpload:
    header_line = upload.header_line or 0
    total = max((total or 0) - header_line, 0)
    progress(0, total=total, step=_("Validating rows"))
    validator = RowValidator(
        upload_id=upload.pk,
        mapping=upload.mapping,
        resolver=municipality_resolver(territory=upload.territory),
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
                        progress(done, step=_("Validating rows"))
            if parts:
                copier.put(io.StringIO("".join(parts)))
                done += len(parts)
        finally:
            copier.close()
        if done == 0:
            raise TabularError("headers_only")
        progress(done, total=done, step=_("Comparing with the registry"))
        with transaction.atomic():
            sql.mark_duplicates(cursor, upload.pk, _("The same ID number is on row {line}."))
            sql.match_members(cursor, upload.pk, upload.territory.path)
            counts = sql.count_kinds(cursor, upload.pk)
    return upload_move(upload_id=upload.pk, name="validated", counts=counts)
