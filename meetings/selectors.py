"""Reads of meetings and commitments, always through `visible_to(user)`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from meetings.models import Commitment, Meeting, MeetingAttachment, MeetingMember

if TYPE_CHECKING:
    from core.models import User


def meeting_list(*, user: User, filters: dict | None = None) -> QuerySet[Meeting]:
    filters = filters or {}
    meetings = Meeting.objects.visible_to(user).select_related("territory__parent")
    if filters.get("territory"):
        meetings = meetings.filter(territory__path__startswith=filters["territory"].path)
    if filters.get("secretariat"):
        meetings = meetings.filter(secretariat=filters["secretariat"])
    if filters.get("kind"):
        meetings = meetings.filter(kind=filters["kind"])
    today = timezone.localdate()
    return meetings.annotate(
        n_commitments=Count("commitments", distinct=True),
        n_open=Count("commitments", filter=Q(commitments__status__in=Commitment.OPEN_STATUSES), distinct=True),
        n_late=Count(
            "commitments",
            filter=Q(commitments__status__in=Commitment.OPEN_STATUSES, commitments__due_on__lt=today),
            distinct=True,
        ),
    )


def meeting_get(*, user: User, pk: int) -> Meeting:
    return Meeting.objects.visible_to(user).select_related("territory__parent", "created_by").get(pk=pk)


def meeting_commitments(*, meeting: Meeting) -> QuerySet[Commitment]:
    return meeting.commitments.select_related("responsible").order_by("due_on", "pk")


def meeting_members(*, meeting: Meeting) -> QuerySet[MeetingMember]:
    return (
        MeetingMember.objects.filter(meeting=meeting)
        .select_related("member")
        .order_by("member__last_names", "member__first_names")
    )


def meeting_attachments(*, meeting: Meeting) -> QuerySet[MeetingAttachment]:
    return MeetingAttachment.objects.filter(meeting=meeting).order_by("uploaded_at", "pk")


def my_commitments(*, user: User, show: str = "open") -> QuerySet[Commitment]:
    """The commitments `user` answers for (any territory: they are theirs), open ones by default."""
    commitments = Commitment.objects.filter(responsible=user).select_related("meeting__territory__parent")
    if show == "open":
        commitments = commitments.open()
    elif show == "done":
        commitments = commitments.filter(status=Commitment.Status.DONE)
    return commitments.order_by("due_on", "pk")


def commitment_get(*, user: User, pk: int) -> Commitment:
    return Commitment.objects.visible_to(user).select_related("meeting__territory", "responsible").get(pk=pk)


def overdue_count(user: User) -> int:
    """The home page's counter: the user's own overdue commitments."""
    if not user.is_authenticated:
        return 0
    return Commitment.objects.filter(responsible=user).overdue(timezone.localdate()).count()


def minutes_data(*, meeting: Meeting) -> dict:
    """Plain data for meetings.pdf.render_minutes."""
    attendees = [u.get_full_name() or u.username for u in meeting.attendee_users.order_by("last_name", "first_name")]
    attendees += [a.member.full_name for a in meeting_members(meeting=meeting)]
    return {
        "title": meeting.title,
        "kind": meeting.get_kind_display(),
        "starts_at": timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y %H:%M"),
        "where": " · ".join(part for part in (meeting.place, meeting.link) if part),
        "secretariat": meeting.get_secretariat_display(),
        "territory": meeting.territory.label,
        "attendees": attendees,
        "agenda": meeting.agenda,
        "minutes": meeting.minutes,
        "commitments": [
            {
                "description": c.description,
                "responsible": c.responsible.get_full_name() or c.responsible.username,
                "due_on": c.due_on.isoformat(),
                "status": c.get_status_display(),
            }
            for c in meeting_commitments(meeting=meeting)
        ],
        "recorded_by": (meeting.created_by.get_full_name() or meeting.created_by.username)
        if meeting.created_by
        else "—",
    }


def briefing_data(*, meeting: Meeting, user: User) -> dict:
    """Plain data for meetings.pdf.render_briefing: the territory's figures as of today."""
    from meetings.briefing import briefing_figures

    now = timezone.localtime()
    return {
        "meeting": str(meeting),
        "figures": briefing_figures(territory=meeting.territory, today=now.date()),
        "generated_at": now.strftime("%d/%m/%Y %H:%M"),
        "generated_by": user.get_full_name() or user.username,
    }
