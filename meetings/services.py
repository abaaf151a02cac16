"""Writes on meetings and commitments. Each public function authorizes its actor itself."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent
from core.permissions import ensure_reach, ensure_role
from core.uploads import UploadRefused, check_upload
from core.workflow import move
from meetings.models import COMMITMENT_WORKFLOW, Commitment, Meeting, MeetingAttachment, MeetingMember
from meetings.roles import ORGANIZERS
from militancia.identity import InvalidIdNumber, normalize_id_number
from militancia.models import Member

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.core.files import File

    from core.models import Territory, User

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_KINDS = {"pdf", "png", "jpeg", "docx", "xlsx", "ods"}


def _territory_in_reach(actor: User, territory: Territory | None) -> None:
    # A territory picked in a form is a field error, not a 404 (CONTRIBUTING, "Authorization").
    if territory is not None and not actor.can_reach(territory):
        raise ValidationError({"territory": [_("Territory: outside your scope.")]})


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    kind: str,
    title: str,
    starts_at: datetime,
    secretariat: str,
    territory: Territory,
    agenda: str,
    place: str = "",
    link: str = "",
    minutes: str = "",
    attendee_users: Iterable[User] = (),
) -> Meeting:
    """Record a meeting (before it is held, with its agenda, or after, with its minutes)."""
    ensure_role(actor, ORGANIZERS, _("record meetings"))
    _territory_in_reach(actor, territory)
    meeting = Meeting(
        kind=kind,
        title=title.strip(),
        starts_at=starts_at,
        secretariat=secretariat,
        territory=territory,
        agenda=agenda.strip(),
        place=place.strip(),
        link=link.strip(),
        minutes=minutes.strip(),
        created_by=actor,
    )
    meeting.full_clean()
    meeting.save()
    meeting.attendee_users.set(list(attendee_users))
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=meeting)
    return meeting


@transaction.atomic
def meeting_minutes_record(
    *, actor: User, meeting: Meeting, minutes: str, attendee_users: Iterable[User] | None = None
) -> Meeting:
    """Write (or correct) the minutes and the staff who attended."""
    ensure_role(actor, ORGANIZERS, _("record minutes"))
    ensure_reach(actor, meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    before = meeting.minutes
    meeting.minutes = minutes.strip()
    meeting.full_clean()
    meeting.save(update_fields=["minutes"])
    if attendee_users is not None:
        meeting.attendee_users.set(list(attendee_users))
    audit_record(
        actor=actor, action=AuditEvent.Action.UPDATE, obj=meeting, changes={"minutes": [before, meeting.minutes]}
    )
    return meeting


@transaction.atomic
def meeting_member_add(*, actor: User, meeting: Meeting, id_type: str, id_number: str) -> MeetingMember:
    """Record a party member among the attendees, by document (never shows who holds a number
    outside the actor's scope: the same answer as for a number nobody holds)."""
    ensure_role(actor, ORGANIZERS, _("record attendees"))
    ensure_reach(actor, meeting)
    try:
        number = normalize_id_number(id_type, id_number)
    except InvalidIdNumber as exc:
        raise ValidationError({"id_number": [str(exc)]}) from exc
    member = Member.objects.visible_to(actor).filter(id_type=id_type, id_number=number).first()
    if member is None:
        raise ValidationError({"id_number": [_("No member with that document in your scope.")]})
    attendance, created = MeetingMember.objects.get_or_create(meeting=meeting, member=member)
    if created:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=attendance,
            changes={"meeting": meeting.pk, "member": member.pk},
            message_is_personal=False,
        )
    return attendance


@transaction.atomic
def meeting_attachment_add(*, actor: User, meeting: Meeting, upload: File, name: str = "") -> MeetingAttachment:
    """Attach a file to a meeting (PDF, image, Word or spreadsheet; checked by content)."""
    ensure_role(actor, ORGANIZERS, _("attach files to meetings"))
    ensure_reach(actor, meeting)
    try:
        check_upload(upload, allowed=ATTACHMENT_KINDS, max_bytes=MAX_ATTACHMENT_BYTES)
    except UploadRefused as exc:
        if exc.code == "too_large":
            raise ValidationError({"file": [_("The file is larger than 10 MB.")]}) from exc
        raise ValidationError(
            {"file": [_("The file must be a PDF, an image (PNG, JPEG), a Word document or a spreadsheet.")]}
        ) from exc
    attachment = MeetingAttachment(
        meeting=meeting, file=upload, name=(name.strip() or upload.name)[:200], uploaded_by=actor
    )
    attachment.full_clean()
    attachment.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=attachment, changes={"meeting": meeting.pk})
    return attachment


@transaction.atomic
def commitment_create(
    *, actor: User, meeting: Meeting, description: str, responsible: User | None, due_on: date | None
) -> Commitment:
    """A decision of the meeting becomes a commitment: who does it, by when."""
    ensure_role(actor, ORGANIZERS, _("record commitments"))
    ensure_reach(actor, meeting)
    errors: dict[str, list[str]] = {}
    if not (description or "").strip():
        errors["description"] = [_("Commitment: write what was decided.")]
    if responsible is None:
        errors["responsible"] = [_("Responsible person: every commitment needs someone who answers for it.")]
    elif not responsible.is_active:
        errors["responsible"] = [_("Responsible person: that account is disabled.")]
    if due_on is None:
        errors["due_on"] = [_("Due date: every commitment needs a date by which it is done.")]
    if errors:
        raise ValidationError(errors)
    commitment = Commitment(
        meeting=meeting, description=description.strip(), responsible=responsible, due_on=due_on, created_by=actor
    )
    commitment.full_clean()
    commitment.save()
    COMMITMENT_WORKFLOW.record(commitment, from_status="", to_status=commitment.status, actor=actor)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=commitment,
        changes={"responsible": responsible.pk, "due_on": due_on},
    )
    return commitment


def commitment_move(*, actor: User, commitment: Commitment, name: str, note: str = "") -> Commitment:
    """Start, complete or reopen a commitment (the workflow checks who may)."""
    if actor is None or commitment.responsible_id != actor.pk:
        ensure_role(actor, ORGANIZERS, _("change other people's commitments"))
        ensure_reach(actor, commitment)

    def apply(locked: Commitment) -> None:
        locked.done_on = timezone.localdate() if name == "complete" else None

    return move(commitment, workflow=COMMITMENT_WORKFLOW, name=name, actor=actor, note=note, apply=apply)


# --- system work (beat): no actor, listed in core.permissions.SYSTEM_SERVICES -------------------


def commitments_mark_overdue(*, today: date | None = None) -> int:
    """Nightly: open commitments past their due date become `vencido` (with a history row each)."""
    today = today or timezone.localdate()
    late = Commitment.objects.filter(
        status__in=(Commitment.Status.PENDING, Commitment.Status.IN_PROGRESS), due_on__lt=today
    ).values_list("pk", flat=True)
    moved = 0
    for pk in list(late):
        with transaction.atomic():
            move(pk, workflow=COMMITMENT_WORKFLOW, name="expire", actor=None, message="")
        moved += 1
    return moved


def commitments_digest_send(*, today: date | None = None, horizon_days: int = 7, limit: int = 50) -> int:
    """Weekly: e-mail each responsible person their overdue commitments and those due in the coming
    week. Returns the number of e-mails sent."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=horizon_days)
    rows = (
        Commitment.objects.open()
        .filter(due_on__lte=horizon, responsible__is_active=True)
        .exclude(responsible__email="")
        .select_related("responsible", "meeting")
        .order_by("responsible_id", "due_on", "pk")
    )
    by_user: dict[int, list[Commitment]] = {}
    for commitment in rows:
        by_user.setdefault(commitment.responsible_id, []).append(commitment)
    sent = 0
    for commitments in by_user.values():
        user = commitments[0].responsible
        overdue = [c for c in commitments if c.due_on < today]
        upcoming = [c for c in commitments if c.due_on >= today]
        lines = []
        if overdue:
            lines.append(_("Overdue:"))
            lines += [_line(c) for c in overdue[:limit]]
        if upcoming:
            lines.append("")
            lines.append(_("Due in the coming week:"))
            lines += [_line(c) for c in upcoming[:limit]]
        lines.append("")
        lines.append(f"{settings.SITE_URL}/compromisos/")
        send_mail(
            subject=_("Your commitments: %(overdue)s overdue, %(upcoming)s due this week")
            % {"overdue": len(overdue), "upcoming": len(upcoming)},
            message="\n".join(lines),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
        sent += 1
    return sent


def _line(commitment: Commitment) -> str:
    return _("%(due)s · %(what)s (meeting: %(meeting)s)") % {
        "due": commitment.due_on.strftime("%d/%m/%Y"),
        "what": commitment.description[:120],
        "meeting": commitment.meeting.title,
    }
