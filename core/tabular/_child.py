"""The parsing child process. Runs as a plain script (no Django), under an address-space limit.

Usage: python -I _child.py KIND PATH MAX_ROWS MAX_COLUMNS MEMORY_BYTES

Streams length-prefixed (4-byte big-endian) marshal frames on stdout (a pipe the parent reads as they come):
  ("meta", {"height": rows or None})                 once, when the sheet is open
  ("rows", first_line, [row, ...])                   chunks of rows; a row is a list of
                                                     str/int/float/bool/None (dates as ISO text)
  ("end", {"ok": True, "rows": n, "columns": w, ...}) or ("end", {"ok": False, "code": ..., "params": ...})
`first_line` is the 1-based line number of the chunk's first row in the sheet (empty rows are
sent as [] so numbering stays true). Exit status 0 either way; a crash (the Rust reader aborting
on memory exhaustion) shows as a missing "end" record and a non-zero status.
"""

import codecs
import csv
import datetime
import marshal
import os
import re
import resource
import struct
import sys

CHUNK_ROWS = 5000
HEADER_ALLOWANCE = 50  # title and header rows on top of the data-row cap


def send(handle, record):
    """One length-prefixed marshal frame (the parent reads it with one read + marshal.loads)."""
    data = marshal.dumps(record)
    handle.write(struct.pack(">I", len(data)))
    handle.write(data)


class Refused(Exception):
    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def _cell(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def _trim(row):
    end = len(row)
    while end and (row[end - 1] is None or row[end - 1] == ""):
        end -= 1
    return row[:end]


class Spool:
    def __init__(self, handle):
        self.handle = handle
        self.rows = []
        self.first_line = 1
        self.count = 0
        self.width = 0

    def add(self, line, row):
        if not self.rows:
            self.first_line = line
        self.rows.append(row)
        if row:
            self.count += 1
            if len(row) > self.width:
                self.width = len(row)
        if len(self.rows) >= CHUNK_ROWS:
            self.flush()

    def flush(self):
        if self.rows:
            send(self.handle, ("rows", self.first_line, self.rows))
            self.rows = []

    def meta(self, **values):
        send(self.handle, ("meta", values))
        self.handle.flush()

    def close(self):
        self.flush()


_DIMENSION = re.compile(rb'<dimension\s+ref="[A-Z]+\d+:([A-Z]+)(\d+)"\s*/>')
_CELL = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})(\d+)"[^>]*?(?:/>|>.*?</c>)', re.S)
STRAY_CELLS = 10  # cells far outside the table that are dropped; more than this is a real table
SANITIZE_MAX_BYTES = 200 * 1024 * 1024


def _column_number(letters):
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def drop_stray_cells(path, max_rows, max_columns):
    """A copy of an .xlsx without a few stray cells far outside the table, or None to read `path` as is.

    calamine allocates the sheet's whole extent: one forgotten cell at XFD1048576 under a 3-row table
    makes 17 billion cells (the reader aborts) and looked like a sheet to split. The <dimension> tag
    tells cheaply when a sheet reaches past the limits; then the cells beyond them are counted, and up
    to STRAY_CELLS of them are left out of a temporary copy, so the real data is read. More cells out
    there are a real table, refused with too_many_rows/too_many_columns as before.
    """
    import tempfile
    import zipfile

    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        return None
    with archive:
        replaced = {}
        for info in archive.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            if info.file_size > SANITIZE_MAX_BYTES:
                continue
            with archive.open(info) as handle:
                head = handle.read(4096)
            dimension = _DIMENSION.search(head)
            if not dimension:
                continue
            if _column_number(dimension.group(1)) <= max_columns and int(dimension.group(2)) <= max_rows:
                continue
            xml = archive.read(info)
            outside = [
                match.span()
                for match in _CELL.finditer(xml)
                if _column_number(match.group(1)) > max_columns or int(match.group(2)) > max_rows
            ]
            if not outside or len(outside) > STRAY_CELLS:
                continue
            kept, last = [], 0
            for start, end in outside:
                kept.append(xml[last:start])
                last = end
            kept.append(xml[last:])
            replaced[info.filename] = _DIMENSION.sub(b"", b"".join(kept), count=1)
        if not replaced:
            return None
        with (
            tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as handle,
            zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as copy,
        ):
            for info in archive.infolist():
                copy.writestr(info, replaced.get(info.filename) or archive.read(info))
        return handle.name


def read_workbook(path, spool, max_rows, max_columns):
    import python_calamine

    if _is_zip(path):
        clean = drop_stray_cells(path, max_rows + HEADER_ALLOWANCE, max_columns)
        if clean is not None:
            try:
                return read_workbook(clean, spool, max_rows, max_columns) | {"stray_cells_ignored": True}
            finally:
                os.unlink(clean)
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(path)
    except python_calamine.PasswordError as exc:
        raise Refused("password") from exc
    names = [
        meta.name
        for meta in workbook.sheets_metadata
        if str(meta.typ).endswith("WorkSheet") and str(meta.visible).endswith("Visible")
    ] or list(workbook.sheet_names)
    if not names:
        raise Refused("no_sheet")
    sheet = None
    for name in names[:10]:
        candidate = workbook.get_sheet_by_name(name)
        if candidate.height and candidate.width:
            sheet = candidate
            break
    if sheet is None:
        raise Refused("empty_sheet")
    if sheet.width > max_columns:
        raise Refused("too_many_columns", columns=sheet.width, limit=max_columns)
    if sheet.height > max_rows + HEADER_ALLOWANCE:
        raise Refused("too_many_rows", limit=max_rows)
    spool.meta(height=sheet.height)
    start_row, start_col = sheet.start or (0, 0)
    lead = [None] * start_col  # calamine trims empty leading columns; keep positions honest
    line = start_row
    for row in sheet.iter_rows():
        line += 1
        cells = _trim([_cell(value) for value in row])
        if len(cells) + start_col > max_columns:  # the <dimension> tag can lie
            raise Refused("too_many_columns", columns=len(cells) + start_col, limit=max_columns)
        spool.add(line, lead + cells if cells and lead else cells)
    return {"sheet": sheet.name}


def _is_zip(path):
    with open(path, "rb") as handle:
        return handle.read(4) == b"PK\x03\x04"


def detect_encoding(path):
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as handle:
        try:
            while block := handle.read(1024 * 1024):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def detect_delimiter(lines):
    best, best_count = ",", -1
    for delimiter in (";", ",", "\t", "|"):
        count = max((line.count(delimiter) for line in lines), default=0)
        if count > best_count:
            best, best_count = delimiter, count
    return best


def read_csv(path, spool, max_rows, max_columns):
    encoding = detect_encoding(path)
    errors = "replace" if encoding == "cp1252" else "strict"
    csv.field_size_limit(1024 * 1024)
    with open(path, encoding=encoding, errors=errors, newline="") as handle:
        spool.meta(height=None)
        sample = [handle.readline() for _ in range(30)]
        delimiter = detect_delimiter(sample)
        handle.seek(0)
        for line, row in enumerate(csv.reader(handle, delimiter=delimiter), start=1):
            if len(row) > max_columns:
                raise Refused("too_many_columns", columns=len(row), limit=max_columns)
            cells = _trim([cell.strip() for cell in row])
            spool.add(line, cells)
            if spool.count > max_rows + HEADER_ALLOWANCE:
                raise Refused("too_many_rows", limit=max_rows)
    return {"encoding": "latin-1" if encoding == "cp1252" else "utf-8", "delimiter": delimiter}


def main(argv):
    kind, path, max_rows, max_columns, memory = argv
    memory = int(memory)
    if memory > 0:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    out = sys.stdout.buffer
    spool = Spool(out)
    try:
        if kind == "csv":
            info = read_csv(path, spool, int(max_rows), int(max_columns))
        else:
            info = read_workbook(path, spool, int(max_rows), int(max_columns))
        spool.close()
        if spool.count == 0:
            raise Refused("empty_sheet")
        result = {"ok": True, "rows": spool.count, "columns": spool.width, **info}
        result["max_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    except Refused as refused:
        result = {"ok": False, "code": refused.code, "params": refused.params}
    except MemoryError:
        result = {"ok": False, "code": "out_of_memory", "params": {}}
    except UnicodeDecodeError:
        result = {"ok": False, "code": "encoding", "params": {}}
    except Exception as exc:  # calamine's errors: damaged XML, zip, BIFF...
        result = {"ok": False, "code": "unreadable", "params": {"detail": f"{type(exc).__name__}: {exc}"[:300]}}
    send(out, ("end", result))
    out.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
