"""Editorial meetings (minutes whose decisions put pieces into production), press and media."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from comunicaciones.models import EditorialMeeting, MediaMention, Piece, PressRelease
from comunicaciones.services.workflow import (
    PIECE_WORKFLOW,
    PieceTransitionError,
    _clean_channels,
    _require_team,
    piece_move,
)
from core.audit import audit_record
from core.models import AuditEvent

if TYPE_CHECKING:
    from core.models import User


@transaction.atomic
def meeting_record(
    *,
    actor: User,
    date: date,
    attendees: str,
    topics: str,
    sources: str = "",
    products: str = "",
    channels: list[str] | None = None,
    decisions: str = "",
    pieces: list[Piece] | tuple = (),
    author: User | None = None,
    planned_date: date | None = None,
) -> EditorialMeeting:
    """Record the minutes. Each chosen need goes to production, and each line of `products`
    becomes a new piece in production, assigned to `author` (default: the actor)."""
    _require_team(actor)
    channels = _clean_channels(channels)
    meeting = EditorialMeeting(
        date=date,
        attendees=attendees,
        topics=topics,
        sources=sources,
        products=products,
        channels=channels,
        decisions=decisions,
        created_by=actor,
    )
    meeting.full_clean()
    meeting.save()
    note = _("Decided at the editorial meeting of %(date)s.") % {"date": date.strftime("%d/%m/%Y")}
    for piece in pieces:
        if piece.status not in (Piece.Status.NEED, Piece.Status.EDITORIAL):
            raise PieceTransitionError(
                _("“%(title)s” is no longer waiting for an editorial meeting.") % {"title": piece.title}
            )
        Piece.objects.filter(pk=piece.pk).update(meeting=meeting, channels=piece.channels or channels)
        if piece.status == Piece.Status.NEED and not piece.one_off:
            piece_move(piece_id=piece.pk, name="plan_meeting", actor=actor, comment=note)
        piece_move(piece_id=piece.pk, name="start_production", actor=actor, assignee=author, comment=note)
    for line in [line.strip() for line in products.splitlines() if line.strip()]:
        piece = Piece(
            title=line[:200],
            requested_by=_("Editorial meeting"),
            request=topics,
            channels=channels,
            meeting=meeting,
            planned_date=planned_date,
            created_by=actor,
            status=Piece.Status.EDITORIAL,  # born at the meeting
        )
        piece.full_clean()
        piece.save()
        PIECE_WORKFLOW.record(piece, from_status="", to_status=piece.status, actor=actor, action="register")
        piece_move(piece_id=piece.pk, name="start_production", actor=actor, assignee=author, comment=note)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=meeting)
    return meeting


@transaction.atomic
def press_release_create(
    *, actor: User, title: str, date: date, body: str, topic: str = "", url: str = ""
) -> PressRelease:
    _require_team(actor)
    release = PressRelease(title=title, date=date, body=body, topic=topic, url=url, created_by=actor)
    release.full_clean()
    release.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=release)
    return release


@transaction.atomic
def media_mention_create(
    *,
    actor: User,
    date: date,
    outlet: str,
    headline: str,
    url: str = "",
    tone: str = MediaMention.Tone.NEUTRAL,
    topic: str = "",
    press_release: PressRelease | None = None,
) -> MediaMention:
    _require_team(actor)
    mention = MediaMention(
        date=date,
        outlet=outlet,
        headline=headline,
        url=url,
        tone=tone,
        topic=topic,
        press_release=press_release,
        created_by=actor,
    )
    mention.full_clean()
    mention.save()
    return mention
