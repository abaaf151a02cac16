"""Meetings (list, record, minutes, attendees, files, commitments, PDFs) and "My commitments"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from core.views.helpers import (
    audit_download,
    call_service,
    page_without_count,
    pdf_response,
    role_required,
    service_error,
    submit_form,
)
from meetings import selectors, services
from meetings.forms import (
    AttachmentForm,
    CommitmentForm,
    CommitmentMoveForm,
    MeetingFilterForm,
    MeetingForm,
    MemberAttendeeForm,
    MinutesForm,
)
from meetings.models import Commitment, Meeting
from meetings.pdf import render_briefing, render_minutes
from meetings.roles import ORGANIZERS, VIEWERS


def _meeting(request, pk: int) -> Meeting:
    try:
        return selectors.meeting_get(user=request.user, pk=pk)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


@role_required(*VIEWERS)
def meeting_list(request):
    form = MeetingFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    page = page_without_count(selectors.meeting_list(user=request.user, filters=filters), request.GET.get("page"), 30)
    return render(
        request,
        "meetings/meeting_list.html",
        {"form": form, "page": page, "can_manage": request.user.has_role(*ORGANIZERS)},
    )


@role_required(*ORGANIZERS)
def meeting_create(request):
    initial = {"starts_at": timezone.localtime().replace(minute=0, second=0, microsecond=0)}
    form = MeetingForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            return redirect("meetings:meeting-detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form})


@role_required(*VIEWERS)
def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk)
    can_manage = request.user.has_role(*ORGANIZERS)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "commitments": selectors.meeting_commitments(meeting=meeting),
            "members": selectors.meeting_members(meeting=meeting),
            "staff": meeting.attendee_users.order_by("first_name", "last_name"),
            "attachments": selectors.meeting_attachments(meeting=meeting),
            "can_manage": can_manage,
            "commitment_form": CommitmentForm(prefix="c") if can_manage else None,
            "member_form": MemberAttendeeForm(prefix="m") if can_manage else None,
            "attachment_form": AttachmentForm(prefix="f") if can_manage else None,
            "minutes_form": (
                MinutesForm(
                    prefix="a",
                    initial={"minutes": meeting.minutes, "attendee_users": list(meeting.attendee_users.all())},
                )
                if can_manage
                else None
            ),
        },
    )


@role_required(*ORGANIZERS)
@require_POST
def minutes_record(request, pk: int):
    meeting = _meeting(request, pk)
    submit_form(
        request,
        MinutesForm(request.POST, prefix="a"),
        lambda data: services.meeting_minutes_record(actor=request.user, meeting=meeting, **data),
        success=_("Minutes saved."),
    )
    return redirect("meetings:meeting-detail", pk=pk)


@role_required(*ORGANIZERS)
@require_POST
def commitment_add(request, pk: int):
    meeting = _meeting(request, pk)
    submit_form(
        request,
        CommitmentForm(request.POST, prefix="c"),
        lambda data: services.commitment_create(actor=request.user, meeting=meeting, **data),
        success=_("Commitment recorded."),
    )
    return redirect("meetings:meeting-detail", pk=pk)


@role_required(*ORGANIZERS)
@require_POST
def member_add(request, pk: int):
    meeting = _meeting(request, pk)
    submit_form(
        request,
        MemberAttendeeForm(request.POST, prefix="m"),
        lambda data: services.meeting_member_add(actor=request.user, meeting=meeting, **data),
        success=lambda attendance: _("%(name)s recorded as attending.") % {"name": attendance.member.full_name},
    )
    return redirect("meetings:meeting-detail", pk=pk)


@role_required(*ORGANIZERS)
@require_POST
def attachment_add(request, pk: int):
    meeting = _meeting(request, pk)
    submit_form(
        request,
        AttachmentForm(request.POST, request.FILES, prefix="f"),
        lambda data: services.meeting_attachment_add(
            actor=request.user, meeting=meeting, upload=data["file"], name=data["name"]
        ),
        success=_("File attached."),
    )
    return redirect("meetings:meeting-detail", pk=pk)


@role_required(*VIEWERS)
def minutes_pdf(request, pk: int):
    meeting = _meeting(request, pk)
    data = selectors.minutes_data(meeting=meeting)
    # The minutes name the members who attended: a download of personal data.
    audit_download(request, meeting, _("Minutes PDF"))
    return pdf_response(render_minutes(data), filename=f"acta-reunion-{meeting.pk}.pdf")


@role_required(*VIEWERS)
def briefing_pdf(request, pk: int):
    meeting = _meeting(request, pk)
    data = selectors.briefing_data(meeting=meeting, user=request.user)
    return pdf_response(render_briefing(data), filename=f"informe-militancia-reunion-{meeting.pk}.pdf")


@login_required
def my_commitments(request):
    show = request.GET.get("ver", "open")
    if show not in ("open", "done", "all"):
        show = "open"
    commitments = selectors.my_commitments(user=request.user, show=show)
    page = page_without_count(commitments, request.GET.get("page"), 50)
    return render(
        request,
        "meetings/my_commitments.html",
        {
            "page": page,
            "tabs": [
                {"value": value, "label": label, "active": value == show}
                for value, label in (
                    ("open", pgettext("commitments", "Open")),
                    ("done", pgettext("commitments", "Done")),
                    ("all", _("All")),
                )
            ],
        },
    )


@login_required
@require_POST
def commitment_transition(request, pk: int):
    try:
        commitment = selectors.commitment_get(user=request.user, pk=pk)
    except Commitment.DoesNotExist as exc:
        raise Http404 from exc
    if commitment.responsible_id != request.user.pk and not request.user.has_role(*ORGANIZERS):
        raise PermissionDenied
    form = CommitmentMoveForm(request.POST)
    if form.is_valid():
        call_service(
            request,
            lambda: services.commitment_move(actor=request.user, commitment=commitment, **form.cleaned_data),
            success=_("Commitment updated."),
        )
    if request.POST.get("next") == "meeting" and request.user.has_role(*VIEWERS):
        return redirect("meetings:meeting-detail", pk=commitment.meeting_id)
    return redirect("meetings:my-commitments")
