"""Data-subject rights (Ley 1581 de 2012): the report of all data held, and suppression by anonymization.

Suppression erases the member's personal data everywhere the personal-data registry knows
(militancia/personal_data.py: the record, merged records, roster rows, requests, cards, poll
watchers…), deletes the files, and erases the personal values of the audit log, which live in
a side table (core/audit.py) so the events themselves stay append-only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from attention.models import AttentionRequest
from core.audit import audit_record
from core.models import AuditEvent
from core.roles import Role
from data_rights.models import SuppressionRequest
from militancia.models import Member
from militancia.personal_data import personal_data_erase
from militancia.personal_data_entries import MEMBER_FIELDS

if TYPE_CHECKING:
    from core.models import User

# What is erased on the member: its registered personal fields. Every other app's copy is in the
# registry too. Kept: territory, membership dates, status and its history, offices and training
# (now pointing to an anonymous record): the party must be able to account for them.
ERASED_FIELDS = [name for name in MEMBER_FIELDS if name != "search_name"]


def _require_national_admin(actor: User) -> None:
    if not (actor.has_role(Role.NATIONAL_ADMIN) and actor.is_national):
        raise ValidationError(_("Only a national administrator with national scope can do this."))


def suppression_request(
    *, actor: User, member: Member, reason: str, attention_request: AttentionRequest | None = None
) -> SuppressionRequest:
    """First administrator: ask for the suppression of a resigned member's data."""
    _require_national_admin(actor)
    errors = {}
    if member.anonymized_at:
        errors["member"] = [_("This member's data has already been suppressed.")]
    elif member.status != Member.Status.RESIGNED:
        errors["member"] = [_("Only the data of a member who resigned can be suppressed.")]
    elif SuppressionRequest.objects.filter(member=member, status=SuppressionRequest.Status.PENDING).exists():
        errors["member"] = [_("There is already a suppression waiting for confirmation for this member.")]
    if not reason.strip():
        errors["reason"] = [_("Record why (the member's request).")]
    if attention_request is not None and attention_request.member_id != member.pk:
        errors["attention_request"] = [_("That request is not from this member.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = SuppressionRequest.objects.create(
            member=member, reason=reason.strip(), attention_request=attention_request, requested_by=actor
        )
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=request, message=_("data suppression requested"))
    return request


def suppression_cancel(*, actor: User, request: SuppressionRequest) -> SuppressionRequest:
    _require_national_admin(actor)
    with transaction.atomic():
        locked = SuppressionRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != SuppressionRequest.Status.PENDING:
            raise ValidationError(_("This suppression is no longer pending."))
        locked.status = SuppressionRequest.Status.CANCELLED
        locked.save(update_fields=["status"])
        audit_record(actor=actor, action=AuditEvent.Action.REJECT, obj=locked, message=_("data suppression cancelled"))
    return locked


def suppression_confirm(*, actor: User, request: SuppressionRequest) -> Member:
    """Second, different administrator: anonymize the member. Irreversible."""
    _require_national_admin(actor)
    with transaction.atomic():
        locked = SuppressionRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != SuppressionRequest.Status.PENDING:
            raise ValidationError(_("This suppression is no longer pending."))
        if locked.requested_by_id == actor.pk:
            raise ValidationError(_("A second, different national administrator must confirm the suppression."))
        member = Member.objects.select_for_update().get(pk=locked.member_id)
        if member.anonymized_at or member.status != Member.Status.RESIGNED:
            raise ValidationError(_("Only the data of a member who resigned can be suppressed."))
        now = timezone.now()
        # Every registered copy of the person's data (militancia/personal_data.py): the record,
        # roster rows, requests, cards, poll watchers…, the audit log's personal values, files.
        personal_data_erase(member)
        Member.objects.filter(pk=member.pk).update(
            has_open_claim=False, anonymized_at=now, updated_at=now, updated_by=actor
        )
        locked.status = SuppressionRequest.Status.DONE
        locked.confirmed_by = actor
        locked.confirmed_at = now
        locked.save(update_fields=["status", "confirmed_by", "confirmed_at"])
        # The audit event names the erased fields, never their values.
        audit_record(
            actor=actor,
            action=AuditEvent.Action.ANONYMIZE,
            obj=Member.objects.get(pk=member.pk),
            changes={field: ["***", ""] for field in ERASED_FIELDS},
            message=_("suppression #%(id)s requested by %(user)s")
            % {"id": locked.pk, "user": locked.requested_by.get_username()},
            message_is_personal=False,
        )
    return Member.objects.get(pk=member.pk)
