"""Roster pages (/planillas/...): thin, the services do the work."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.roles import Role
from core.views.helpers import call_service, page_without_count, require_role, role_required
from militancia import services as registry
from militancia.models import RegistrationConflict
from rosters import selectors, services
from rosters.fields import FIELD_LABELS, mapping_problems
from rosters.forms import ConflictResolveForm, RosterMappingForm, RosterUploadForm
from rosters.models import RosterConflict, RosterRow, RosterUpload
from rosters.reports import roster_error_report

ROSTER_ROLES = services.ROSTER_ROLES
Status = RosterUpload.Status


def _upload_for(request, pk: int) -> RosterUpload:
    require_role(request, *ROSTER_ROLES)
    return get_object_or_404(selectors.roster_uploads_for(request.user), pk=pk)


@role_required(*ROSTER_ROLES)
def roster_list(request):
    page = page_without_count(selectors.roster_uploads_for(request.user), request.GET.get("page"), 25)
    return render(request, "rosters/list.html", {"page": page, "uploads": page.object_list})


@role_required(*ROSTER_ROLES)
def roster_upload(request):
    form = RosterUploadForm(request.POST or None, request.FILES or None, user=request.user)
    previous = None
    if request.method == "POST" and form.is_valid():
        try:
            upload = services.roster_upload_create(
                uploaded_file=form.cleaned_data["file"],
                territory=form.cleaned_data["territory"],
                consent_location=form.cleaned_data["consent_location"],
                actor=request.user,
            )
        except services.RosterAlreadyLoaded as exc:
            previous = exc.previous if request.user.can_reach(exc.previous.territory) else None
            form.add_error("file", exc.messages[0])
        except services.RosterError as exc:
            form.add_error("file", exc.messages[0])
        else:
            return redirect("rosters:roster-detail", pk=upload.pk)
    return render(request, "rosters/upload.html", {"form": form, "previous": previous})


@login_required
def roster_detail(request, pk: int):
    upload = _upload_for(request, pk)
    if upload.status == Status.MAPPING:
        return redirect("rosters:roster-mapping", pk=upload.pk)
    context = {"upload": upload, "is_admin": request.user.has_role(Role.NATIONAL_ADMIN)}
    if upload.status in (Status.VALIDATED, Status.IMPORTED, Status.ROLLED_BACK, Status.IMPORTING):
        tab = request.GET.get("tab") or RosterRow.Kind.NEW
        if tab not in RosterRow.Kind.values:
            raise Http404
        after = _int(request.GET.get("after"))
        rows = selectors.roster_rows(upload=upload, kind=tab, after=after)
        labels = {**FIELD_LABELS, "name": _("Name"), "territory": _("Municipality")}
        for row in rows:
            row.problem_list = [(labels.get(field, field), message) for field, message in (row.errors or {}).items()]
            row.difference_list = [
                (labels.get(field, field), values) for field, values in (row.differences or {}).items()
            ]
            row.fill_list = [str(labels.get(field, field)) for field in (row.filled or [])]
            if row.kind == RosterRow.Kind.CONFLICT:
                # Where the member is registered is not for a coordinator outside that territory to know.
                shown = row.member_id and request.user.can_reach(row.member.territory)
                row.member_place = row.member.territory.name if shown else _("Requires national review")
        review_label = {RosterRow.Kind.CONFLICT: _("Requires national review")}
        context.update(
            tab=tab,
            # The extra column of the tab: problems, differences from the member, or the member's territory.
            shows_problems=tab in (RosterRow.Kind.INVALID, RosterRow.Kind.DUPLICATE),
            shows_differences=tab == RosterRow.Kind.EXISTING,
            shows_conflict=tab == RosterRow.Kind.CONFLICT,
            tabs=[
                (kind, review_label.get(kind, label), upload.counts.get(kind, 0))
                for kind, label in RosterRow.Kind.choices
            ],
            rows=rows,
            next_after=rows[-1].line if len(rows) == selectors.PAGE_ROWS else None,
            mapped_fields=[(field, FIELD_LABELS[field]) for field in upload.mapping],
        )
    return render(request, "rosters/detail.html", context)


@login_required
def roster_status(request, pk: int):
    """Polled by the progress page: 204 while the status is the one shown, a full refresh after."""
    upload = _upload_for(request, pk)
    if upload.status == request.GET.get("shown"):
        return HttpResponse(status=204)
    response = HttpResponse(status=200)
    response["HX-Refresh"] = "true"
    return response


def _int(value) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return 0


@login_required
def roster_mapping(request, pk: int):
    upload = _upload_for(request, pk)
    if upload.status not in (Status.MAPPING, Status.VALIDATED):
        return redirect("rosters:roster-detail", pk=upload.pk)
    form = RosterMappingForm(request.POST or None, headers=upload.headers, initial_mapping=upload.mapping)
    if request.method == "POST" and form.is_valid():
        try:
            services.roster_mapping_set(upload=upload, mapping=form.mapping(), actor=request.user)
        except services.RosterError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            return redirect("rosters:roster-detail", pk=upload.pk)
    problems = mapping_problems(
        upload.mapping, needs_municipality=services.needs_municipality(territory=upload.territory)
    )
    return render(
        request,
        "rosters/mapping.html",
        {"upload": upload, "form": form, "problems": problems if request.method == "GET" else []},
    )


@login_required
@require_POST
def roster_confirm(request, pk: int):
    upload = _upload_for(request, pk)
    try:
        services.roster_confirm(upload=upload, actor=request.user)
    except services.RosterError as exc:
        messages.error(request, exc.messages[0])
    return redirect("rosters:roster-detail", pk=upload.pk)


@login_required
def roster_errors(request, pk: int):
    upload = _upload_for(request, pk)
    if not upload.counts or upload.status in (Status.UPLOADED, Status.MAPPING, Status.VALIDATING, Status.FAILED):
        raise Http404
    return _error_report_response(upload, request.user)


def _error_report_response(upload: RosterUpload, user):
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    roster_error_report(upload=upload, actor=user, destination=handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"planilla-{upload.pk}-errores.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@role_required(Role.NATIONAL_ADMIN)
def roster_rollback(request, pk: int):
    upload = _upload_for(request, pk)
    if request.method == "POST":
        try:
            services.roster_rollback(upload=upload, actor=request.user)
        except services.RosterError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("The import was rolled back."))
        return redirect("rosters:roster-detail", pk=upload.pk)
    return render(request, "rosters/rollback.html", {"upload": upload})


@role_required(Role.NATIONAL_ADMIN)
def roster_conflict_list(request):
    conflicts = selectors.roster_conflicts_pending().order_by("created_at", "id")
    page = page_without_count(conflicts, request.GET.get("page"), 25)
    registrations = selectors.registration_conflicts_pending(user=request.user)[:100]
    return render(
        request,
        "rosters/conflicts.html",
        {
            "page": page,
            "conflicts": page.object_list,
            "registrations": registrations,
            "form": ConflictResolveForm(),
        },
    )


@role_required(Role.NATIONAL_ADMIN)
@require_POST
def roster_conflict_resolve(request, pk: int):
    conflict = get_object_or_404(RosterConflict.objects.visible_to(request.user), pk=pk)
    form = ConflictResolveForm(request.POST)
    if form.is_valid():
        try:
            services.roster_conflict_resolve(
                conflict=conflict,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except services.RosterError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("Conflict resolved."))
    else:
        messages.error(request, _("Choose a decision."))
    return redirect(reverse("rosters:roster-conflict-list"))


@role_required(Role.NATIONAL_ADMIN)
@require_POST
def registration_conflict_resolve(request, pk: int):
    """A registration typed outside the member's territory (form, API, drive): same decisions."""
    conflict = get_object_or_404(RegistrationConflict.objects.visible_to(request.user), pk=pk)
    form = ConflictResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect(reverse("rosters:roster-conflict-list"))
    call_service(
        request,
        lambda: registry.registration_conflict_resolve(
            conflict=conflict,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
            actor=request.user,
        ),
        success=_("Conflict resolved."),
    )
    return redirect(reverse("rosters:roster-conflict-list"))
