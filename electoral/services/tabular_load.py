"""Loading an uploaded table into a PostgreSQL staging table, through core.tabular.

core.tabular checks the upload (size, type by content, zip bombs, macros), finds the header
and maps columns by synonyms; spreadsheets are parsed in its memory-limited child process and
their rows streamed here. A well-formed CSV (the usual shape of official results files, millions
of rows) takes a faster road: PostgreSQL's own CSV parser reads it with COPY, after core.tabular
has checked the file and found its header. If that COPY fails (ragged rows, blank lines), the
file goes through the child process like any spreadsheet. Either way the data end up in a TEMP
view `stage` (line, one text column per field), so validation and writing are set-based SQL.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import psycopg2
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _

from core.jobs import job_create, job_enqueue, job_progress
from core.tabular import (
    FileKind,
    Limits,
    TabularError,
    detect_delimiter,
    detect_encoding,
    extract,
    find_header_row,
    inspect_upload,
)
from core.tabular.reader import head, iter_spool
from electoral.services.import_columns import KEY_PART_NAMES, key_sql, mapping_problems, missing_columns_message

if TYPE_CHECKING:
    from celery import Task

    from core.models import User
    from electoral.models.geography import StagedImport

COPY_BATCH = 100_000
HEAD_LINES = 30


@dataclass
class StagedTable:
    header: list
    header_line: int
    mapping: dict[str, int]
    rows: int
    raw_table: str
    width: int
    spool_path: str = ""


class ImportRefused(Exception):
    """The whole file is refused (unreadable, no header, missing columns): one message for the user."""


@dataclass(frozen=True)
class ImportSpec:
    """What one kind of staged import reads (the geography, the results)."""

    fields: Mapping[str, Sequence[str]]  # field → header synonyms
    required: Sequence[Sequence[str]]
    labels: Mapping[str, str]
    key_field: str
    limits: Limits
    stage: str  # name of the TEMP staging table
    # For files with one column per option: {"code": field, "name": field, "value": field}.
    wide_fields: Mapping[str, str] | None = None


def staged_import_run(
    *, item: StagedImport, spec: ImportSpec, job_id: int | None, load: Callable[[StagedTable, dict], dict]
) -> dict:
    """The frame every staged import shares, around `load(staged, columns)`.

    Reads the columns (stopping to ask the user when the upload wants it), stages the file in one
    transaction, records which column of the file fed each field, then lets `load` validate and
    write in that same transaction and return the outcome. A refused file marks the import
    FAILED with its message.
    """

    def progress(done: int) -> None:
        if job_id:
            job_progress(job_id, done=done, step=_("Reading rows: %(n)s") % {"n": f"{done:,}"})

    try:
        if not item.headers and not read_columns(
            item=item,
            fields=spec.fields,
            limits=spec.limits,
            required=spec.required,
            labels=spec.labels,
            key_field=spec.key_field,
        ):
            return {"ok": False, "mapping": True}
        columns = {name: index for name, index in item.columns.items() if name != "party_columns"}
        party_columns = item.columns.get("party_columns") or []
        wide = {"columns": party_columns, **spec.wide_fields} if spec.wide_fields and party_columns else None
        with transaction.atomic():
            staged = stage_upload(
                path=item.file.path,
                fields=spec.fields,
                stage=spec.stage,
                limits=spec.limits,
                columns=columns,
                header_line=item.header_line,
                key_field=spec.key_field,
                progress=progress,
                wide=wide,
            )
            # Which column of the file fed each field, shown on the import page.
            item.mapping = {
                str(spec.labels.get(name, name)): str(staged.header[index]) if index < len(staged.header) else ""
                for name, index in columns.items()
            }
            if wide:
                item.mapping[str(spec.labels["party_columns"])] = ", ".join(
                    str(staged.header[index]) for index in party_columns
                )
            if job_id:
                job_progress(job_id, done=staged.rows, total=staged.rows, step=_("Validating"))
            return load(staged, columns)
    except ImportRefused as exc:
        item.status = item.Status.FAILED
        item.error_message = str(exc)
        item.save(update_fields=["status", "error_message"])
        return {"ok": False, "error": str(exc)}


def stage_upload(
    *,
    path: str,
    fields: Mapping[str, Sequence[str]],
    stage: str,
    limits: Limits,
    columns: Mapping[str, int],
    header_line: int,
    key_field: str,
    progress: Callable[[int], None] | None = None,
    wide: Mapping | None = None,
) -> StagedTable:
    """Load `path` into TEMP table `<stage>_raw` and expose its fields as TEMP view `stage`.

    `columns` (field → column index) and `header_line` come from `read_head` and the user's
    mapping step. `key_field` is the unit key: its own column, or composed from key parts
    (department, municipality, zone, place, table…) when the file splits it. A field without a
    column is NULL in the view, so callers can leave what is stored as it is.
    `wide` unpivots a file with one column per option (INE results: one row per casilla, one
    column per party): {"columns": [indexes], "name": field, "code": field, "value": field} gives
    one view row per (file row, column), the column's header as name and code, its cell as value.
    Must run inside a transaction (the temp objects are dropped on commit).
    """
    try:
        kind = inspect_upload(path, limits)
    except TabularError as exc:
        raise ImportRefused(exc.message) from exc
    staged = None
    if kind == FileKind.CSV:
        try:
            with transaction.atomic():
                staged = _stage_csv_with_copy(path, stage, columns, header_line)
        except (DatabaseError, psycopg2.Error):
            staged = None  # ragged rows or blank lines: PostgreSQL's strict CSV parser said no
    if staged is None:
        staged = _stage_through_child(path, kind, stage, limits, progress, columns, header_line)
    view_columns = []
    params: list = []
    source = staged.raw_table
    if wide:
        pairs = ", ".join(f"(%s, c{int(index)})" for index in wide["columns"])
        params = [str(staged.header[int(index)]).strip() for index in wide["columns"]]
        source = f"{staged.raw_table} CROSS JOIN LATERAL (VALUES {pairs}) AS wide(header, cell)"
    for name in fields:
        if name in KEY_PART_NAMES:
            continue
        index = columns.get(name)
        if wide and name in (wide["name"], wide["code"]):
            view_columns.append(f"wide.header AS {name}")
        elif wide and name == wide["value"]:
            view_columns.append(f"nullif(trim(wide.cell), '') AS {name}")
        elif name == key_field and index is None:
            expression = key_sql(columns=columns)
            view_columns.append(f"{expression} AS {name}" if expression else f"NULL::text AS {name}")
        elif index is not None:
            view_columns.append(f"nullif(trim(c{index}), '') AS {name}")
        else:
            view_columns.append(f"NULL::text AS {name}")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP VIEW IF EXISTS {stage}")
        cursor.execute(f"CREATE TEMP VIEW {stage} AS SELECT line, {', '.join(view_columns)} FROM {source}", params)
        cursor.execute(f"ANALYZE {staged.raw_table}")
    return staged


@dataclass
class Head:
    """The top of a file: the header row found, its line, the columns recognised, a few rows."""

    header: list
    header_line: int
    mapping: dict[str, int]
    sample: list


def read_head(*, path: str, fields: Mapping[str, Sequence[str]], limits: Limits, sample_rows: int = 5) -> Head:
    """Find the header under any title rows and recognise its columns by their names."""
    try:
        kind = inspect_upload(path, limits)
    except TabularError as exc:
        raise ImportRefused(exc.message) from exc
    if kind == FileKind.CSV:
        top = _csv_top(path)
    else:
        spool = tempfile.NamedTemporaryFile(prefix="electoral-", suffix=".spool", delete=False)  # noqa: SIM115
        spool.close()
        try:
            try:
                extract(path, kind, spool.name, limits)
            except TabularError as exc:
                raise ImportRefused(exc.message) from exc
            top = head(spool.name, HEAD_LINES)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(spool.name)
    if not top:
        raise ImportRefused(TabularError("empty_sheet").message)
    # No column recognised: the first row is the header, and the user maps it on the next page.
    position, header_line, mapping = find_header_row(top, fields, min_matches=1) or (0, top[0][0], {})
    rows = top[position + 1 : position + 1 + sample_rows]
    if not rows:
        raise ImportRefused(TabularError("headers_only").message)
    header = ["" if cell is None else _cell_text(cell) for cell in top[position][1]]
    width = max(len(header), *(len(cells) for _line, cells in rows))
    header += [""] * (width - len(header))
    sample = [[_cell_text(cell) for cell in cells] for _line, cells in rows]
    return Head(header=header, header_line=header_line, mapping=mapping, sample=sample)


def _csv_top(path) -> list[tuple[int, list]]:
    encoding = detect_encoding(path)
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        lines = [handle.readline() for _ in range(HEAD_LINES)]
    delimiter = detect_delimiter(lines)
    top = [(number, [c.strip() for c in row]) for number, row in enumerate(csv.reader(lines, delimiter=delimiter), 1)]
    return [(number, row) for number, row in top if any(row)]


def _header(rows, header_line: int) -> list:
    for line, cells in rows:
        if line == header_line:
            return list(cells)
    raise ImportRefused(_("The header row of the file was not found again; upload the file again."))


def _create_raw(cursor, raw: str, width: int) -> None:
    # ON COMMIT DROP cleans up in production; inside an outer transaction (tests) drop it here.
    cursor.execute(f"DROP VIEW IF EXISTS {raw[:-4]}")
    cursor.execute(f"DROP TABLE IF EXISTS {raw}")
    cursor.execute(
        f"CREATE TEMP TABLE {raw} (line integer, " + ", ".join(f"c{i} text" for i in range(width)) + ") ON COMMIT DROP"
    )


def _stage_csv_with_copy(path, stage, columns, header_line) -> StagedTable:
    encoding = detect_encoding(path)
    with open(path, encoding=encoding, errors="replace", newline="") as handle:
        lines = [handle.readline() for _ in range(HEAD_LINES)]
    delimiter = detect_delimiter(lines)
    top = _csv_top(path)
    header = _header(top, header_line)
    width = max(len(row) for _n, row in top)
    raw = f"{stage}_raw"
    with connection.cursor() as cursor:
        _create_raw(cursor, raw, width)
        # Line numbers follow the file: a sequence numbers the rows in the order COPY reads them.
        cursor.execute(f"CREATE TEMP SEQUENCE IF NOT EXISTS {raw}_seq")
        cursor.execute(f"SELECT setval('{raw}_seq', %s, false)", [header_line + 1])
        cursor.execute(f"ALTER TABLE {raw} ALTER COLUMN line SET DEFAULT nextval('{raw}_seq')")
        with open(path, "rb") as handle:
            for _ in range(header_line):
                handle.readline()
            cursor.copy_expert(
                f"COPY {raw} ({', '.join(f'c{i}' for i in range(width))}) FROM STDIN "
                f"WITH (FORMAT csv, DELIMITER E'{_escape(delimiter)}', "
                f"ENCODING '{'UTF8' if encoding.startswith('utf') else 'WIN1252'}')",
                handle,
            )
        cursor.execute(f"SELECT count(*) FROM {raw}")
        count = cursor.fetchone()[0]
    if not count:
        raise ImportRefused(TabularError("headers_only").message)
    return StagedTable(
        header=header, header_line=header_line, mapping=dict(columns), rows=count, raw_table=raw, width=width
    )


def _escape(delimiter: str) -> str:
    return "\\t" if delimiter == "\t" else delimiter.replace("'", "''")


def _stage_through_child(path, kind, stage, limits, progress, columns, header_line) -> StagedTable:
    spool = tempfile.NamedTemporaryFile(prefix="electoral-", suffix=".spool", delete=False)  # noqa: SIM115
    spool.close()
    try:
        try:
            result = extract(path, kind, spool.name, limits)
        except TabularError as exc:
            raise ImportRefused(exc.message) from exc
        top = head(spool.name, HEAD_LINES)
        header = _header(top, header_line)
        width = max(result.columns, len(header))
        raw = f"{stage}_raw"
        with connection.cursor() as cursor:
            _create_raw(cursor, raw, width)
            count = _copy_rows(cursor, raw, width, spool.name, header_line, progress)
        if not count:
            raise ImportRefused(TabularError("headers_only").message)
        return StagedTable(
            header=list(header), header_line=header_line, mapping=dict(columns), rows=count, raw_table=raw, width=width
        )
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(spool.name)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _copy_rows(cursor, raw, width, spool_path, header_line, progress) -> int:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    count = pending = 0
    copy_sql = f"COPY {raw} (line, {', '.join(f'c{i}' for i in range(width))}) FROM STDIN WITH (FORMAT csv)"
    for first_line, rows in iter_spool(spool_path):
        for offset, row in enumerate(rows):
            line = first_line + offset
            if line <= header_line or not row:
                continue
            cells = [_cell_text(value) for value in row[:width]]
            writer.writerow([line, *cells, *([""] * (width - len(cells)))])
            pending += 1
        if pending >= COPY_BATCH:
            buffer.seek(0)
            cursor.copy_expert(copy_sql, buffer)
            count += pending
            buffer.seek(0)
            buffer.truncate()
            pending = 0
            if progress:
                progress(count)
    if pending:
        buffer.seek(0)
        cursor.copy_expert(copy_sql, buffer)
        count += pending
    return count


def read_columns(
    *,
    item: StagedImport,
    fields: Mapping[str, Sequence[str]],
    limits: Limits,
    required: Sequence[Sequence[str]],
    labels: Mapping[str, str],
    key_field: str,
) -> bool:
    """The first step of an import: find the header, recognise the columns, keep a few rows.

    Returns True when the import may go on with the recognised columns; False when it stops to
    ask the user (web uploads always stop there, like rosters). A file read without the mapping
    step (API, tests) that lacks a required column is refused, naming the columns.
    """
    found = read_head(path=item.file.path, fields=fields, limits=limits)
    if key_field in found.mapping:  # a key column makes its parts (a "Zona" column…) meaningless
        found.mapping = {name: index for name, index in found.mapping.items() if name not in KEY_PART_NAMES}
    item.headers, item.header_line, item.sample = found.header, found.header_line, found.sample
    item.columns = found.mapping
    if item.ask_columns:
        item.status = item.Status.MAPPING
        item.save(update_fields=["headers", "header_line", "sample", "columns", "status"])
        return False
    item.save(update_fields=["headers", "header_line", "sample", "columns"])
    if mapping_problems(mapping=found.mapping, key_field=key_field, required=required, labels=labels):
        raise ImportRefused(
            missing_columns_message(mapping=found.mapping, key_field=key_field, required=required, labels=labels)
        )
    return True


def columns_confirm(
    *,
    item: StagedImport,
    mapping: Mapping[str, int | list[int]],
    actor: User,
    spec: ImportSpec,
    task: Task,
    job_kind: str,
) -> StagedImport:
    """The user's column mapping (field → column index) for an import waiting for it; the import
    then runs in the background. Only its uploader (or a national user) may answer."""
    fields, required, labels, key_field = spec.fields, spec.required, spec.labels, spec.key_field
    extra_fields = ("party_columns",) if spec.wide_fields else ()
    if item.created_by_id != actor.pk and not actor.is_national:
        raise PermissionDenied
    mapping = {
        name: [int(i) for i in value] if isinstance(value, list) else int(value) for name, value in mapping.items()
    }
    problems = mapping_problems(mapping=mapping, key_field=key_field, required=required, labels=labels)
    if key_field in mapping and any(name in KEY_PART_NAMES for name in mapping):
        problems.append(_("Choose either the key column or the columns it is split into, not both."))
    indexes = [i for value in mapping.values() for i in (value if isinstance(value, list) else [value])]
    if any(name not in fields and name not in extra_fields for name in mapping) or any(
        not 0 <= index < len(item.headers) for index in indexes
    ):
        problems.append(_("The mapping names a column that is not in the file."))
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        locked = type(item).objects.select_for_update().get(pk=item.pk)
        if locked.status != item.Status.MAPPING:
            raise ValidationError(_("This import is no longer waiting for its columns."))
        job = job_create(kind=job_kind, user=actor)
        locked.columns, locked.ask_columns = mapping, False
        locked.status, locked.job = item.Status.QUEUED, job
        locked.save(update_fields=["columns", "ask_columns", "status", "job"])
        job_enqueue(job=job, task=task, args=(locked.pk,))
    return locked


def original_rows(*, staged: StagedTable, lines: set[int]) -> dict[int, list]:
    """The original cells of some lines (for the error report), read back from the raw table."""
    lines = {line for line in lines if line}
    if not lines:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT line, {', '.join(f'c{i}' for i in range(staged.width))} FROM {staged.raw_table} "
            "WHERE line = ANY(%s)",
            [sorted(lines)],
        )
        return {row[0]: list(row[1:]) for row in cursor.fetchall()}
