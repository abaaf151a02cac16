"""Uploaded files of pieces: type checked by content (magic bytes), size capped, never rewritten."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from comunicaciones.models import Piece, PieceAttachment, Stage
from comunicaciones.services.workflow import PieceTransitionError, _is_chief, _lock, _require_team

if TYPE_CHECKING:
    from core.models import User

S = Piece.Status
DEFAULT_MAX_BYTES = 100 * 1024 * 1024


def max_upload_bytes() -> int:
    return getattr(settings, "COMMS_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)


def sniff(*, head: bytes) -> tuple[str, str] | None:
    """(kind, content type) recognized from the first bytes of a file, or None."""
    if head.startswith(b"%PDF-"):
        return PieceAttachment.Kind.PDF, "application/pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return PieceAttachment.Kind.IMAGE, "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PieceAttachment.Kind.IMAGE, "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return PieceAttachment.Kind.IMAGE, "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return PieceAttachment.Kind.IMAGE, "image/webp"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"avif", b"avis"):
            return PieceAttachment.Kind.IMAGE, "image/avif"
        if brand.startswith(b"qt"):
            return PieceAttachment.Kind.VIDEO, "video/quicktime"
        return PieceAttachment.Kind.VIDEO, "video/mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return PieceAttachment.Kind.VIDEO, "video/webm"
    return None


def _validate_upload(upload) -> tuple[str, str, str]:
    """Check size and type by content. Returns (kind, content type, sha256)."""
    limit = max_upload_bytes()
    if upload.size == 0:
        raise PieceTransitionError(_("The file is empty."))
    if upload.size > limit:
        raise PieceTransitionError(
            _("The file is too big (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1048576, 1), "limit": limit // 1048576}
        )
    upload.seek(0)
    detected = sniff(head=upload.read(32))
    if detected is None:
        raise PieceTransitionError(
            _(
                "“%(name)s” is not an allowed file: upload an image (JPEG, PNG, GIF, WebP), a video (MP4, MOV, WebM) or a PDF."
            )
            % {"name": upload.name}
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return detected[0], detected[1], digest.hexdigest()


def upload_stage(*, piece: Piece, actor: User) -> tuple[str, bool]:
    """Which stage an upload belongs to now, and whether it is the final file; refuses otherwise."""
    if piece.status in (S.NEED, S.EDITORIAL, S.DRAFTING, S.CONTENT_RETURNED):
        if piece.author_id and actor.pk != piece.author_id:
            raise PieceTransitionError(_("Only the piece's author can attach files to the content."))
        return Stage.CONTENT, False
    if piece.status in (S.DESIGN, S.DESIGN_RETURNED):
        if actor.pk != piece.designer_id:
            raise PieceTransitionError(_("Only the piece's designer can upload design files."))
        return Stage.DESIGN, False
    if piece.status == S.DESIGN_APPROVED:
        if actor.pk != piece.designer_id and not _is_chief(actor):
            raise PieceTransitionError(_("Only the designer or the chief can deliver the final file."))
        return Stage.DESIGN, True
    raise PieceTransitionError(
        _("Files cannot be added while the piece is in “%(status)s”.") % {"status": piece.get_status_display()}
    )


@transaction.atomic
def attachment_add(*, piece_id: int, actor: User, upload) -> PieceAttachment:
    kind, content_type, sha256 = _validate_upload(upload)
    piece = _lock(piece_id)
    _require_team(actor)
    stage, is_final = upload_stage(piece=piece, actor=actor)
    name = get_valid_filename(upload.name)[-120:] or "archivo"
    attachment = PieceAttachment(
        piece=piece,
        stage=stage,
        original_name=upload.name[:255],
        kind=kind,
        content_type=content_type,
        size=upload.size,
        sha256=sha256,
        uploaded_by=actor,
        is_final=is_final,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_remove(*, attachment_id: int, actor: User) -> None:
    """Take a file out of the working set (versions that froze it keep it)."""
    attachment = PieceAttachment.objects.get(pk=attachment_id)
    piece = _lock(attachment.piece_id)
    _require_team(actor)
    stage, is_final = upload_stage(piece=piece, actor=actor)
    if attachment.stage != stage or attachment.is_final != is_final:
        raise PieceTransitionError(_("This file belongs to an earlier step and can no longer be removed."))
    PieceAttachment.objects.filter(pk=attachment.pk).update(removed=True)
