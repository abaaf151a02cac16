"""Upload safety: what the file really is (by content, never by its name) and whether it is safe to parse."""

from __future__ import annotations

import enum
import os
import zipfile

from core.tabular.errors import TabularError
from core.tabular.limits import Limits
from core.uploads import OLE2_MAGIC, ZIP_MAGIC, zip_expands_too_much

# Names of the streams of an encrypted OOXML package, as stored (UTF-16LE) in an OLE2 directory.
_ENCRYPTED_MARKERS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


class FileKind(enum.StrEnum):
    XLSX = "xlsx"
    XLS = "xls"
    ODS = "ods"
    CSV = "csv"


def inspect_upload(path: str | os.PathLike, limits: Limits | None = None) -> FileKind:
    """The kind of table in the file, or TabularError with the reason it is refused."""
    limits = limits or Limits()
    size = os.path.getsize(path)
    if size == 0:
        raise TabularError("empty_file")
    if size > limits.max_bytes:
        raise TabularError("too_large", size=_mb(size), limit=_mb(limits.max_bytes))
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(ZIP_MAGIC):
        return _inspect_zip(path, limits)
    if head == OLE2_MAGIC:
        return _inspect_ole2(path)
    if looks_like_text(path):
        return FileKind.CSV
    raise TabularError("unknown_type")


def _inspect_zip(path, limits: Limits) -> FileKind:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            # The bomb check first: a refused archive is refused as a bomb whatever it claims to be.
            check_zip_bomb(entries, limits)
            kind = _zip_kind(archive, {entry.filename for entry in entries})
    except zipfile.BadZipFile as exc:
        raise TabularError("bad_zip") from exc
    return kind


def _zip_kind(archive: zipfile.ZipFile, names: set[str]) -> FileKind:
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise TabularError("macros")
        if "xl/workbook.bin" in names:  # .xlsb: binary, not a format we accept
            raise TabularError("unknown_type")
        return FileKind.XLSX
    if "mimetype" in names and "content.xml" in names:
        info = archive.getinfo("mimetype")
        if info.file_size <= 100 and archive.read("mimetype").strip() == _ODS_MIMETYPE:
            if any(name.lower().startswith("basic/") for name in names):
                raise TabularError("macros")
            return FileKind.ODS
    raise TabularError("unknown_type")


def check_zip_bomb(entries: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse archives that expand too much: total size, per-entry ratio, entry count."""
    if zip_expands_too_much(
        entries,
        max_entries=limits.max_entries,
        max_uncompressed_bytes=limits.max_uncompressed_bytes,
        max_ratio=limits.max_ratio,
    ):
        raise TabularError("zip_bomb")


def _inspect_ole2(path) -> FileKind:
    """OLE2 is a legacy .xls, or an encrypted (password-protected) .xlsx in its OLE wrapper."""
    with open(path, "rb") as handle:
        data = handle.read(4 * 1024 * 1024)
    if any(marker in data for marker in _ENCRYPTED_MARKERS):
        raise TabularError("password")
    # A .xls has a "Workbook" (BIFF8) or "Book" (BIFF5) stream; Word or other OLE files do not.
    if "Workbook".encode("utf-16-le") not in data and "Book".encode("utf-16-le") not in data:
        raise TabularError("unknown_type")
    return FileKind.XLS


def looks_like_text(path, sample_size: int = 64 * 1024) -> bool:
    """Text (UTF-8 or a Latin-1 family encoding) with no NUL bytes and few control characters."""
    with open(path, "rb") as handle:
        sample = handle.read(sample_size)
    if b"\x00" in sample:
        return False
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 13))
    return controls <= len(sample) // 100


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")
