"""Image uploads (photo, signature, fingerprint, design artwork) and the card-sized photo cache.

Uploads are checked by content with Pillow (never by extension or declared type). Photos are
downscaled once: the PDF renderer only ever sees a small JPEG, which reportlab embeds without
decoding.
"""

from __future__ import annotations

import hashlib
import io
import os
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
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
# A JPEG is decoded at 1/2, 1/4 or 1/8 scale (libjpeg's DCT scaling, 3-4x cheaper than decoding it
# whole and resampling) when the cropped result keeps at least this share of CARD_PHOTO_PX on
# each side: 0.85 is ≥ 268 dpi on the 21 × 27 mm photo, above what card printers print (300 dpi
# heads dither the dye), so the printed card does not change.
DRAFT_MIN_SHARE = 0.85


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


def cache_entry(media_root: str, folder: str, name: str) -> tuple[str, str]:
    """(source path, card JPEG path) of a stored photo; ("", "") when there is no usable file."""
    if not name:
        return "", ""
    source = os.path.join(media_root, name)
    try:
        stat = os.stat(source)
    except OSError:
        return "", ""
    key = hashlib.sha256(f"{name}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()
    return source, os.path.join(folder, f"{key}.jpg")


def shrink_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def card_photo_paths(names: Iterable[str], *, workers: int | None = None) -> Iterator[str]:
    """The card JPEG path of each stored name, in order, shrinking the missing ones first.

    A batch of photos stored without their card copy (before it was made at storage, or written
    in bulk) shrinks them all: a pool of threads does it on every core (Pillow releases the GIL
    while it decodes and encodes) before the first card is drawn. Drawing meanwhile was slower:
    the drawing thread and the pool fought over the GIL (bench_carnets: 394 → 500 cards/s).
    Threads, not processes, so it also works inside a Celery prefork worker (whose processes
    may not fork children).
    """
    media_root = str(settings.MEDIA_ROOT)
    folder = str(cache_dir())
    entries = [cache_entry(media_root, folder, name) for name in names]
    missing = {target: source for source, target in entries if target and not os.path.exists(target)}
    if not missing:
        yield from (target for _source, target in entries)
        return
    with ThreadPoolExecutor(max_workers=workers or shrink_workers(), thread_name_prefix="card-photo") as pool:
        made = dict(zip(missing, pool.map(_make_card_photo, missing.values(), map(Path, missing)), strict=True))
    yield from (made.get(target, target) for _source, target in entries)


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


def member_photo_stored(sender, instance, update_fields=None, **kwargs) -> None:
    """A member saved with a photo gets its card-sized copy now (about a millisecond beside the
    request), so the first print batch of new members has no photo left to shrink. Photos
    stored before (or written without `save()`) are still shrunk by the batch that needs them."""
    if update_fields is not None and "photo" not in update_fields:
        return
    if instance.photo:
        card_photo_path(instance.photo)


def card_photo_copies(stored) -> list[str]:
    """The card-sized copy made from a stored photo, if any (removed with it by a suppression)."""
    try:
        _source, target = cache_entry(str(settings.MEDIA_ROOT), str(cache_dir()), stored.name)
    except (AttributeError, TypeError):
        return []
    return [target] if target and os.path.exists(target) else []


def card_photo_orphans(older_than: datetime) -> list[str]:
    """Card-sized copies no member's current photo makes (its photo was replaced or is gone), and
    leftovers of an interrupted shrink, last changed before `older_than`: the sweep of orphaned
    member files deletes them (militancia.personal_data.register_derived_files)."""
    from militancia.models import Member

    folder = cache_dir()
    limit = older_than.timestamp()
    with os.scandir(folder) as entries:
        old = [entry.path for entry in entries if entry.is_file() and entry.stat().st_mtime < limit]
    if not old:
        return []
    media_root = str(settings.MEDIA_ROOT)
    current = {
        cache_entry(media_root, str(folder), name)[1]
        for name in Member._base_manager.exclude(photo="").values_list("photo", flat=True).iterator(chunk_size=5000)
    }
    return [path for path in old if path not in current]


def _draft_size(size: tuple[int, int]) -> tuple[int, int]:
    """The size to ask JPEG draft mode for: the smallest DCT scale still keeping DRAFT_MIN_SHARE of
    CARD_PHOTO_PX on each side once cropped to the card's proportions."""
    width, height = size
    target_w, target_h = CARD_PHOTO_PX
    ratio = target_w / target_h
    crop_w, crop_h = (height * ratio, height) if width / height > ratio else (width, width / ratio)
    need_w, need_h = target_w * DRAFT_MIN_SHARE, target_h * DRAFT_MIN_SHARE
    scale = 1
    while scale < 8 and crop_w / (scale * 2) >= need_w and crop_h / (scale * 2) >= need_h:
        scale *= 2
    # Rounded down: Pillow picks the largest scale whose result is at least the size asked for,
    # so a rounded-up size (338 for 675 / 2) would make it decode the whole photo.
    return width // scale, height // scale


def _card_crop(image: Image.Image) -> Image.Image:
    """The image cropped (centred) to the card photo's proportions, shrunk only when larger than
    CARD_PHOTO_PX: a draft-decoded photo between 85 % and 100 % of it is kept as is, since
    resampling it up adds no detail and cost two thirds of the whole shrink; the PDF places it
    in the same 21 × 27 mm box either way."""
    width, height = image.size
    target_w, target_h = CARD_PHOTO_PX
    if width * target_h > height * target_w:  # wider than the card photo: trim the sides
        crop_w, crop_h = round(height * target_w / target_h), height
    else:
        crop_w, crop_h = width, round(width * target_h / target_w)
    left, top = (width - crop_w) // 2, (height - crop_h) // 2
    image = image.crop((left, top, left + crop_w, top + crop_h))
    if crop_w > target_w:
        image = image.resize(CARD_PHOTO_PX, Image.Resampling.BICUBIC, reducing_gap=2.0)
    return image


def _make_card_photo(source: str, target: Path) -> str:
    try:
        with Image.open(source) as image:
            image.draft("RGB", _draft_size(image.size))
            image = _card_crop(ImageOps.exif_transpose(image).convert("RGB"))
            tmp = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            image.save(tmp, "JPEG", quality=82)
            os.replace(tmp, target)
    # SyntaxError: Pillow's word for a damaged PNG found while decoding ("broken PNG file"), which
    # would otherwise end the whole batch instead of giving this one card the placeholder.
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return ""
    return str(target)


def design_image_path(field_file) -> str:
    if not field_file:
        return ""
    try:
        return field_file.path if os.path.exists(field_file.path) else ""
    except (NotImplementedError, ValueError):
        return ""
