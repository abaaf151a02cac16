"""Image uploads (photo, signature, fingerprint, design artwork) and the card-sized photo cache.

Uploads are checked by content with Pillow (never by extension or declared type). Photos are
downscaled once: the PDF renderer only ever sees a small JPEG, which reportlab embeds without
decoding.
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from core.uploads import IMAGES, UploadRefused, check_upload

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
ACCEPTED_KINDS = {"jpeg", "png", "webp"}
STORED_PHOTO_PX = 900  # longest side kept for the member's photo
CARD_PHOTO_PX = (260, 334)  # 21 × 27 mm at ~315 dpi


def read_image(upload, *, label: str) -> Image.Image:
    """The upload as a Pillow image, or a ValidationError naming the field."""
    try:
        check_upload(upload, allowed=ACCEPTED_KINDS, max_bytes=MAX_UPLOAD_BYTES, max_pixels=MAX_PIXELS)
    except UploadRefused as exc:
        if exc.code == "too_large":
            raise ValidationError(
                _("%(field)s is too large (%(size)s MB); the limit is %(limit)s MB.")
                % {"field": label, "size": f"{exc.params['size'] / 1048576:.1f}", "limit": MAX_UPLOAD_BYTES // 1048576}
            ) from exc
        if exc.code == "empty":
            raise ValidationError(_("%(field)s is empty.") % {"field": label}) from exc
        if exc.code == "type" and exc.params["kind"] in IMAGES:  # an image, of a format we do not take
            raise ValidationError(_("%(field)s must be a JPEG, PNG or WebP image.") % {"field": label}) from exc
        if exc.code == "too_many_pixels":
            raise ValidationError(_("%(field)s has too many pixels.") % {"field": label}) from exc
        raise ValidationError(_("%(field)s is not a valid image.") % {"field": label}) from exc
    data = upload.read()
    upload.seek(0)
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(_("%(field)s is not a valid image.") % {"field": label}) from exc
    return image


def to_jpeg(image: Image.Image, *, max_px: int, quality: int = 85) -> bytes:
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        image = background
    image.thumbnail((max_px, max_px))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=False)
    return out.getvalue()


def to_png(image: Image.Image, *, max_px: int) -> bytes:
    image = ImageOps.exif_transpose(image)
    image.thumbnail((max_px, max_px))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()


def clean_photo(upload, *, label: str) -> ContentFile:
    """A checked photo, re-encoded as a JPEG of at most STORED_PHOTO_PX (metadata dropped)."""
    return ContentFile(to_jpeg(read_image(upload, label=label), max_px=STORED_PHOTO_PX), name="foto.jpg")


def clean_png(upload, *, label: str, name: str, max_px: int = 1200) -> ContentFile:
    return ContentFile(to_png(read_image(upload, label=label), max_px=max_px), name=name)


def cache_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "carnets" / "photo-cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def photo_path_finder():
    """A fast `stored name -> card JPEG path` for a whole batch (one cache folder lookup)."""
    media_root = str(settings.MEDIA_ROOT)
    folder = str(cache_dir())

    def find(name: str) -> str:
        if not name:
            return ""
        source = os.path.join(media_root, name)
        try:
            stat = os.stat(source)
        except OSError:
            return ""
        key = hashlib.sha256(f"{name}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()
        target = os.path.join(folder, f"{key}.jpg")
        if os.path.exists(target):
            return target
        return _make_card_photo(source, Path(target))

    return find


def card_photo_path(field_file) -> str:
    """A small JPEG of the member's photo for the card, made once and reused; "" when unusable.

    Keyed by the stored name, size and mtime, so a new photo makes a new cache entry.
    """
    if not field_file:
        return ""
    try:
        source = field_file.path
        stat = os.stat(source)
    except (OSError, NotImplementedError, ValueError):
        return ""
    key = hashlib.sha256(f"{field_file.name}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()
    target = cache_dir() / f"{key}.jpg"
    if target.exists():
        return str(target)
    return _make_card_photo(source, target)


def _make_card_photo(source: str, target: Path) -> str:
    try:
        with Image.open(source) as image:
            image.draft("RGB", (CARD_PHOTO_PX[0] * 2, CARD_PHOTO_PX[1] * 2))
            image = ImageOps.fit(ImageOps.exif_transpose(image).convert("RGB"), CARD_PHOTO_PX)
            tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
            image.save(tmp, "JPEG", quality=82)
            os.replace(tmp, target)
    except (OSError, ValueError, Image.DecompressionBombError):
        return ""
    return str(target)


def design_image_path(field_file) -> str:
    if not field_file:
        return ""
    try:
        return field_file.path if os.path.exists(field_file.path) else ""
    except (NotImplementedError, ValueError):
        return ""
