"""Candidates and the endorsement (aval) workflow with its per-election document checklist."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent
from electoral.models import (
    Candidate,
    DocumentRequirement,
    Election,
    Endorsement,
    EndorsementDocument,
    EndorsementHistory,
)
from electoral.permissions import ensure_reach, ensure_role, refuse
from electoral.roles import DECIDERS, OPERATORS
from electoral.services.uploads import check_document
from militancia.models import Member

if TYPE_CHECKING:
    from core.models import User

S = Endorsement.Status

# move name → (from statuses, to status, roles allowed)
ENDORSEMENT_MOVES: dict[str, tuple[tuple[str, ...], str, tuple]] = {
    "complete": ((S.REQUESTED,), S.DOCUMENTS_COMPLETE, OPERATORS),
    "approve": ((S.DOCUMENTS_COMPLETE,), S.APPROVED, DECIDERS),
    "issue": ((S.APPROVED,), S.ISSUED, DECIDERS),
    "register": ((S.ISSUED,), S.REGISTERED, DECIDERS),
    "reject": ((S.REQUESTED, S.DOCUMENTS_COMPLETE, S.APPROVED, S.ISSUED), S.REJECTED, DECIDERS),
}


@transaction.atomic
def candidate_register(
    *,
    actor: User,
    election: Election,
    member: Member | None,
    office: str,
    territory=None,
    constituency=None,
    list_position: int | None = None,
    deadline_milestone=None,
) -> Candidate:
    """Register a member as a candidate and open the endorsement request. A non-member is refused."""
    ensure_role(actor, OPERATORS, _("register candidates"))
    if member is None or not isinstance(member, Member):
        refuse(_("Only a party member can be a candidate: register the person as a member first."), "member")
    if not Member.objects.visible_to(actor).filter(pk=member.pk).exists():
        refuse(_("Only a party member can be a candidate: register the person as a member first."), "member")
    if member.status != Member.Status.ACTIVE:
        refuse(
            _("%(name)s is not an active member (status: %(status)s).")
            % {"name": member.full_name, "status": member.get_status_display()},
            "member",
        )
    ensure_reach(actor, territory)
    if Candidate.objects.filter(election=election, member=member).exists():
        refuse(_("%(name)s is already a candidate in this election.") % {"name": member.full_name}, "member")
    candidate = Candidate(
        election=election,
        member=member,
        office=office,
        territory=territory,
        constituency=constituency,
        list_position=list_position,
        created_by=actor,
    )
    candidate.full_clean()
    candidate.save()
    endorsement = Endorsement.objects.create(candidate=candidate, deadline_milestone=deadline_milestone)
    EndorsementHistory.objects.create(endorsement=endorsement, to_status=endorsement.status, actor=actor)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=candidate)
    return candidate


@transaction.atomic
def document_requirement_create(
    *,
    actor: User,
    election: Election,
    name: str,
    description: str = "",
    required: bool = True,
    deadline_milestone=None,
) -> DocumentRequirement:
    ensure_role(actor, DECIDERS, _("configure the document checklist"))
    ensure_reach(actor, election.territory)
    order = (election.document_requirements.aggregate(m=Max("order"))["m"] or 0) + 1
    requirement = DocumentRequirement(
        election=election,
        name=name,
        description=description,
        required=required,
        deadline_milestone=deadline_milestone,
        order=order,
    )
    requirement.full_clean()
    requirement.save()
    return requirement


def _missing_requirements(endorsement: Endorsement) -> list[DocumentRequirement]:
    """Required documents of the election's checklist not uploaded yet for this endorsement."""
    uploaded = set(endorsement.documents.values_list("requirement_id", flat=True))
    return [
        r
        for r in endorsement.candidate.election.document_requirements.select_related("deadline_milestone")
        if r.required and r.pk not in uploaded
    ]


@transaction.atomic
def endorsement_document_upload(
    *, actor: User, endorsement: Endorsement, requirement: DocumentRequirement, file
) -> EndorsementDocument:
    """Attach (or replace) one checklist document, recording who uploaded it and when."""
    ensure_role(actor, OPERATORS, _("upload endorsement documents"))
    endorsement = Endorsement.objects.select_for_update().select_related("candidate").get(pk=endorsement.pk)
    ensure_reach(actor, endorsement.candidate.territory)
    if requirement.election_id != endorsement.candidate.election_id:
        refuse(_("That document is not on this election's checklist."), "requirement")
    if endorsement.status not in (S.REQUESTED, S.DOCUMENTS_COMPLETE, S.APPROVED):
        refuse(
            _("Documents can no longer be changed: the endorsement is “%(s)s”.")
            % {"s": endorsement.get_status_display()}
        )
    check_document(upload=file)
    document, _created = EndorsementDocument.objects.update_or_create(
        endorsement=endorsement,
        requirement=requirement,
        defaults={
            "file": file,
            "original_name": getattr(file, "name", "")[:255],
            "uploaded_by": actor,
            "uploaded_at": timezone.now(),
        },
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=endorsement,
        message=_("Document: %(name)s") % {"name": requirement.name},
    )
    return document


@transaction.atomic
def endorsement_move(
    *,
    actor,
    endorsement: Endorsement,
    move: str,
    note: str = "",
    reference: str = "",
) -> Endorsement:
    """One step of the endorsement workflow (complete, approve, issue, register, reject)."""
    if move not in ENDORSEMENT_MOVES:
        refuse(_("Unknown step."))
    sources, target, roles = ENDORSEMENT_MOVES[move]
    ensure_role(actor, roles, _("take this step of the endorsement (%(step)s)") % {"step": S(target).label})
    endorsement = (
        Endorsement.objects.select_for_update()
        .select_related("candidate__member", "candidate__election")
        .get(pk=endorsement.pk)
    )
    ensure_reach(actor, endorsement.candidate.territory)
    if endorsement.status not in sources:
        refuse(
            _("The endorsement cannot go from “%(old)s” to “%(new)s”.")
            % {"old": endorsement.get_status_display(), "new": S(target).label}
        )
    if move in ("complete", "issue"):
        missing = _missing_requirements(endorsement)
        if missing:
            names = ", ".join(r.name for r in missing)
            if move == "issue":
                refuse(_("The endorsement cannot be issued: documents missing: %(names)s.") % {"names": names})
            refuse(_("Documents missing: %(names)s.") % {"names": names})
    if move == "approve":
        if not reference.strip():
            refuse(_("Write the reference of the committee minutes that approved it."), "reference")
        endorsement.committee_reference = reference.strip()
    if move == "issue":
        election = Election.objects.select_for_update().get(pk=endorsement.candidate.election_id)
        issued = Endorsement.objects.filter(candidate__election=election).exclude(letter_number="").count()
        endorsement.letter_number = f"AVAL-{election.pk}-{issued + 1:04d}"
        endorsement.issued_at = timezone.now()
        endorsement.issued_by = actor
    if move == "register":
        if not reference.strip():
            refuse(_("Write the authority's registration reference."), "reference")
        endorsement.authority_reference = reference.strip()
    if move == "reject":
        if not note.strip():
            refuse(_("Write the reason for the rejection."), "note")
        endorsement.rejection_reason = note.strip()
    old = endorsement.status
    endorsement.status = target
    endorsement.save()
    EndorsementHistory.objects.create(
        endorsement=endorsement, from_status=old, to_status=target, actor=actor, note=(note or reference).strip()
    )
    action = {
        "approve": AuditEvent.Action.APPROVE,
        "reject": AuditEvent.Action.REJECT,
    }.get(move, AuditEvent.Action.STATUS_CHANGE)
    audit_record(actor=actor, action=action, obj=endorsement, changes={"status": [old, target]})
    return endorsement
