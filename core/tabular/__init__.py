"""A domain-free layer for importing spreadsheets and CSV files that strangers upload.

The steps, each a plain function testable without the database:

1. `safety.inspect_upload(path)` — size cap, type by content (xlsx/ods are zips, xls is OLE2,
   CSV is text), zip-bomb checks, macros, password-protected files. Returns a `FileKind`.
2. `reader.extract(path, kind, spool_path)` — parses the file in a CHILD PROCESS with a memory
   limit (python-calamine aborts the whole process on some malformed archives) and streams
   the rows to a spool file in chunks; `reader.iter_spool(spool_path)` reads them back chunk
   by chunk, so neither process ever holds the whole sheet as Python objects.
3. `headers.find_header_row(rows, fields)` and `headers.map_columns(header, fields)` — find
   the header under title rows and map columns by their (accent-free, case-free) synonyms.
   Columns are always mapped by name, never by position (calamine trims empty edges).
4. `report.write_error_report(...)` — a formula-safe .xlsx of the original rows plus a reason.
5. `reader.read_table(data, limits)` — steps 1 and 2 at once for a small upload held in memory
   (the channel statistics of comunicaciones): every row as a list.
6. `detect_encoding(sample)` / `detect_delimiter(text)` — for callers that load a well-formed CSV
   straight into PostgreSQL with COPY (the electoral results import).

Every problem with the file is a `TabularError` carrying a code and a user message.
The electoral app reuses this for its geography and results imports.
"""

from core.tabular._child import detect_delimiter, detect_encoding
from core.tabular.errors import TabularError
from core.tabular.headers import find_header_row, map_columns, normalize_header
from core.tabular.limits import Limits
from core.tabular.reader import ExtractResult, TableStream, extract, iter_lines, iter_spool, read_table
from core.tabular.report import safe_cell, workbook_bytes, write_error_report
from core.tabular.safety import FileKind, inspect_upload

__all__ = [
    "ExtractResult",
    "TableStream",
    "FileKind",
    "Limits",
    "TabularError",
    "detect_delimiter",
    "detect_encoding",
    "extract",
    "find_header_row",
    "inspect_upload",
    "iter_lines",
    "iter_spool",
    "map_columns",
    "normalize_header",
    "read_table",
    "safe_cell",
    "workbook_bytes",
    "write_error_report",
]
