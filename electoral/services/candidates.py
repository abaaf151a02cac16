"""Candidates and the endorsement (aval) workflow with its per-election document checklist."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent
from core.permissions import ensure_reach, ensure_role, refuse
from core.workflow import move
from electoral.models import (
    Candidate,
    DocumentRequirement,
    Election,
    Endorsement,
    EndorsementDocument,
)
from electoral.models.candidates import ENDORSEMENT_WORKFLOW
from electoral.roles import DECIDERS, OPERATORS
from electoral.services.uploads import check_document
from militancia.models import Member

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from core.models import Territory, User
    from electoral.models import ElectoralUnit, Milestone


@transaction.atomic
def candidate_register(
    *,
    actor: User,
    election: Election,
    member: Member | None,
    office: str,
    territory: Territory | None = None,
    constituency: ElectoralUnit | None = None,
    list_position: int | None = None,
    deadline_milestone: Milestone | None = None,
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
    ENDORSEMENT_WORKFLOW.record(endorsement, from_status="", to_status=endorsement.status, actor=actor)
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
    deadline_milestone: Milestone | None = None,
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


@transaction.atomic
def endorsement_document_upload(
    *, actor: User, endorsement: Endorsement, requirement: DocumentRequirement, file: UploadedFile
) -> EndorsementDocument:
    """Attach (or replace) one checklist document, recording who uploaded it and when."""
    ensure_role(actor, OPERATORS, _("upload endorsement documents"))
    endorsement = Endorsement.objects.select_for_update().select_related("candidate").get(pk=endorsement.pk)
    ensure_reach(actor, endorsement.candidate.territory)
    if requirement.election_id != endorsement.candidate.election_id:
        refuse(_("That document is not on this election's checklist."), "requirement")
    if not endorsement.documents_open:
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


def _step(*, actor, endorsement: Endorsement, name: str, note: str = "", apply=None) -> Endorsement:
    """One move of the endorsement workflow: 403 for a role or territory outside it, then the table."""
    transition = ENDORSEMENT_WORKFLOW.transition(name)
    ensure_role(actor, transition.roles, _("take this step of the endorsement (%(step)s)") % {"step": transition.label})
    ensure_reach(actor, endorsement.candidate.territory)
    return move(endorsement, workflow=ENDORSEMENT_WORKFLOW, name=name, actor=actor, note=note, apply=apply)


def _refuse_missing(endorsement: Endorsement, message: str) -> None:
    missing = endorsement.missing_requirements()
    if missing:
        refuse(message % {"names": ", ".join(r.name for r in missing)})


def endorsement_complete(*, actor: User, endorsement: Endorsement, note: str = "") -> Endorsement:
    """requested → documents complete, once every required document is uploaded."""

    def check(locked: Endorsement) -> None:
        _refuse_missing(locked, _("Documents missing: %(names)s."))

    return _step(actor=actor, endorsement=endorsement, name="complete", note=note, apply=check)


def endorsement_approve(*, actor: User, endorsement: Endorsement, reference: str, note: str = "") -> Endorsement:
    """documents complete → approved, citing the committee minutes."""

    def record(locked: Endorsement) -> None:
        if not reference.strip():
            refuse(_("Write the reference of the committee minutes that approved it."), "reference")
        locked.committee_reference = reference.strip()

    return _step(actor=actor, endorsement=endorsement, name="approve", note=note or reference, apply=record)


def endorsement_issue(*, actor: User, endorsement: Endorsement, note: str = "") -> Endorsement:
    """approved → issued: the letter gets the election's next number."""

    def issue(locked: Endorsement) -> None:
        _refuse_missing(locked, _("The endorsement cannot be issued: documents missing: %(names)s."))
        # The election row is the lock that keeps letter numbers consecutive and unique.
        election = Election.objects.select_for_update().get(pk=locked.candidate.election_id)
        issued = Endorsement.objects.filter(candidate__election=election).exclude(letter_number="").count()
        locked.letter_number = f"AVAL-{election.pk}-{issued + 1:04d}"
        locked.issued_at = timezone.now()
        locked.issued_by = actor

    return _step(actor=actor, endorsement=endorsement, name="issue", note=note, apply=issue)


def endorsement_register(*, actor: User, endorsement: Endorsement, reference: str, note: str = "") -> Endorsement:
    """issued → registered with the electoral authority, with its reference."""

    def record(locked: Endorsement) -> None:
        if not reference.strip():
            refuse(_("Write the authority's registration reference."), "reference")
        locked.authority_reference = reference.strip()

    return _step(actor=actor, endorsement=endorsement, name="register", note=note or reference, apply=record)


def endorsement_reject(*, actor: User, endorsement: Endorsement, note: str) -> Endorsement:
    """Any open step → rejected, with the reason."""

    def record(locked: Endorsement) -> None:
        if not note.strip():
            refuse(_("Write the reason for the rejection."), "note")
        locked.rejection_reason = note.strip()

    return _step(actor=actor, endorsement=endorsement, name="reject", note=note, apply=record)
