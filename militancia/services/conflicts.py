"""The national conflict queue for registrations: a document typed outside the holder's territory.

Whoever types a document that is already a member's outside their scope learns nothing about
that member (name, territory, who registered them): the case waits for the national office and
the typist is told only that it needs national review.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent, Territory
from core.permissions import ensure_national, ensure_role, refuse
from militancia.identity import IdType, InvalidIdNumber, normalize_id_number
from militancia.models import Member, RegistrationConflict
from militancia.roles import CONFLICT_DECIDERS

if TYPE_CHECKING:
    from core.models import User

# Typed values worth showing the national office next to the member's (names and contact only).
_KEPT_VALUES = ("first_names", "last_names", "birth_date", "phone", "email", "address")


def national_review_message() -> str:
    return _("This document requires national review: the national office will follow it up.")


class NationalReviewRequired(ValidationError):
    """The document belongs to someone the actor may not see: sent to the national queue."""

    def __init__(self):
        super().__init__({"id_number": [national_review_message()]})


def registration_holder_hidden(*, actor: User, id_type: str, id_number: str) -> Member | None:
    """The member holding this document when the actor may not see them, else None.

    Not a write: the registering services and the drive's lookup ask it before anything else.
    """
    try:
        number = normalize_id_number(id_type or IdType.CC, id_number)
    except InvalidIdNumber:
        return None
    holder = Member.objects.select_related("territory").filter(id_type=id_type or IdType.CC, id_number=number).first()
    if holder is None or actor.can_reach(holder.territory):
        return None
    return holder


def registration_refuse_if_hidden(
    *, actor: User, id_type: str, id_number: str, territory: Territory, source: str, source_ref: str, data: dict
) -> None:
    """Queue the case and raise NationalReviewRequired when the document is a hidden member's.

    Call it outside the caller's transaction: the queued case must survive the refusal.
    """
    holder = registration_holder_hidden(actor=actor, id_type=id_type, id_number=id_number)
    if holder is None:
        return
    registration_conflict_raise(
        actor=actor, member=holder, territory=territory, source=source, source_ref=source_ref, data=data
    )
    raise NationalReviewRequired()


@transaction.atomic
def registration_conflict_raise(
    *, actor: User, member: Member, territory: Territory, source: str, source_ref: str = "", data: dict
) -> RegistrationConflict:
    """Queue the case once: the same person typed again for the same territory adds nothing."""
    pending = RegistrationConflict.objects.filter(
        member=member, proposed_territory=territory, status=RegistrationConflict.Status.PENDING
    ).first()
    if pending is not None:
        return pending
    kept = {name: str(data[name]) for name in _KEPT_VALUES if data.get(name)}
    conflict = RegistrationConflict.objects.create(
        member=member,
        proposed_territory=territory,
        source=source,
        source_ref=str(source_ref or "")[:50],
        data=kept,
        raised_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=conflict,
        message=_("Registration sent to national review"),
        message_is_personal=False,
    )
    return conflict


@transaction.atomic
def registration_conflict_resolve(
    *, conflict: RegistrationConflict, decision: str, actor: User, note: str = ""
) -> RegistrationConflict:
    """Keep the member where they are, or move them to the territory that was typed."""
    ensure_role(actor, CONFLICT_DECIDERS, _("resolve registration conflicts"))
    ensure_national(actor, _("resolve registration conflicts"))
    if decision not in (RegistrationConflict.Status.KEPT, RegistrationConflict.Status.MOVED):
        refuse(_("Choose a decision."), "decision")
    conflict = RegistrationConflict.objects.select_for_update().get(pk=conflict.pk)
    if not conflict.is_pending:
        refuse(_("This conflict was already resolved."))
    changes: dict = {"status": [conflict.status, decision]}
    if decision == RegistrationConflict.Status.MOVED:
        member = Member.objects.select_for_update().get(pk=conflict.member_id)
        changes["territory"] = [member.territory_id, conflict.proposed_territory_id]
        member.territory_id = conflict.proposed_territory_id
        member.updated_by = actor
        member.save(update_fields=["territory", "updated_by", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=member,
            changes={"territory": changes["territory"]},
            message=_("Registration conflict resolved: moved"),
            message_is_personal=False,
        )
    conflict.record_decision(decision=decision, actor=actor, note=note)
    audit_record(actor=actor, action=AuditEvent.Action.APPROVE, obj=conflict, changes=changes)
    return conflict
