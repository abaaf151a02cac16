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
from core.uploads import CONTENT_TYPES, IMAGES, VIDEOS, UploadRefused, check_upload

if TYPE_CHECKING:
    from django.core.files import File

    from core.models import User

S = Piece.Status
DEFAULT_MAX_BYTES = 100 * 1024 * 1024


def max_upload_bytes() -> int:
    return getattr(settings, "COMMS_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)


# What a piece may carry: images, videos and PDFs.
_KINDS = {"pdf": PieceAttachment.Kind.PDF} | dict.fromkeys(IMAGES, PieceAttachment.Kind.IMAGE)
_KINDS |= dict.fromkeys(VIDEOS, PieceAttachment.Kind.VIDEO)


def _validate_upload(upload) -> tuple[str, str, str]:
    """Check size and type by content. Returns (kind, content type, sha256)."""
    try:
        detected = check_upload(upload, allowed=_KINDS, max_bytes=max_upload_bytes())
    except UploadRefused as exc:
        if exc.code == "empty":
            raise PieceTransitionError(_("The file is empty.")) from exc
        if exc.code == "too_large":
            raise PieceTransitionError(
                _("The file is too big (%(size)s MB); the limit is %(limit)s MB.")
                % {"size": round(exc.params["size"] / 1048576, 1), "limit": exc.params["limit"] // 1048576}
            ) from exc
        raise PieceTransitionError(
            _(
                "“%(name)s” is not an allowed file: upload an image (JPEG, PNG, GIF, WebP), a video (MP4, MOV, WebM) or a PDF."
            )
            % {"name": upload.name}
        ) from exc
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return _KINDS[detected], CONTENT_TYPES[detected], digest.hexdigest()


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


def removable_attachment_ids(*, piece: Piece, actor: User) -> set[int]:
    """The files `actor` may take out of the working set now: those of the current step only
    (files of an earlier step were reviewed and stay; the page offers no button for them)."""
    try:
        stage, is_final = upload_stage(piece=piece, actor=actor)
    except PieceTransitionError:
        return set()
    return set(piece.attachments.filter(removed=False, stage=stage, is_final=is_final).values_list("pk", flat=True))


@transaction.atomic
def attachment_add(*, piece_id: int, actor: User, upload: File) -> PieceAttachment:
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
