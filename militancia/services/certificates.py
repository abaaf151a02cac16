"""Membership certificates: issue one (audited) and check one from its public code."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent
from core.permissions import ensure_reach, ensure_role
from militancia.models import Member, MembershipCertificate
from militancia.roles import CERTIFIERS

if TYPE_CHECKING:
    from core.models import User


@transaction.atomic
def certificate_issue(*, member: Member, actor: User) -> MembershipCertificate:
    """Issue a certificate for an active member; each issue is audited as a download."""
    ensure_role(actor, CERTIFIERS, _("issue membership certificates"))
    ensure_reach(actor, member)
    if not member.is_active or member.merged_into_id or member.anonymized_at:
        raise ValidationError(_("A certificate can only be issued for an active member."))
    certificate = MembershipCertificate(
        member=member,
        issued_by=actor if getattr(actor, "pk", None) else None,
        valid_until=timezone.localdate() + timedelta(days=MembershipCertificate.VALID_DAYS),
    )
    certificate.full_clean()
    certificate.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DOWNLOAD,
        obj=member,
        message=_("Membership certificate issued (valid until %(date)s).")
        % {"date": certificate.valid_until.strftime("%d/%m/%Y")},
    )
    return certificate


def certificate_is_valid(*, code: str) -> bool:
    """Whether a code belongs to a certificate that is still valid. Reveals nothing else."""
    if not code or len(code) > 40:
        return False
    certificate = MembershipCertificate.objects.select_related("member").filter(code=code).first()
    return bool(certificate and certificate.is_valid())
