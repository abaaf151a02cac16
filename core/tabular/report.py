"""Formula-safe .xlsx reports of rejected rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

# Cells starting with these are read as formulas (or DDE) by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value that no spreadsheet will run as a formula: text starting with = + - @ tab or CR
    gets a leading single quote. Numbers and None stay as they are (a negative number is not a
    formula). Every export (CSV and .xlsx) passes its cells through here.

    django-import-export's own escaping strips one leading "=" only (so "==1+1" stays live) and
    leaves + - @ alone in CSV; a quote before every dangerous start is what makes a cell inert.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def workbook_bytes(title: str, header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """A one-sheet .xlsx of a list export, every cell through `safe_cell`."""
    import io

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([safe_cell(h) for h in header])
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_error_report(
    destination,
    *,
    header: Sequence,
    rows: Iterable[tuple[int, Sequence, str]],
    line_title: str = "Fila",
    reason_title: str = "Motivo",
    sheet_title: str = "Errores",
) -> int:
    """Write (line, original cells, reason) rows to an .xlsx (a path or a binary file object).

    openpyxl's write-only mode streams rows to disk; every text cell passes `safe_cell`, so
    a row whose name was "=HYPERLINK(...)" comes back as inert text. Returns the rows written.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    bold = Font(bold=True)
    titles = [line_title, *[str(h) if h is not None else "" for h in header], reason_title]
    header_cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=safe_cell(title))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    width = len(header)
    count = 0
    for line, cells, reason in rows:
        padded = list(cells[:width]) + [None] * (width - len(cells))
        sheet.append([line, *(safe_cell(value) for value in padded), safe_cell(reason)])
        count += 1
    workbook.save(destination)
    return count
