"""Candidates, the endorsement workflow, its document checklist and the endorsement letter."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent
from core.views.helpers import page_without_count, pdf_response, require_role, role_required, service_error
from electoral.forms import CandidateForm, DocumentUploadForm, EndorsementMoveForm, RequirementForm
from electoral.models import Candidate, DocumentRequirement, Endorsement
from electoral.pdf import EndorsementLetterData, endorsement_letter_pdf
from electoral.roles import DECIDERS, OPERATORS, READERS
from electoral.services import candidates as services
from electoral.views.common import election_for, role_flags


def _candidate(request, election, candidate_id) -> Candidate:
    return get_object_or_404(
        Candidate.objects.visible_to(request.user)
        .filter(election=election)
        .select_related("member", "endorsement", "territory", "constituency", "endorsement__deadline_milestone"),
        pk=candidate_id,
    )


@role_required(*READERS)
def candidate_list(request, pk: int):
    election = election_for(request, pk)
    candidates = (
        Candidate.objects.visible_to(request.user)
        .filter(election=election)
        .select_related("member", "endorsement", "territory")
        .order_by("office", "list_position", "id")
    )
    page = page_without_count(candidates, request.GET.get("page"), 50)
    return render(
        request, "electoral/candidate_list.html", {"election": election, "page": page, **role_flags(request.user)}
    )


@role_required(*OPERATORS)
def candidate_create(request, pk: int):
    election = election_for(request, pk)
    form = CandidateForm(request.POST or None, user=request.user, election=election)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            candidate = services.candidate_register(
                actor=request.user,
                election=election,
                member=data["member"],
                office=data["office"],
                territory=data["territory"],
                constituency=data["constituency"],
                list_position=data["list_position"],
                deadline_milestone=data["deadline_milestone"],
            )
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            messages.success(request, _("Candidate registered; the endorsement request is open."))
            return redirect("electoral:candidate-detail", pk, candidate.pk)
    return render(request, "electoral/form.html", {"form": form, "title": _("New candidate"), "election": election})


def _endorsement_step(actor, endorsement: Endorsement, *, move: str, note: str, reference: str) -> None:
    # The form posts the name of one of the buttons `allowed_transitions` drew; each is one service.
    if move == "complete":
        services.endorsement_complete(actor=actor, endorsement=endorsement, note=note)
    elif move == "approve":
        services.endorsement_approve(actor=actor, endorsement=endorsement, reference=reference, note=note)
    elif move == "issue":
        services.endorsement_issue(actor=actor, endorsement=endorsement, note=note)
    elif move == "register":
        services.endorsement_register(actor=actor, endorsement=endorsement, reference=reference, note=note)
    else:
        services.endorsement_reject(actor=actor, endorsement=endorsement, note=note)


@role_required(*READERS)
def candidate_detail(request, pk: int, candidate_id: int):
    election = election_for(request, pk)
    candidate = _candidate(request, election, candidate_id)
    endorsement = candidate.endorsement
    if request.method == "POST":
        require_role(request, *OPERATORS)
        try:
            if "file" in request.FILES:
                upload = DocumentUploadForm(request.POST, request.FILES)
                if upload.is_valid():
                    requirement = get_object_or_404(
                        election.document_requirements, pk=upload.cleaned_data["requirement"]
                    )
                    services.endorsement_document_upload(
                        actor=request.user,
                        endorsement=endorsement,
                        requirement=requirement,
                        file=upload.cleaned_data["file"],
                    )
                    messages.success(request, _("Document uploaded."))
                else:
                    messages.error(request, _("Choose a file to upload."))
            else:
                move = EndorsementMoveForm(request.POST)
                if move.is_valid():
                    _endorsement_step(request.user, endorsement, **move.cleaned_data)
                    messages.success(request, _("Endorsement updated."))
            return redirect("electoral:candidate-detail", pk, candidate_id)
        except ValidationError as exc:
            service_error(request, exc)
            endorsement.refresh_from_db()
    documents = {d.requirement_id: d for d in endorsement.documents.select_related("uploaded_by")}
    checklist = [
        {"requirement": r, "document": documents.get(r.pk)}
        for r in election.document_requirements.select_related("deadline_milestone")
    ]
    missing = [row["requirement"] for row in checklist if row["requirement"].required and not row["document"]]
    return render(
        request,
        "electoral/candidate_detail.html",
        {
            "election": election,
            "candidate": candidate,
            "endorsement": endorsement,
            "checklist": checklist,
            "missing": missing,
            "history": endorsement.history.select_related("actor")[:50],
            "now": timezone.now(),
            **role_flags(request.user),
        },
    )


@role_required(*READERS)
def endorsement_letter(request, pk: int, candidate_id: int):
    election = election_for(request, pk)
    candidate = _candidate(request, election, candidate_id)
    endorsement = candidate.endorsement
    if endorsement.status not in (Endorsement.Status.ISSUED, Endorsement.Status.REGISTERED):
        raise Http404
    member = candidate.member
    data = EndorsementLetterData(
        party=getattr(settings, "PARTY_NAME", "Partido"),
        city=getattr(settings, "PARTY_CITY", "Bogotá D. C."),
        date=timezone.localtime(endorsement.issued_at).strftime("%d/%m/%Y"),
        letter_number=endorsement.letter_number,
        candidate_name=member.full_name,
        candidate_document=f"{member.get_id_type_display()} {member.id_number}",
        office=candidate.office,
        constituency=(
            candidate.constituency.name
            if candidate.constituency_id
            else (candidate.territory.name if candidate.territory_id else "la circunscripción nacional")
        ),
        election=election.name,
        list_position=str(candidate.list_position or ""),
        committee_reference=endorsement.committee_reference,
        signer_name=endorsement.issued_by.get_full_name() if endorsement.issued_by_id else "",
        signer_title="Secretaría electoral",
    )
    audit_record(
        actor=request.user, action=AuditEvent.Action.DOWNLOAD, obj=endorsement, message=_("Endorsement letter")
    )
    return pdf_response(endorsement_letter_pdf(data), filename=f"{endorsement.letter_number}.pdf", inline=True)


@role_required(*READERS)
def requirement_list(request, pk: int):
    election = election_for(request, pk)
    form = RequirementForm(request.POST or None, election=election)
    if request.method == "POST":
        require_role(request, *DECIDERS)
        if form.is_valid():
            try:
                services.document_requirement_create(actor=request.user, election=election, **form.cleaned_data)
            except ValidationError as exc:
                service_error(request, exc, form)
            else:
                messages.success(request, _("Document added to the checklist."))
                return redirect("electoral:requirement-list", pk)
    requirements = (
        DocumentRequirement.objects.visible_to(request.user)
        .filter(election=election)
        .select_related("deadline_milestone")
    )
    return render(
        request,
        "electoral/requirement_list.html",
        {"election": election, "requirements": requirements, "form": form, **role_flags(request.user)},
    )
