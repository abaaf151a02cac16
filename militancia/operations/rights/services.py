"""Data-subject rights (Ley 1581 de 2012): the report of all data held, and suppression by anonymization."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.audit import audit_record
from core.models import AuditEvent
from core.roles import Role
from militancia.models import AttentionRequest, Member, SuppressionRequest

# What is erased. Kept: territory, membership dates, status and its history, offices and training
# (now pointing to an anonymous record): the party must be able to account for them.
ERASED_FIELDS = [
    "first_names",
    "last_names",
    "id_number",
    "birth_date",
    "sex",
    "phone",
    "email",
    "address",
    "consent_evidence",
    "photo",
    "signature",
    "fingerprint",
    "consent_file",
]


def _require_national_admin(actor) -> None:
    if not (actor.has_role(Role.NATIONAL_ADMIN) and actor.is_national):
        raise ValidationError(_("Only a national administrator with national scope can do this."))


def suppression_request(*, actor, member: Member, reason: str, attention_request: AttentionRequest | None = None):
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
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=request, message="supresión de datos solicitada")
    return request


def suppression_cancel(*, actor, request: SuppressionRequest) -> SuppressionRequest:
    _require_national_admin(actor)
    with transaction.atomic():
        locked = SuppressionRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != SuppressionRequest.Status.PENDING:
            raise ValidationError(_("This suppression is no longer pending."))
        locked.status = SuppressionRequest.Status.CANCELLED
        locked.save(update_fields=["status"])
        audit_record(actor=actor, action=AuditEvent.Action.REJECT, obj=locked, message="supresión de datos cancelada")
    return locked


def suppression_confirm(*, actor, request: SuppressionRequest) -> Member:
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
        files = [getattr(member, name) for name in ("photo", "signature", "fingerprint", "consent_file")]
        now = timezone.now()
        anonymous_number = f"ANON{member.pk}"
        Member.objects.filter(pk=member.pk).update(
            # Two words shown as "first last"; the context lets Spanish swap them ("Registro anonimizado").
            first_names=pgettext("anonymized member name, first word", "Anonymized"),
            last_names=pgettext("anonymized member name, second word", "record"),
            search_name="",
            id_number=anonymous_number,
            birth_date=None,
            sex="",
            phone="",
            email="",
            address="",
            consent_evidence="",
            photo="",
            signature="",
            fingerprint="",
            consent_file="",
            has_open_claim=False,
            anonymized_at=now,
            updated_at=now,
            updated_by=actor,
        )
        # The requests the member filed are kept (the law asks for the answers), without who filed them.
        AttentionRequest.objects.filter(member=member).update(
            requester_name=_("Anonymized"),
            requester_id_number=anonymous_number,
            email="",
            phone="",
            # A request always keeps a way to answer (check constraint); this one is spent.
            address=_("(personal data suppressed)"),
        )
        # Copies of the same personal data elsewhere: the roster rows that created or matched the
        # member, and the ID number typed while auditing a vendor's box.
        from militancia.models import RosterRow
        from militancia.models.audits import SampleItem

        RosterRow.objects.filter(member_id=member.pk).update(
            raw=None,
            id_number=anonymous_number,
            first_names="",
            last_names="",
            search_name="",
            birth_date=None,
            phone="",
            email="",
            address="",
            differences=None,
        )
        SampleItem.objects.filter(member_id=member.pk).update(id_number=anonymous_number, notes="")
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
            message=f"supresión #{locked.pk} solicitada por {locked.requested_by.get_username()}",
        )

        def delete_files():
            for stored in files:
                if stored:
                    stored.storage.delete(stored.name)

        transaction.on_commit(delete_files)
    return Member.objects.get(pk=member.pk)
