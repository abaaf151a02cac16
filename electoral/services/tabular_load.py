"""Loading an uploaded table into a PostgreSQL staging table, through core.tabular.

core.tabular checks the upload (size, type by content, zip bombs, macros), parses it in a
memory-limited child process, finds the header and maps columns by synonyms. Here the rows
then go to a TEMP table with COPY, so validation and the final write are set-based SQL.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.db import connection
from django.utils.translation import gettext as _

from core.tabular import Limits, TabularError, extract, find_header_row, inspect_upload
from core.tabular.reader import head, iter_spool

COPY_BATCH = 100_000


@dataclass
class StagedTable:
    header: list
    header_line: int
    mapping: dict[str, int]
    rows: int
    spool_path: str


class ImportRefused(Exception):
    """The whole file is refused (unreadable, no header, missing columns): one message for the user."""


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def stage_upload(
    *,
    path: str,
    fields: Mapping[str, Sequence[str]],
    required: Sequence[str],
    stage: str,
    limits: Limits,
    progress: Callable[[int], None] | None = None,
    labels: Mapping[str, str] | None = None,
) -> StagedTable:
    """Parse `path` and COPY its data rows into TEMP table `stage` (line int, one text column per field).

    Must run inside a transaction (the stage is ON COMMIT DROP).
    """
    try:
        kind = inspect_upload(path, limits)
        spool = tempfile.NamedTemporaryFile(prefix="electoral-", suffix=".spool", delete=False)  # noqa: SIM115
        spool.close()
        extract(path, kind, spool.name, limits)
    except TabularError as exc:
        raise ImportRefused(exc.message) from exc
    try:
        top = head(spool.name, 30)
        found = find_header_row(top, fields, min_matches=min(2, len(required)))
        if found is None:
            raise ImportRefused(TabularError("no_header", expected=", ".join(fields)).message)
        position, header_line, mapping = found
        header = top[position][1]
        missing = [name for name in required if name not in mapping]
        if missing:
            names = ", ".join((labels or {}).get(name, name) for name in missing)
            raise ImportRefused(_("Columns missing in the file: %(names)s.") % {"names": names})
        columns = list(fields)
        with connection.cursor() as cursor:
            # ON COMMIT DROP cleans up in production; inside an outer transaction (tests) drop it here.
            cursor.execute(f"DROP TABLE IF EXISTS {stage}")
            cursor.execute(
                f"CREATE TEMP TABLE {stage} (line integer, "
                + ", ".join(f"{name} text" for name in columns)
                + ") ON COMMIT DROP"
            )
            count = _copy_rows(cursor, stage, columns, mapping, spool.name, header_line, progress)
            cursor.execute(f"ANALYZE {stage}")
        return StagedTable(
            header=list(header), header_line=header_line, mapping=mapping, rows=count, spool_path=spool.name
        )
    except BaseException:
        os.unlink(spool.name)
        raise


def _copy_rows(cursor, stage, columns, mapping, spool_path, header_line, progress) -> int:
    indexes = [mapping.get(name) for name in columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    count = pending = 0
    copy_sql = f"COPY {stage} (line, {', '.join(columns)}) FROM STDIN WITH (FORMAT csv)"
    for first_line, rows in iter_spool(spool_path):
        for offset, row in enumerate(rows):
            line = first_line + offset
            if line <= header_line or not row:
                continue
            width = len(row)
            writer.writerow([line, *(_cell_text(row[i]) if i is not None and i < width else "" for i in indexes)])
            pending += 1
        if pending >= COPY_BATCH:
            count += _flush(cursor, copy_sql, buffer, pending)
            buffer.seek(0)
            buffer.truncate()
            pending = 0
            if progress:
                progress(count)
    if pending:
        count += _flush(cursor, copy_sql, buffer, pending)
    return count


def _flush(cursor, copy_sql, buffer, pending) -> int:
    buffer.seek(0)
    cursor.copy_expert(copy_sql, buffer)
    return pending


def original_rows(staged: StagedTable, lines: set[int]) -> dict[int, list]:
    """The original cells of some lines (for the error report), read back from the spool."""
    found: dict[int, list] = {}
    if not lines:
        return found
    last = max(lines)
    for first_line, rows in iter_spool(staged.spool_path):
        if first_line > last:
            break
        for offset, row in enumerate(rows):
            if first_line + offset in lines:
                found[first_line + offset] = row
    return found


def discard(staged: StagedTable | None) -> None:
    if staged is not None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(staged.spool_path)
