"""The one check of an uploaded file: size, type by content, zip bombs, images decoded.

The type comes from the file's first bytes (magic numbers), never from its name or the content
type the browser sent. Office files are zip archives: their entries say whether one is a .xlsx,
a .docx or an .ods, and an archive that would expand too much is refused before anything opens
it (python-calamine and friends abort the process on a bomb, see DESIGN.md "Known traps").
Images can be decoded with Pillow as well, which catches a truncated file behind a valid header
and a decompression bomb.

Each caller words the refusal for its own page: `UploadRefused.code` says what was wrong.
Spreadsheets that are imported row by row go through `core.tabular.inspect_upload`, which uses
the same zip checks.
"""

from __future__ import annotations

import os
import warnings
import zipfile
from collections.abc import Collection, Sequence

from PIL import Image, UnidentifiedImageError

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "avif": "image/avif",
    "mp4": "video/mp4",
    "mov": "video/quicktime",
    "webm": "video/webm",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "zip": "application/zip",
    "ole2": "application/x-ole-storage",
}
IMAGES = frozenset({"jpeg", "png", "gif", "webp", "avif"})
VIDEOS = frozenset({"mp4", "mov", "webm"})
# Pillow's name of each image format we decode.
_PILLOW_FORMATS = {"JPEG": "jpeg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}

# Declared sizes of an Office archive that no honest upload reaches.
MAX_ZIP_ENTRIES = 5_000
MAX_ZIP_UNCOMPRESSED_BYTES = 1536 * 1024 * 1024
MAX_ZIP_RATIO = 100


class UploadRefused(Exception):
    """Why a file was refused. `code` is one of: empty, too_large (params size and limit, in
    bytes), unknown (no type recognized), type (recognized, not allowed; param kind), bad_zip,
    zip_bomb, bad_image, too_many_pixels."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(code)


def sniff(head: bytes) -> str | None:
    """The kind of file its first 32 bytes say it is (a key of CONTENT_TYPES), or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"avif", b"avis"):
            return "avif"
        return "mov" if brand.startswith(b"qt") else "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(OLE2_MAGIC):
        return "ole2"
    return None


def zip_expands_too_much(
    entries: Sequence[zipfile.ZipInfo],
    *,
    max_entries: int = MAX_ZIP_ENTRIES,
    max_uncompressed_bytes: int = MAX_ZIP_UNCOMPRESSED_BYTES,
    max_ratio: int = MAX_ZIP_RATIO,
) -> bool:
    """Whether an archive looks like a zip bomb: too many entries, too much in all, or a big
    entry compressed beyond any real document. The declared sizes can lie; whatever parses the
    file afterwards should still run under a memory limit."""
    if len(entries) > max_entries:
        return True
    total = 0
    for entry in entries:
        total += entry.file_size
        if total > max_uncompressed_bytes:
            return True
        # Small entries compress arbitrarily well (a run of blanks); only big ones can hurt.
        if entry.file_size > 1024 * 1024 and entry.file_size > max_ratio * max(entry.compress_size, 1):
            return True
    return False


def _zip_kind(upload) -> str:
    """xlsx, docx, ods or plain zip, after the bomb check."""
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            if zip_expands_too_much(entries):
                raise UploadRefused("zip_bomb")
            names = {entry.filename for entry in entries}
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "word/document.xml" in names:
                return "docx"
            if (
                "mimetype" in names
                and archive.getinfo("mimetype").file_size <= 100
                and archive.read("mimetype").strip() == CONTENT_TYPES["ods"].encode()
            ):
                return "ods"
            return "zip"
    except zipfile.BadZipFile as exc:
        raise UploadRefused("bad_zip") from exc
    finally:
        upload.seek(0)


def _check_image(upload, kind: str, max_pixels: int) -> None:
    """Decode enough of the image to trust it: Pillow agrees on the format, the pixel count is
    bounded (a decompression bomb), and the data is not truncated or corrupt."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if _PILLOW_FORMATS.get(image.format) != kind:
                    raise UploadRefused("bad_image")
                if image.width * image.height > max_pixels:
                    raise UploadRefused("too_many_pixels", kind=kind)
                image.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise UploadRefused("bad_image") from exc
    finally:
        upload.seek(0)


def _size(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, os.SEEK_END)
        size = upload.tell()
    return size


def check_upload(upload, *, allowed: Collection[str], max_bytes: int, max_pixels: int | None = None) -> str:
    """The kind of an uploaded file (a key of CONTENT_TYPES), or UploadRefused.

    `upload` is any binary file object (a Django UploadedFile, a File, BytesIO); it is left at
    position 0. `allowed` names the kinds the caller accepts; images among them are decoded
    with Pillow when `max_pixels` is given.
    """
    size = _size(upload)
    if size > max_bytes:
        raise UploadRefused("too_large", size=size, limit=max_bytes)
    if size == 0:
        raise UploadRefused("empty")
    upload.seek(0)
    head = upload.read(32)
    upload.seek(0)
    kind = sniff(head)
    if kind == "zip":
        kind = _zip_kind(upload)
    if kind is None:
        raise UploadRefused("unknown")
    if kind not in allowed:
        raise UploadRefused("type", kind=kind)
    if kind in IMAGES and max_pixels is not None:
        _check_image(upload, kind, max_pixels)
    return kind
