"""Reading uploaded spreadsheets safely: CSV with the csv module, Excel/ODS with python-calamine
in a child process under a memory limit (calamine aborts the whole process on a zip bomb)."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile

from django.utils.translation import gettext as _

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100
MAX_ENTRIES = 2000
CHILD_MEMORY_BYTES = 1024 * 1024 * 1024
CHILD_TIMEOUT_SECONDS = 60


class SpreadsheetError(ValueError):
    """The file cannot be read as a table; the message is for the user."""


def read_table(data: bytes, filename: str = "") -> list[list]:
    """The rows of the first sheet (or of the CSV), header included, as lists of cells."""
    if len(data) > MAX_FILE_BYTES:
        raise SpreadsheetError(_("The file is too big (limit %(limit)s MB).") % {"limit": MAX_FILE_BYTES // 1048576})
    if not data:
        raise SpreadsheetError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        _check_zip(data)
        return _read_in_child(data, ".xlsx" if not filename.lower().endswith(".ods") else ".ods")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return _read_in_child(data, ".xls")
    return _read_csv(data)


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise SpreadsheetError(_("The Excel file is damaged.")) from exc
    entries = archive.infolist()
    total = sum(entry.file_size for entry in entries)
    compressed = sum(entry.compress_size for entry in entries) or 1
    if len(entries) > MAX_ENTRIES or total > MAX_UNCOMPRESSED_BYTES or total / compressed > MAX_RATIO:
        raise SpreadsheetError(_("The Excel file is suspicious (it expands too much) and was not read."))
    if any(entry.filename.lower().endswith("vbaproject.bin") for entry in entries):
        raise SpreadsheetError(_("Files with macros are not accepted."))


def _read_csv(data: bytes) -> list[list]:
    if b"\x00" in data:
        raise SpreadsheetError(_("The file is not a CSV or Excel spreadsheet."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _limit_memory():  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY_BYTES, CHILD_MEMORY_BYTES))


def _read_in_child(data: bytes, suffix: str) -> list[list]:
    with tempfile.NamedTemporaryFile(suffix=suffix, delete=False) as handle:
        handle.write(data)
        path = handle.name
    try:
        result = subprocess.run(
            [sys.executable, "-m", "comunicaciones.spreadsheet", path],
            capture_output=True,
            timeout=CHILD_TIMEOUT_SECONDS,
            preexec_fn=_limit_memory,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise SpreadsheetError(_("The spreadsheet took too long to read.")) from exc
    finally:
        os.unlink(path)
    if result.returncode != 0:
        raise SpreadsheetError(_("The spreadsheet could not be read: is it a valid Excel file?"))
    return json.loads(result.stdout)


def _child_main(path: str) -> None:  # pragma: no cover - runs in the child
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(path)
    sheet = workbook.get_sheet_by_index(0)
    rows = sheet.to_python(skip_empty_area=False)
    json.dump(rows, sys.stdout, default=lambda v: v.isoformat() if hasattr(v, "isoformat") else str(v))


if __name__ == "__main__":  # pragma: no cover
    _child_main(sys.argv[1])
