"""Poll watchers: recruitment, lifecycle, substitution, evaluation, credentials, authority list, training."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.audit import audit_record
from core.models import AuditEvent
from core.views.helpers import (
    XLSX_CONTENT_TYPE,
    download_response,
    page_without_count,
    pdf_response,
    require_role,
    role_required,
    service_error,
)
from core.views.search import search_data, search_redirect
from electoral.exports import authority_list_xlsx
from electoral.forms import EvaluationForm, SubstituteForm, TrainingForm, WatcherForm
from electoral.models import PollWatcher, TrainingSession, WatcherAssignment
from electoral.pdf import CredentialData, credentials_pdf
from electoral.roles import OPERATORS, READERS
from electoral.services import reads
from electoral.services import watchers as services
from electoral.views.common import election_for, role_flags


def _watchers(request, election):
    return (
        PollWatcher.objects.visible_to(request.user)
        .filter(election=election)
        .select_related("territory", "member__territory")
    )


def _mark_members(user, watchers) -> None:
    """`shows_member` on each watcher: linked to a member the user may see. A watcher recruited with
    the number of a member of another territory reads like a non-member (membership is no oracle)."""
    for watcher in watchers:
        watcher.shows_member = bool(watcher.member_id) and user.can_reach(watcher.member.territory)


# The search forms post: a document number typed in them never goes in the address.
WATCHER_SEARCH = "electoral.watchers"
DIRECTORY_SEARCH = "electoral.directory"


@role_required(*READERS)
@require_http_methods(["GET", "POST"])
def watcher_list(request, pk: int):
    election = election_for(request, pk)
    if request.method == "POST":
        return search_redirect(request, list_name=f"{WATCHER_SEARCH}:{election.pk}")
    search = search_data(request, list_name=f"{WATCHER_SEARCH}:{election.pk}")
    watchers = _watchers(request, election)
    status = search.get("status", "")
    q = search.get("q", "").strip()
    if status in PollWatcher.Status.values:
        watchers = watchers.filter(status=status)
    if q:
        watchers = watchers.filter(Q(id_number=q) | Q(last_names__icontains=q) | Q(first_names__icontains=q))
    page = page_without_count(watchers, request.GET.get("page"), 50)
    _mark_members(request.user, page.object_list)
    reads.watchers_read(watchers=page.object_list, actor=request.user, what=_("Poll watchers list page"))
    return render(
        request,
        "electoral/watcher_list.html",
        {
            "election": election,
            "page": page,
            "statuses": PollWatcher.Status.choices,
            "status": status,
            "q": q,
            **role_flags(request.user),
        },
    )


@role_required(*OPERATORS)
def watcher_create(request, pk: int):
    election = election_for(request, pk)
    form = WatcherForm(request.POST or None, user=request.user)
    history = None
    if request.method == "POST" and form.is_valid():
        try:
            # The form's fields are the recruit's (with the member its document found, if any).
            watcher = services.watcher_recruit(actor=request.user, election=election, **form.cleaned_data)
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            messages.success(request, _("Watcher recruited as a prospect."))
            return redirect("electoral:watcher-detail", pk, watcher.pk)
    return render(
        request,
        "electoral/form.html",
        {"form": form, "title": _("Recruit a poll watcher"), "election": election, "history": history},
    )


@role_required(*READERS)
def watcher_detail(request, pk: int, watcher_id: int):
    election = election_for(request, pk)
    watcher = get_object_or_404(_watchers(request, election).select_related("replaced_by"), pk=watcher_id)
    substitute_form = SubstituteForm(user=request.user, watcher=watcher)
    evaluation_form = EvaluationForm(initial={"score": watcher.score, "notes": watcher.evaluation_notes})
    if request.method == "POST":
        require_role(request, *OPERATORS)
        action = request.POST.get("action", "")
        try:
            note = request.POST.get("note", "")
            step = {
                "confirm": lambda: services.watcher_confirm(actor=request.user, watcher=watcher, note=note),
                "train": lambda: services.watcher_train(actor=request.user, watcher=watcher, note=note),
                "accredit": lambda: services.watcher_accredit(
                    actor=request.user,
                    watcher=watcher,
                    note=note,
                    credential_number=request.POST.get("credential_number", ""),
                ),
            }.get(action)
            if step is not None:
                step()
                messages.success(request, _("Watcher updated."))
                return redirect("electoral:watcher-detail", pk, watcher_id)
            if action == "substitute":
                substitute_form = SubstituteForm(request.POST, user=request.user, watcher=watcher)
                if substitute_form.is_valid():
                    services.watcher_substitute(actor=request.user, watcher=watcher, **substitute_form.cleaned_data)
                    messages.success(request, _("Watcher replaced."))
                    return redirect("electoral:watcher-detail", pk, watcher_id)
            if action == "evaluate":
                evaluation_form = EvaluationForm(request.POST)
                if evaluation_form.is_valid():
                    services.watcher_evaluate(actor=request.user, watcher=watcher, **evaluation_form.cleaned_data)
                    messages.success(request, _("Evaluation saved."))
                    return redirect("electoral:watcher-detail", pk, watcher_id)
            if action == "unassign":
                assignment = get_object_or_404(
                    watcher.assignments.filter(active=True), pk=request.POST.get("assignment")
                )
                services.assignment_end(actor=request.user, assignment=assignment)
                messages.success(request, _("Assignment removed."))
                return redirect("electoral:watcher-detail", pk, watcher_id)
        except ValidationError as exc:
            service_error(request, exc)
            watcher.refresh_from_db()
    previous = (
        PollWatcher.objects.visible_to(request.user)
        .filter(id_type=watcher.id_type, id_number=watcher.id_number)
        .exclude(pk=watcher.pk)
        .select_related("election")
        .order_by("-election__date")[:10]
    )
    _mark_members(request.user, [watcher])
    reads.watcher_record_read(watcher=watcher, actor=request.user)
    return render(
        request,
        "electoral/watcher_detail.html",
        {
            "election": election,
            "watcher": watcher,
            "history": watcher.history.select_related("actor")[:50],
            "assignments": watcher.assignments.filter(active=True).select_related("unit", "unit__parent"),
            "replaces": watcher.replaces.all(),
            "trainings": watcher.trainings.select_related("session"),
            "previous": previous,
            "substitute_form": substitute_form,
            "evaluation_form": evaluation_form,
            **role_flags(request.user),
        },
    )


def _credential(watcher, assignment) -> CredentialData:
    unit = assignment.unit if assignment else None
    place = (unit.parent if unit and unit.is_table else unit) if unit else None
    territory = unit.territory if unit and unit.territory_id else watcher.territory
    return CredentialData(
        party=getattr(settings, "PARTY_NAME", "Partido"),
        election=watcher.election.name,
        election_date=watcher.election.date.strftime("%d/%m/%Y"),
        full_name=watcher.full_name,
        document=f"{watcher.id_type} {watcher.id_number}",
        role=watcher.get_role_display(),
        credential_number=watcher.credential_number or "—",
        place=place.name if place else "—",
        table=unit.name if unit and unit.is_table else "",
        address=place.address if place else "",
        territory=territory.name if territory else "",
    )


@role_required(*OPERATORS)
def credentials(request, pk: int):
    """Credentials PDF: one watcher (?watcher=id) or every accredited/assigned watcher in scope."""
    election = election_for(request, pk)
    watchers = (
        _watchers(request, election)
        .select_related("election")
        .filter(status__in=(PollWatcher.Status.ACCREDITED, PollWatcher.Status.ASSIGNED))
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=WatcherAssignment.objects.filter(active=True).select_related(
                    "unit__parent", "unit__territory"
                ),
                to_attr="active_assignments",
            )
        )
    )
    if "watcher" in request.GET:
        watcher_id = request.GET["watcher"]
        if not watcher_id.isdigit():
            raise Http404
        watchers = watchers.filter(pk=int(watcher_id))
        get_object_or_404(watchers)
    printed = list(watchers[:5000])
    items = [_credential(w, (w.active_assignments or [None])[0]) for w in printed]
    # One event with the printed watchers' ids, and an access row for each who is a member.
    reads.watchers_read(
        watchers=printed,
        actor=request.user,
        what=_("Poll watcher credentials (PDF)"),
        action=AuditEvent.Action.DOWNLOAD,
    )
    return pdf_response(credentials_pdf(items), filename=f"credenciales-{election.pk}.pdf", inline=True)


@role_required(*OPERATORS)
def authority_list(request, pk: int):
    """The list of assigned watchers in the format the electoral authority receives (Excel)."""
    election = election_for(request, pk)
    assignments = (
        WatcherAssignment.objects.visible_to(request.user)
        .filter(election=election, active=True)
        .select_related("watcher", "unit__parent", "unit__territory__parent")
        .order_by("unit__path")
    )
    data = authority_list_xlsx(assignments.iterator(chunk_size=2000))
    audit_record(
        actor=request.user,
        action=AuditEvent.Action.EXPORT,
        obj=election,
        message=_("List of poll watchers for the authority"),
    )
    return download_response(data, filename=f"testigos-autoridad-{election.pk}.xlsx", content_type=XLSX_CONTENT_TYPE)


@role_required(*READERS)
@require_http_methods(["GET", "POST"])
def directory(request):
    """Every person who has been a watcher, with their evaluations: the pool for the next election."""
    if request.method == "POST":
        return search_redirect(request, list_name=DIRECTORY_SEARCH)
    people = (
        PollWatcher.objects.visible_to(request.user)
        .values("id_type", "id_number", "first_names", "last_names", "phone")
        .annotate(elections=Count("election", distinct=True), average=Avg("score"))
        .order_by("-average", "last_names")
    )
    q = search_data(request, list_name=DIRECTORY_SEARCH).get("q", "").strip()
    if q:
        people = people.filter(Q(id_number=q) | Q(last_names__icontains=q))
    page = page_without_count(people, request.GET.get("page"), 50)
    return render(request, "electoral/directory.html", {"page": page, "q": q})


@role_required(*READERS)
def training_list(request, pk: int):
    election = election_for(request, pk)
    form = TrainingForm(request.POST or None, user=request.user)
    if request.method == "POST":
        require_role(request, *OPERATORS)
        if form.is_valid():
            try:
                session = services.training_create(actor=request.user, election=election, **form.cleaned_data)
            except ValidationError as exc:
                service_error(request, exc, form)
            else:
                messages.success(request, _("Training session scheduled."))
                return redirect("electoral:training-detail", pk, session.pk)
    sessions = (
        TrainingSession.objects.visible_to(request.user)
        .filter(election=election)
        .select_related("territory")
        .annotate(n_attended=Count("attendance", filter=Q(attendance__attended=True)))
    )
    return render(
        request,
        "electoral/training_list.html",
        {"election": election, "sessions": sessions, "form": form, **role_flags(request.user)},
    )


@role_required(*READERS)
def training_detail(request, pk: int, session_id: int):
    election = election_for(request, pk)
    session = get_object_or_404(
        TrainingSession.objects.visible_to(request.user).filter(election=election), pk=session_id
    )
    candidates = (
        _watchers(request, election)
        .filter(territory__path__startswith=session.territory.path)
        .exclude(status=PollWatcher.Status.REPLACED)
        .order_by("last_names")[:500]
    )
    if request.method == "POST":
        require_role(request, *OPERATORS)
        try:
            invited = {int(v) for v in request.POST.getlist("invited")}
            attended = {int(v) for v in request.POST.getlist("attended")}
            trained = services.training_attendance_record(
                actor=request.user, session=session, attended_ids=attended, invited_ids=invited
            )
        except (ValueError, ValidationError) as exc:
            service_error(request, exc if isinstance(exc, ValidationError) else ValidationError(_("Invalid list.")))
        else:
            messages.success(request, _("Attendance saved; %(n)s watchers are now trained.") % {"n": trained})
            return redirect("electoral:training-detail", pk, session_id)
    attended = set(session.attendance.filter(attended=True).values_list("watcher_id", flat=True))
    return render(
        request,
        "electoral/training_detail.html",
        {
            "election": election,
            "session": session,
            "candidates": candidates,
            "attended": attended,
            **role_flags(request.user),
        },
    )
