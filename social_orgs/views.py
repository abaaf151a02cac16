"""Social organizations: the directory, an organization's page (members, notes, elections),
work fronts and the organizations' elections."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views.helpers import (
    call_service,
    form_error_messages,
    page_without_count,
    require_role,
    role_required,
    service_error,
)
from core.workflow import allowed_transitions
from militancia.services import members_read
from social_orgs.models import ElectionCandidate, OrganizationElection, OrganizationMember, SocialOrganization
from social_orgs.roles import EDITORS, ELECTION_HANDLERS, VIEWERS

from . import selectors, services
from .forms import (
    ActivityForm,
    CancelForm,
    CandidateForm,
    ElectionForm,
    FrontForm,
    MemberLinkForm,
    OrganizationFilterForm,
    OrganizationForm,
    PositionForm,
    SupportForm,
)

PAGE_SIZE = 50


def _organization(request, pk: int) -> SocialOrganization:
    try:
        return selectors.organization_get(user=request.user, pk=pk)
    except SocialOrganization.DoesNotExist as exc:
        raise Http404 from exc


def _election(request, pk: int) -> OrganizationElection:
    try:
        return selectors.election_get(user=request.user, pk=pk)
    except OrganizationElection.DoesNotExist as exc:
        raise Http404 from exc


def _organization_form_kwargs(organization: SocialOrganization) -> dict:
    return {
        "name": organization.name,
        "kind": organization.kind,
        "territory": organization.territory,
        "contact_name": organization.contact_name,
        "phone": organization.phone,
        "email": organization.email,
        "address": organization.address,
        "description": organization.description,
        "fronts": list(organization.fronts.all()),
        "active": organization.active,
    }


@role_required(*VIEWERS)
def organization_list(request):
    filter_form = OrganizationFilterForm(request.GET or None, user=request.user)
    filters = filter_form.cleaned_data if filter_form.is_valid() else {}
    form = OrganizationForm(request.POST or None, user=request.user)
    if request.method == "POST":
        require_role(request, *EDITORS)
        if form.is_valid():
            try:
                organization = services.organization_save(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                service_error(request, exc, form)
            else:
                messages.success(request, _("%(name)s registered.") % {"name": organization.name})
                return redirect("social_orgs:organization-detail", pk=organization.pk)
    organizations = selectors.organization_list(
        user=request.user, kind=filters.get("kind", ""), territory=filters.get("territory")
    )
    return render(
        request,
        "social_orgs/organization_list.html",
        {
            "page": page_without_count(organizations, request.GET.get("page"), PAGE_SIZE),
            "filter_form": filter_form,
            "form": form,
            "can_edit": request.user.has_role(*EDITORS),
        },
    )


@role_required(*VIEWERS)
def organization_detail(request, pk: int):
    organization = _organization(request, pk)
    links = selectors.organization_members(organization=organization)
    # The linked members are personal data (their membership of the organization): an audited read.
    members_read(members=[link.member for link in links], actor=request.user, what=_("Social organization opened"))
    return render(
        request,
        "social_orgs/organization_detail.html",
        {
            "organization": organization,
            "links": links,
            "activities": organization.activities.select_related("author", "front")[:100],
            "elections": organization.elections.all(),
            "can_edit": request.user.has_role(*EDITORS),
            "can_handle_elections": request.user.has_role(*ELECTION_HANDLERS),
            "member_form": MemberLinkForm(),
            "activity_form": ActivityForm(organization=organization),
            "election_form": ElectionForm(),
        },
    )


@role_required(*EDITORS)
def organization_edit(request, pk: int):
    organization = _organization(request, pk)
    form = OrganizationForm(request.POST or None, initial=_organization_form_kwargs(organization), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_save(actor=request.user, organization=organization, **form.cleaned_data)
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            messages.success(request, _("Saved."))
            return redirect("social_orgs:organization-detail", pk=pk)
    return render(request, "social_orgs/organization_form.html", {"form": form, "organization": organization})


@role_required(*EDITORS)
@require_POST
def member_add(request, pk: int):
    organization = _organization(request, pk)
    form = MemberLinkForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
        return redirect("social_orgs:organization-detail", pk=pk)
    data = form.cleaned_data

    def call():
        member = services.member_find(actor=request.user, id_type=data["id_type"], id_number=data["id_number"])
        return services.organization_member_add(
            actor=request.user,
            organization=organization,
            member=member,
            role=data["role"],
            position=data["position"],
            since=data["since"],
        )

    call_service(request, call, success=lambda link: _("%(name)s linked.") % {"name": link.member.full_name})
    return redirect("social_orgs:organization-detail", pk=pk)


@role_required(*EDITORS)
@require_POST
def member_remove(request, pk: int):
    try:
        link = OrganizationMember.objects.visible_to(request.user).get(pk=pk)
    except OrganizationMember.DoesNotExist as exc:
        raise Http404 from exc
    call_service(
        request, lambda: services.organization_member_remove(actor=request.user, link=link), success=_("Removed.")
    )
    return redirect("social_orgs:organization-detail", pk=link.organization_id)


@role_required(*EDITORS)
@require_POST
def activity_add(request, pk: int):
    organization = _organization(request, pk)
    form = ActivityForm(request.POST, organization=organization)
    if not form.is_valid():
        form_error_messages(request, form)
    else:
        call_service(
            request,
            lambda: services.activity_record(actor=request.user, organization=organization, **form.cleaned_data),
            success=_("Recorded."),
        )
    return redirect("social_orgs:organization-detail", pk=pk)


@role_required(*ELECTION_HANDLERS)
@require_POST
def election_add(request, pk: int):
    organization = _organization(request, pk)
    form = ElectionForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
        return redirect("social_orgs:organization-detail", pk=pk)
    election = call_service(
        request,
        lambda: services.election_create(actor=request.user, organization=organization, **form.cleaned_data),
    )
    if election is None:
        return redirect("social_orgs:organization-detail", pk=pk)
    return redirect("social_orgs:election-detail", pk=election.pk)


@role_required(*VIEWERS)
def election_list(request):
    elections = selectors.election_list(user=request.user, upcoming=request.GET.get("proximas") == "1")
    return render(
        request,
        "social_orgs/election_list.html",
        {
            "page": page_without_count(elections, request.GET.get("page"), PAGE_SIZE),
            "upcoming": request.GET.get("proximas") == "1",
        },
    )


def _election_page(request, election: OrganizationElection, *, candidate_form=None, status: int = 200):
    positions = list(election.positions.all())
    candidates = [c for p in positions for c in p.candidates.all()]
    members = [c.member for c in candidates if c.member_id]
    members_read(members=members, actor=request.user, what=_("Social organization election opened"))
    return render(
        request,
        "social_orgs/election_detail.html",
        {
            "election": election,
            "positions": positions,
            "has_candidates": bool(candidates),
            "can_handle": request.user.has_role(*ELECTION_HANDLERS),
            "moves": allowed_transitions(election, request.user),
            "position_form": PositionForm(),
            "candidate_form": candidate_form or CandidateForm(election=election),
            "support_form": SupportForm(
                initial={"party_support": election.party_support, "support_notes": election.support_notes}
            ),
            "cancel_form": CancelForm(),
        },
        status=status,
    )


@role_required(*VIEWERS)
def election_detail(request, pk: int):
    return _election_page(request, _election(request, pk))


@role_required(*ELECTION_HANDLERS)
@require_POST
def position_add(request, pk: int):
    election = _election(request, pk)
    form = PositionForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
    else:
        call_service(
            request,
            lambda: services.election_position_add(actor=request.user, election=election, **form.cleaned_data),
            success=_("Position added."),
        )
    return redirect("social_orgs:election-detail", pk=pk)


@role_required(*ELECTION_HANDLERS)
@require_POST
def candidate_add(request, pk: int):
    election = _election(request, pk)
    form = CandidateForm(request.POST, election=election)
    if form.is_valid():
        data = form.cleaned_data
        try:
            member = None
            if data["id_number"]:
                member = services.member_find(
                    actor=request.user, id_type=data["id_type"] or "CC", id_number=data["id_number"]
                )
            services.election_candidate_add(
                actor=request.user, position=data["position"], member=member, name=data["name"]
            )
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            messages.success(request, _("Candidate added."))
            return redirect("social_orgs:election-detail", pk=pk)
    # The refusal is shown on the form, next to the field it names.
    return _election_page(request, _election(request, pk), candidate_form=form)


@role_required(*ELECTION_HANDLERS)
@require_POST
def election_result(request, pk: int):
    election = _election(request, pk)
    candidates = ElectionCandidate.objects.filter(position__election=election).values_list("pk", flat=True)
    votes: dict[int, int | None] = {}
    for candidate_pk in candidates:
        raw = request.POST.get(f"votes-{candidate_pk}", "").strip()
        if raw and not raw.isdigit():
            messages.error(request, _("Votes: write whole numbers."))
            return redirect("social_orgs:election-detail", pk=pk)
        votes[candidate_pk] = int(raw) if raw else None
    elected = {int(v) for v in request.POST.getlist("elected") if v.isdigit() and int(v) in votes}
    call_service(
        request,
        lambda: services.election_results_record(
            actor=request.user,
            election=election,
            votes=votes,
            elected=elected,
            notes=request.POST.get("result_notes", "")[:5000],
        ),
        success=_("Result recorded."),
    )
    return redirect("social_orgs:election-detail", pk=pk)


@role_required(*ELECTION_HANDLERS)
@require_POST
def election_support(request, pk: int):
    election = _election(request, pk)
    form = SupportForm(request.POST)
    if form.is_valid():
        call_service(
            request,
            lambda: services.election_support(
                actor=request.user,
                election=election,
                supported=form.cleaned_data["party_support"],
                notes=form.cleaned_data["support_notes"],
            ),
            success=_("Saved."),
        )
    return redirect("social_orgs:election-detail", pk=pk)


@role_required(*ELECTION_HANDLERS)
@require_POST
def election_cancel(request, pk: int):
    election = _election(request, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        call_service(
            request,
            lambda: services.election_cancel(actor=request.user, election=election, note=form.cleaned_data["note"]),
            success=_("Election cancelled."),
        )
    return redirect("social_orgs:election-detail", pk=pk)


@role_required(*VIEWERS)
def front_list(request):
    form = FrontForm(request.POST or None, user=request.user)
    if request.method == "POST":
        require_role(request, *EDITORS)
        if form.is_valid():
            try:
                services.front_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                service_error(request, exc, form)
            else:
                messages.success(request, _("Work front constituted."))
                return redirect("social_orgs:front-list")
    return render(
        request,
        "social_orgs/front_list.html",
        {
            "fronts": selectors.front_list(user=request.user)[:300],
            "form": form,
            "can_edit": request.user.has_role(*EDITORS),
        },
    )
