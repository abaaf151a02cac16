"""Conflicts a roster raises against existing records, resolved by a national administrator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent
from core.roles import Role
from militancia.models import Member
from rosters import sql
from rosters.models import RosterConflict, RosterUpload
from rosters.services.uploads import RosterError

if TYPE_CHECKING:
    from core.models import User

Status = RosterUpload.Status


def roster_conflict_resolve(*, conflict: RosterConflict, decision: str, actor: User, note: str = "") -> RosterConflict:
    """Keep the member in their territory, or move them to the roster's (filling blanks only)."""
    if actor is None or not actor.has_role(Role.NATIONAL_ADMIN):
        raise PermissionDenied(_("Only a national administrator resolves roster conflicts."))
    if decision not in (RosterConflict.Status.KEPT, RosterConflict.Status.MOVED):
        raise RosterError(_("Choose to keep the member where they are or to move them."))
    with transaction.atomic():
        conflict = RosterConflict.objects.select_for_update().select_related("member").get(pk=conflict.pk)
        if not conflict.is_pending:
            raise RosterError(_("This conflict was already resolved."))
        changes = {}
        if decision == RosterConflict.Status.MOVED:
            member = Member.objects.select_for_update().get(pk=conflict.member_id)
            changes["territory"] = [member.territory_id, conflict.proposed_territory_id]
            member.territory_id = conflict.proposed_territory_id
            for field in sql.FILLABLE:
                value = conflict.data.get(field)
                if value and not getattr(member, field):
                    changes[field] = [getattr(member, field), value]
                    setattr(member, field, value)
            member.updated_by = actor
            member.full_clean(exclude=["photo", "signature", "fingerprint", "consent_file"])
            member.save()
            audit_record(
                actor=actor,
                action=AuditEvent.Action.UPDATE,
                obj=member,
                changes=changes,
                source=AuditEvent.Source.ROSTER,
                source_ref=conflict.upload_id,
                message=_("Roster conflict resolved: moved (row %(line)s)") % {"line": conflict.line},
            )
        conflict.record_decision(decision=decision, actor=actor, note=note)
        audit_record(
            actor=actor,
            action=AuditEvent.Action.APPROVE,
            obj=conflict,
            changes={"status": [RosterConflict.Status.PENDING, decision], **changes},
            source=AuditEvent.Source.ROSTER,
            source_ref=conflict.upload_id,
        )
    return conflict
