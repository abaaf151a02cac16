"""Reading a table in a memory-limited child process, streaming its rows through a pipe.

python-calamine aborts the whole process when an allocation fails (a zip bomb that slipped past
the archive checks, a gigantic sheet): parsing runs in a child under RLIMIT_AS, so that becomes a
`TabularError` and the worker lives on. Rows come back in chunks as the child reads them, so the
caller validates chunk N while the child parses chunk N+1 (two cores busy), and neither process
ever holds the whole sheet as Python objects.
"""

from __future__ import annotations

import contextlib
import logging
import marshal
import os
import struct
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from core.tabular.errors import TabularError
from core.tabular.limits import Limits
from core.tabular.safety import FileKind

logger = logging.getLogger(__name__)
CHILD = Path(__file__).with_name("_child.py")
_FRAME = struct.Struct(">I")


@dataclass
class ExtractResult:
    rows: int  # non-empty rows, header and titles included
    columns: int
    info: dict = field(default_factory=dict)  # sheet name, or CSV encoding and delimiter
    child_max_rss_kb: int = 0


class TableStream:
    """A running child parser. Iterate `chunks()` for (first line, rows); then read `result`.

    Use it as a context manager: leaving early (an error in the caller) kills the child.
    """

    def __init__(self, path: str | os.PathLike, kind: FileKind, limits: Limits | None = None):
        self.path = os.fspath(path)
        self.kind = kind
        self.limits = limits or Limits()
        self.height: int | None = None
        self.result: ExtractResult | None = None
        self._process: subprocess.Popen | None = None
        self._timed_out = False

    def __enter__(self) -> TableStream:
        command = [
            sys.executable,
            "-I",
            str(CHILD),
            str(self.kind),
            self.path,
            str(self.limits.max_rows),
            str(self.limits.max_columns),
            str(self.limits.child_memory_bytes),
        ]
        self._stderr = tempfile.TemporaryFile()
        self._process = subprocess.Popen(  # noqa: S603 (fixed interpreter and script)
            command, stdout=subprocess.PIPE, stderr=self._stderr, stdin=subprocess.DEVNULL
        )
        self._timer = threading.Timer(self.limits.child_timeout_seconds, self._kill_for_time)
        self._timer.daemon = True
        self._timer.start()
        return self

    def _kill_for_time(self) -> None:
        self._timed_out = True
        with contextlib.suppress(ProcessLookupError):
            self._process.kill()

    def __exit__(self, *exc_info) -> None:
        self._timer.cancel()
        if self._process.poll() is None:
            self._process.kill()
        self._process.stdout.close()
        self._process.wait()
        self._stderr.close()

    def chunks(self) -> Iterator[tuple[int, list[list]]]:
        pipe = self._process.stdout
        end = None
        while True:
            try:
                record = read_frame(pipe)
            except (ValueError, TypeError):
                break
            if record is None:
                break
            tag = record[0]
            if tag == "rows":
                yield record[1], record[2]
            elif tag == "meta":
                self.height = record[1].get("height")
            elif tag == "end":
                end = record[1]
                break
        self._process.wait()
        if self._timed_out:
            raise TabularError("timeout")
        if end is None:
            # SIGABRT / SIGKILL / "memory allocation failed": the memory cap did its job.
            raise TabularError("out_of_memory")
        if not end["ok"]:
            if end["code"] == "unreadable":
                logger.warning("Unreadable table %s: %s", self.path, end.get("params", {}).get("detail", ""))
            raise TabularError(end["code"], **end.get("params", {}))
        info = {key: value for key, value in end.items() if key not in ("ok", "rows", "columns", "max_rss_kb")}
        self.result = ExtractResult(
            rows=end["rows"], columns=end["columns"], info=info, child_max_rss_kb=end.get("max_rss_kb", 0)
        )


def write_frame(handle, record) -> None:
    data = marshal.dumps(record)
    handle.write(_FRAME.pack(len(data)))
    handle.write(data)


def read_frame(handle):
    """One length-prefixed marshal frame, or None at the end (a truncated frame counts as the end)."""
    size = handle.read(4)
    if len(size) < 4:
        return None
    (length,) = _FRAME.unpack(size)
    data = handle.read(length)
    if len(data) < length:
        return None
    return marshal.loads(data)  # noqa: S302 (framed by our own child process or by extract)


def extract(
    path: str | os.PathLike, kind: FileKind, spool_path: str | os.PathLike, limits: Limits | None = None
) -> ExtractResult:
    """Parse `path` in the child and keep its rows in a spool file (read back with `iter_spool`)."""
    try:
        with TableStream(path, kind, limits) as stream, open(spool_path, "wb") as spool:
            for chunk in stream.chunks():
                write_frame(spool, chunk)
    except BaseException:
        _discard(spool_path)
        raise
    return stream.result


def iter_spool(spool_path: str | os.PathLike) -> Iterator[tuple[int, list[list]]]:
    """The chunks kept by `extract`: (line number of the first row, rows)."""
    with open(spool_path, "rb") as handle:
        while (chunk := read_frame(handle)) is not None:
            yield chunk


def iter_lines(chunks: Iterable[tuple[int, list]] | str | os.PathLike) -> Iterator[tuple[int, list]]:
    """Every row with its 1-based line number, empty rows skipped. Takes chunks or a spool path."""
    if isinstance(chunks, (str, os.PathLike)):
        chunks = iter_spool(chunks)
    for first_line, rows in chunks:
        for offset, row in enumerate(rows):
            if row:
                yield first_line + offset, row


def read_table(data: bytes, limits: Limits | None = None) -> list[list]:
    """All rows of a small upload (the first sheet, or the CSV), header included.

    The same checks and child reader as a large import (size, type by content, zip bombs, the
    memory cap), for files small enough to hold in memory. Empty rows come back as `[]`, so a
    row's index + 1 is its line in the file.
    """
    from core.tabular.safety import inspect_upload

    with tempfile.NamedTemporaryFile(suffix=".upload") as handle:
        handle.write(data)
        handle.flush()
        kind = inspect_upload(handle.name, limits)
        rows: list[list] = []
        with TableStream(handle.name, kind, limits) as stream:
            for line, row in iter_lines(stream.chunks()):
                rows.extend([] for _gap in range(line - 1 - len(rows)))
                rows.append(row)
    return rows


def head(spool_path: str | os.PathLike, count: int = 30) -> list[tuple[int, list]]:
    """The first `count` non-empty rows, for header detection and mapping pages."""
    rows = []
    for item in iter_lines(spool_path):
        rows.append(item)
        if len(rows) >= count:
            break
    return rows


def _discard(path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
