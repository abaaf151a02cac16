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


def read_workbook(path, spool, max_rows, max_columns):
    import python_calamine

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
