"""Checks on uploaded files by their content (never by the name or the browser's content type)."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from core.permissions import refuse
from core.uploads import IMAGES, UploadRefused, check_upload

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000


def check_document(*, upload: UploadedFile | None, field: str = "file") -> str:
    """A PDF, PNG or JPEG of at most 10 MB; returns the detected type."""
    if upload is None:
        refuse(_("Choose a file."), field)
    try:
        kind = check_upload(upload, allowed={"pdf", "png", "jpeg"}, max_bytes=MAX_DOCUMENT_BYTES)
    except UploadRefused as exc:
        if exc.code == "too_large":
            refuse(_("The file is larger than 10 MB."), field)
        refuse(_("The file must be a PDF, PNG or JPEG document (checked by its content)."), field)
    if kind != "pdf":
        check_photo(upload=upload, field=field)
    return kind


def check_photo(*, upload: UploadedFile, field: str = "photo") -> None:
    """A real JPEG/PNG/WEBP image (decoded by Pillow), at most 8 MB and 40 megapixels."""
    try:
        check_upload(upload, allowed={"jpeg", "png", "webp"}, max_bytes=MAX_PHOTO_BYTES, max_pixels=MAX_PHOTO_PIXELS)
    except UploadRefused as exc:
        if exc.code == "too_large":
            refuse(_("The photo is larger than 8 MB."), field)
        if exc.code == "type" and exc.params["kind"] in IMAGES:  # an image, of a format we do not take
            refuse(_("The photo must be a JPEG, PNG or WEBP image."), field)
        if exc.code == "too_many_pixels":
            refuse(_("The photo is too large (more than 40 megapixels)."), field)
        refuse(_("The file is not a valid image (checked by its content)."), field)
