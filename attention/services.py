"""Every write on attention requests: filing, assigning, moving, extending, answering, closing."""

from __future__ import annotations

import secrets
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attention.calendar import add_business_days, business_days_between
from attention.models import (
    ATTENTION_WORKFLOW,
    LEGAL_TERMS,
    AttentionAttachment,
    AttentionExtension,
    AttentionKind,
    AttentionRequest,
)
from attention.roles import HANDLERS
from core.audit import audit_record
from core.models import AuditEvent, Territory
from core.permissions import ensure_reach, ensure_role
from core.text import clean_text, looks_like_formula
from core.uploads import UploadRefused, check_upload
from core.workflow import TransitionError, move
from militancia.models import Member

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.core.files import File

    from core.models import User

Status = AttentionRequest.Status

_TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def attention_deadlines(*, kind: str, received_on: date) -> tuple[date, date]:
    """(due date, latest date the term may be extended to) for a request received that day."""
    term, extra = LEGAL_TERMS[kind]
    return add_business_days(received_on, term), add_business_days(received_on, term + extra)


def _new_tracking_number(received_on: date) -> str:
    # Random, not sequential: together with the ID number it is the requester's only key.
    while True:
        code = "".join(secrets.choice(_TRACKING_ALPHABET) for _ in range(8))
        number = f"{received_on:%Y}-{code}"
        if not AttentionRequest.objects.filter(tracking_number=number).exists():
            return number


def _history(request: AttentionRequest, *, from_status: str, to_status: str, actor: User, note: str = "") -> None:
    ATTENTION_WORKFLOW.record(request, from_status=from_status, to_status=to_status, actor=actor, note=note)


def _check_attachments(files) -> None:
    for upload in files:
        try:
            check_upload(upload, allowed={"pdf", "png", "jpeg"}, max_bytes=MAX_ATTACHMENT_BYTES)
        except UploadRefused as exc:
            if exc.code == "too_large":
                raise ValidationError(_("The file %(name)s is larger than 10 MB.") % {"name": upload.name}) from exc
            raise ValidationError(_("The file %(name)s is not a PDF, PNG or JPEG.") % {"name": upload.name}) from exc


def _set_claim_flag(member_id: int | None, actor: User) -> None:
    """A member has "reclamo en trámite" while any of their habeas-data claims is not closed."""
    if not member_id:
        return
    member = Member.objects.select_for_update().get(pk=member_id)
    wanted = (
        AttentionRequest.objects.filter(member_id=member_id, kind=AttentionKind.HD_CLAIM)
        .exclude(status=Status.CLOSED)
        .exists()
    )
    if member.has_open_claim != wanted:
        Member.objects.filter(pk=member_id).update(has_open_claim=wanted)
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=member,
            changes={"has_open_claim": [member.has_open_claim, wanted]},
            message=_("Habeas-data claim flag"),
        )


def attention_create(
    *,
    actor: User | None,
    channel: str,
    kind: str,
    subject: str,
    description: str,
    requester_id_type: str = "CC",
    requester_id_number: str,
    requester_name: str = "",
    email: str = "",
    phone: str = "",
    address: str = "",
    member: Member | None = None,
    territory: Territory | None = None,
    received_on: date | None = None,
    assigned_to: User | None = None,
    attachments: Iterable[File] = (),
    public: bool = False,
) -> AttentionRequest:
    """File a request. Staff pass the member they found (in their scope); the public form passes none.

    The public form looks the ID number up to link the member silently: the requester is told
    nothing about membership either way.
    """
    if public:
        # The public form is the one path without a person behind it (see CONTRIBUTING, "Authorization").
        if actor is not None:
            raise ValueError("attention_create(public=True) is the public form: it takes no actor")
    else:
        ensure_role(actor, HANDLERS, _("file attention requests"))
        if member is not None:
            ensure_reach(actor, member)
    received_on = received_on or timezone.localdate()
    if public and member is None:
        member = Member.objects.filter(id_type=requester_id_type, id_number=requester_id_number).first()
    if member is not None:
        territory = member.territory
        requester_name = requester_name or member.full_name
        requester_id_type, requester_id_number = member.id_type, member.id_number
        if not public:
            email, phone, address = email or member.email, phone or member.phone, address or member.address
    requester_name, address = " ".join(clean_text(requester_name).split()), clean_text(address)
    errors: dict[str, list[str]] = {}
    if looks_like_formula(requester_name):
        errors["requester_name"] = [
            _("Full name: it cannot start with =, +, - or @ (it looks like a spreadsheet formula).")
        ]
    if not (email.strip() or phone.strip() or address.strip()):
        errors["email"] = [
            _("Give at least one way to answer the request: an e-mail, a phone number or a postal address.")
        ]
    if territory is None:
        errors["territory"] = [_("Choose the territory of the request.")]
    elif not public and not actor.can_reach(territory):
        errors["territory"] = [_("That territory is outside your scope.")]
    if received_on > timezone.localdate():
        errors["received_on"] = [_("The reception date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    _check_attachments(attachments)

    due_on, legal_max = attention_deadlines(kind=kind, received_on=received_on)
    request = AttentionRequest(
        tracking_number=_new_tracking_number(received_on),
        channel=channel,
        kind=kind,
        member=member,
        requester_id_type=requester_id_type,
        requester_id_number=requester_id_number,
        requester_name=requester_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        address=address.strip(),
        territory=territory,
        subject=subject.strip(),
        description=description.strip(),
        received_on=received_on,
        due_on=due_on,
        legal_max_due_on=legal_max,
        assigned_to=assigned_to,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    request.full_clean()
    with transaction.atomic():
        request.save()
        for upload in attachments:
            AttentionAttachment.objects.create(request=request, file=upload, name=upload.name[:200], uploaded_by=None)
        _history(request, from_status="", to_status=Status.RECEIVED, actor=actor)
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=request,
            source=AuditEvent.Source.PUBLIC if public else None,
            message=_("Attention request filed"),
        )
        if kind == AttentionKind.HD_CLAIM:
            _set_claim_flag(request.member_id, actor)
    return request


def _locked(request: AttentionRequest) -> AttentionRequest:
    # Lock the row: two staff members pressing "answer" at once must not both win.
    return AttentionRequest.objects.select_for_update().get(pk=request.pk)


def _suspend(locked: AttentionRequest, today: date) -> str:
    """Waiting for the requester: the legal term stops running (Ley 1755 de 2015 art. 17)."""
    locked.suspended_on = today
    return _(
        "Term suspended while the requester completes the request (Ley 1755 de 2015, art. 17). "
        "If they do not answer by %(date)s the request is taken as withdrawn."
    ) % {"date": locked.withdrawal_on.strftime("%d/%m/%Y")}


def _resume(locked: AttentionRequest, today: date) -> str:
    """The requester answered: the term runs again from the next business day, and the due dates
    move by the business days it stood still."""
    if locked.suspended_on is None:
        return ""
    days = business_days_between(locked.suspended_on, today)
    since = locked.suspended_on
    locked.suspended_on = None
    if days:
        locked.due_on = add_business_days(locked.due_on, days)
        locked.legal_max_due_on = add_business_days(locked.legal_max_due_on, days)
    return _(
        "Term resumed: suspended since %(since)s for %(days)s business days; the request is now due on %(due)s."
    ) % {"since": since.strftime("%d/%m/%Y"), "days": days, "due": locked.due_on.strftime("%d/%m/%Y")}


def _join(*notes: str) -> str:
    return "\n".join(n for n in notes if n)


SUSPENSION_FIELDS = ["suspended_on", "due_on", "legal_max_due_on"]


def attention_transition(*, request: AttentionRequest, to_status: str, actor: User, note: str = "") -> AttentionRequest:
    """Move a request to another status (not "answered": use attention_answer)."""
    ensure_role(actor, HANDLERS, _("handle attention requests"))
    ensure_reach(actor, request)
    if to_status == Status.ANSWERED:
        raise ValidationError(_("Use the answer form to answer a request."))
    with transaction.atomic():
        locked = _locked(request)
        try:
            transition = ATTENTION_WORKFLOW.between(locked, to_status)
        except TransitionError:
            raise ValidationError(
                _("A request that is “%(current)s” cannot move to “%(target)s”.")
                % {"current": locked.get_status_display(), "target": Status(to_status).label}
            ) from None
        notes = {}

        def apply(row: AttentionRequest) -> None:
            today = timezone.localdate()
            if to_status == Status.CLOSED:
                row.closed_at = timezone.now()
            if transition.name == "reopen":
                row.answered_at = row.answered_on = None
            if to_status == Status.WAITING:
                row.status = to_status  # the suspension notice reads the new status
                notes["term"] = _suspend(row, today)
            elif row.status == Status.WAITING:
                notes["term"] = _resume(row, today)

        locked = move(
            locked,
            workflow=ATTENTION_WORKFLOW,
            name=transition.name,
            actor=actor,
            apply=apply,
            message=note,
            history=lambda row: {"note": _join(note, notes.get("term", ""))},
        )
        if locked.kind == AttentionKind.HD_CLAIM and to_status == Status.CLOSED:
            _set_claim_flag(locked.member_id, actor)
    return locked


def attention_assign(*, request: AttentionRequest, assignee: User | None, actor: User) -> AttentionRequest:
    ensure_role(actor, HANDLERS, _("assign attention requests"))
    ensure_reach(actor, request)
    with transaction.atomic():
        locked = _locked(request)
        if not locked.is_open:
            raise ValidationError(_("An answered or closed request cannot be reassigned."))
        if assignee is not None and not (assignee.is_active and assignee.can_reach(locked.territory)):
            raise ValidationError({"assigned_to": [_("That staff member cannot see this request's territory.")]})
        before = locked.assigned_to
        locked.assigned_to = assignee
        locked.save(update_fields=["assigned_to"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=locked,
            changes={"assigned_to": [str(before or ""), str(assignee or "")]},
        )
    return locked


def attention_extend(
    *, request: AttentionRequest, actor: User, new_due_on: date, reason: str, notice_on: date
) -> AttentionExtension:
    """Extend the term. Refused past the legal maximum, without a reason, or noticed too late."""
    ensure_role(actor, HANDLERS, _("extend attention request deadlines"))
    ensure_reach(actor, request)
    with transaction.atomic():
        locked = _locked(request)
        errors: dict[str, list[str]] = {}
        if not locked.is_open:
            errors["new_due_on"] = [_("An answered or closed request cannot be extended.")]
        elif new_due_on <= locked.due_on:
            errors["new_due_on"] = [_("The new due date must be later than the current one.")]
        elif new_due_on > locked.legal_max_due_on:
            errors["new_due_on"] = [
                _("The law allows extending this request at most until %(date)s.")
                % {"date": locked.legal_max_due_on.strftime("%d/%m/%Y")}
            ]
        if not reason.strip():
            errors["reason"] = [_("Say why the term is extended.")]
        if notice_on > locked.due_on:
            errors["notice_on"] = [_("The requester must be told before the current term expires.")]
        elif notice_on < locked.received_on:
            errors["notice_on"] = [_("The notice cannot be earlier than the reception date.")]
        if errors:
            raise ValidationError(errors)
        extension = AttentionExtension.objects.create(
            request=locked,
            previous_due_on=locked.due_on,
            new_due_on=new_due_on,
            reason=reason.strip(),
            notice_on=notice_on,
            created_by=actor,
        )
        locked.due_on = new_due_on
        locked.save(update_fields=["due_on"])
        _history(
            locked,
            from_status=locked.status,
            to_status=locked.status,
            actor=actor,
            note=_("Term extended to %(date)s: %(reason)s")
            % {"date": new_due_on.strftime("%d/%m/%Y"), "reason": reason},
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=locked,
            changes={"due_on": [extension.previous_due_on, new_due_on]},
            message=reason[:400],
        )
    return extension


def attention_answer(
    *, request: AttentionRequest, actor: User, text: str, files: Iterable[File] = (), send: bool = True
) -> AttentionRequest:
    """Record the answer and send it to the requester's e-mail when there is one."""
    ensure_role(actor, HANDLERS, _("answer attention requests"))
    ensure_reach(actor, request)
    if not text.strip():
        raise ValidationError({"answer_text": [_("Write the answer.")]})
    _check_attachments(files)
    with transaction.atomic():
        locked = _locked(request)
        if locked.status not in ATTENTION_WORKFLOW.transition("answer").sources:
            raise ValidationError(_("This request has already been answered or closed."))
        now = timezone.now()
        notes = {}

        def apply(row: AttentionRequest) -> None:
            row.answer_text = text.strip()
            row.answered_at = now
            row.answered_on = timezone.localdate(now)
            notes["term"] = _resume(row, row.answered_on) if row.status == Status.WAITING else ""

        locked = move(
            locked,
            workflow=ATTENTION_WORKFLOW,
            name="answer",
            actor=actor,
            apply=apply,
            message=_("Answer recorded"),
            history=lambda row: {"note": notes["term"]},
        )
        for upload in files:
            AttentionAttachment.objects.create(
                request=locked, file=upload, name=upload.name[:200], is_answer=True, uploaded_by=actor
            )
        if send and locked.email:
            from attention.tasks import send_answer_email

            # From a worker, never the web process: a slow or failing mail server neither holds
            # the page nor loses the answer (the task retries).
            transaction.on_commit(lambda: send_answer_email.delay(locked.pk))
    return locked


def attention_answer_send(*, request: AttentionRequest) -> bool:
    """E-mail the answer with its files to the requester, once, and record when it was sent."""
    from django.core.mail import EmailMessage

    if request.answer_sent_at is not None or not request.email:
        return False
    message = EmailMessage(
        subject=_("Answer to your request %(number)s") % {"number": request.tracking_number},
        body=request.answer_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[request.email],
    )
    for attachment in request.attachments.filter(is_answer=True):
        with attachment.file.open("rb") as handle:
            message.attach(attachment.name, handle.read())
    message.send()
    AttentionRequest.objects.filter(pk=request.pk).update(answer_sent_at=timezone.now())
    return True


def attention_send_reminders(*, today: date | None = None, soon_days: int = 2, digest_limit: int = 50) -> int:
    """Once a day, e-mail the overdue and due-soon requests: each assigned staff member gets theirs;
    the requests nobody took go to the coordinators (and national administrators) who can reach them."""
    from django.contrib.auth import get_user_model

    from core.roles import Role

    today = today or timezone.localdate()
    horizon = add_business_days(today, soon_days)
    pending = list(
        AttentionRequest.objects.open()
        .exclude(status=Status.WAITING)
        .filter(due_on__lte=horizon)
        .exclude(reminded_on=today)
        .order_by("due_on", "id")
        .values_list("pk", "assigned_to_id", "tracking_number", "subject", "due_on", "territory__path")
    )
    by_user: dict[int, list] = {}
    unassigned = []
    for row in pending:
        if row[1] is None:
            unassigned.append(row)
        else:
            by_user.setdefault(row[1], []).append(row)
    User = get_user_model()
    recipients = {user.pk: user for user in User.objects.filter(pk__in=list(by_user), is_active=True)}
    if unassigned:
        staff = (
            User.objects.filter(
                is_active=True, groups__name__in=[Role.NATIONAL_ADMIN.value, Role.REGIONAL_COORDINATOR.value]
            )
            .exclude(email="")
            .prefetch_related("territories")
            .distinct()
        )
        for user in staff:
            paths = [t.path for t in user.territories.all()]
            mine = [row for row in unassigned if not paths or any(row[5].startswith(p) for p in paths)]
            if mine:
                recipients.setdefault(user.pk, user)
                by_user.setdefault(user.pk, []).extend(mine)
    sent = 0
    reminded: set[int] = set()
    for user_id, rows in by_user.items():
        user = recipients.get(user_id)
        if user is None or not user.email:
            continue
        rows = sorted(rows, key=lambda row: row[4])
        lines = [
            f"{number} · {subject} · "
            + (_("OVERDUE since %(d)s") if due < today else _("due %(d)s")) % {"d": due.strftime("%d/%m/%Y")}
            + ("" if assignee else " · " + _("not assigned"))
            for _pk, assignee, number, subject, due, _path in rows[:digest_limit]
        ]
        if len(rows) > digest_limit:
            lines.append(_("… and %(n)s more.") % {"n": len(rows) - digest_limit})
        send_mail(
            subject=_("Attention requests waiting for you: %(n)s") % {"n": len(rows)},
            message="\n".join(lines) + f"\n\n{settings.SITE_URL}/solicitudes/?urgency=overdue",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
        reminded.update(row[0] for row in rows)
        sent += 1
    if reminded:
        AttentionRequest.objects.filter(pk__in=reminded).update(reminded_on=today)
    return sent
