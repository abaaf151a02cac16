"""Calendar (month and week views, reschedule) and editorial meetings."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from comunicaciones import selectors
from comunicaciones.forms import MeetingForm
from comunicaciones.models import Channel, EditorialMeeting
from comunicaciones.pdf import render_meeting_minutes
from comunicaciones.roles import READ_ROLES, TEAM_ROLES
from comunicaciones.services.planning import meeting_record
from core.dates import month_name, next_month, previous_month
from core.views.helpers import page_without_count, pdf_response, role_required, service_error


def _parse_day(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        return timezone.localdate()


@role_required(*READ_ROLES)
def calendar(request):
    weekly = request.GET.get("vista") == "semana"
    day = _parse_day(request.GET.get("fecha"))
    channel = request.GET.get("canal", "")
    if channel not in Channel.values:
        channel = ""
    context = {
        "weekly": weekly,
        "vista": "semana" if weekly else "mes",
        "day": day,
        "channel": channel,
        "channels": Channel.choices,
        "can_move": request.user.has_role(*TEAM_ROLES),
        "weekdays": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
        "today": timezone.localdate(),
    }
    if not weekly:
        month = day.replace(day=1)
        context |= {
            "weeks": selectors.calendar_month(user=request.user, month=month, channel=channel),
            "title": f"{month_name(month.month).capitalize()} {month.year}",
            "prev": previous_month(month),
            "next": next_month(month),
        }
    else:
        start = selectors.week_start(day)
        lanes = selectors.calendar_week_by_channel(user=request.user, start=start, channel=channel)
        days = [start + timedelta(days=i) for i in range(7)]
        press = selectors.press_by_day(start=start, end=days[-1])
        context |= {
            "days": days,
            "press_days": [press.get(d, []) for d in days],
            "has_press": bool(press),
            "lanes": lanes,
            "title": _("Week of %(start)s to %(end)s")
            % {"start": start.strftime("%d/%m/%Y"), "end": (start + timedelta(days=6)).strftime("%d/%m/%Y")},
            "prev": start - timedelta(days=7),
            "next": start + timedelta(days=7),
        }
    return render(request, "comunicaciones/calendar.html", context)


@role_required(*READ_ROLES)
def meeting_list(request):
    page = page_without_count(EditorialMeeting.objects.all(), request.GET.get("page"), 30)
    return render(
        request,
        "comunicaciones/meeting_list.html",
        {"page": page, "can_create": request.user.has_role(*TEAM_ROLES)},
    )


@role_required(*READ_ROLES)
def meeting_detail(request, pk: int):
    meeting = get_object_or_404(EditorialMeeting, pk=pk)
    pieces = meeting.pieces.visible_to(request.user).select_related("author")
    return render(request, "comunicaciones/meeting_detail.html", {"meeting": meeting, "pieces": pieces})


@role_required(*TEAM_ROLES)
def meeting_create(request):
    form = MeetingForm(request.POST or None, user=request.user, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = meeting_record(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            service_error(request, exc)
        else:
            messages.success(request, _("Minutes recorded; the decided pieces are in production."))
            return redirect("comunicaciones:meeting-detail", pk=meeting.pk)
    return render(request, "comunicaciones/meeting_form.html", {"form": form})


@role_required(*READ_ROLES)
def meeting_pdf(request, pk: int):
    meeting = get_object_or_404(EditorialMeeting.objects.select_related("created_by"), pk=pk)
    pieces = meeting.pieces.visible_to(request.user).select_related("author")
    data = {
        "date": meeting.date.isoformat(),
        "attendees": meeting.attendees,
        "topics": meeting.topics,
        "sources": meeting.sources,
        "products": meeting.products,
        "channels": [str(label) for label in meeting.channel_labels],
        "decisions": meeting.decisions,
        "recorded_by": str(meeting.created_by),
        "pieces": [
            {"title": p.title, "status": str(p.get_status_display()), "author": str(p.author or "—")} for p in pieces
        ],
    }
    return pdf_response(render_meeting_minutes(data), filename=f"acta-comite-{meeting.date:%Y-%m-%d}.pdf", inline=True)
