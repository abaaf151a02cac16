"""Checks on uploaded files by their content (never by the name or the browser's content type)."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from electoral.permissions import refuse

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_PHOTO_BYTES = 8 * 1024 * 1024
_SIGNATURES = {
    b"%PDF-": "pdf",
    b"\x89PNG\r\n\x1a\n": "png",
    b"\xff\xd8\xff": "jpeg",
}
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP"}


def check_document(*, upload: UploadedFile | None, field: str = "file") -> str:
    """A PDF, PNG or JPEG of at most 10 MB; returns the detected type."""
    if upload is None:
        refuse(_("Choose a file."), field)
    if upload.size > MAX_DOCUMENT_BYTES:
        refuse(_("The file is larger than 10 MB."), field)
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, kind in _SIGNATURES.items():
        if head.startswith(signature):
            if kind != "pdf":
                check_photo(upload=upload, field=field)
            return kind
    refuse(_("The file must be a PDF, PNG or JPEG document (checked by its content)."), field)


def check_photo(*, upload: UploadedFile, field: str = "photo") -> None:
    """A real JPEG/PNG/WEBP image (decoded by Pillow), at most 8 MB and 40 megapixels."""
    if upload.size > MAX_PHOTO_BYTES:
        refuse(_("The photo is larger than 8 MB."), field)
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            if image.format not in PHOTO_FORMATS:
                refuse(_("The photo must be a JPEG, PNG or WEBP image."), field)
            if image.width * image.height > 40_000_000:
                refuse(_("The photo is too large (more than 40 megapixels)."), field)
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        refuse(_("The file is not a valid image (checked by its content)."), field)
    finally:
        upload.seek(0)
