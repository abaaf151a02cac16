"""Reads for core: always scoped to the user asking."""

from __future__ import annotations

from datetime import datetime, time

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.filtering import filter_by
from core.models import AuditEvent, Job, Territory, User
from core.roles import Role


def audit_event_list(*, user: User, filters: dict) -> QuerySet[AuditEvent]:
    """Audit events for national administrators, newest first, filtered."""
    if not user.has_role(Role.NATIONAL_ADMIN):
        return AuditEvent.objects.none()
    # Personal values are in a side table (core/audit.py): one more query per page.
    events = AuditEvent.objects.select_related("content_type").prefetch_related("personal_values")
    events = filter_by(
        events,
        filters,
        {
            "user": "actor_username__icontains",
            "action": "action",
            "source": "source",
            "object_type": "content_type__model__icontains",
            "object_id": "object_id",
        },
    )
    tz = timezone.get_current_timezone()
    if filters.get("date_from"):
        events = events.filter(created_at__gte=datetime.combine(filters["date_from"], time.min, tz))
    if filters.get("date_to"):
        events = events.filter(created_at__lte=datetime.combine(filters["date_to"], time.max, tz))
    return events


def territory_list(*, user: User, q: str = "", kind: str = "") -> QuerySet[Territory]:
    territories = Territory.objects.visible_to(user).select_related("parent")
    if q:
        territories = territories.filter(Q(name__icontains=q) | Q(code__startswith=q))
    if kind:
        territories = territories.filter(kind=kind)
    return territories


def job_for_user(*, user: User, pk: int) -> Job:
    return Job.objects.visible_to(user).get(pk=pk)
