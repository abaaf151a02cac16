"""Reads of attention requests, always through `visible_to(user)`."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Avg, Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from core.models import Territory
from militancia.models.attention import AttentionRequest
from militancia.operations.calendar import add_business_days

DUE_SOON_BUSINESS_DAYS = 3
QUEUE_PAGE_SIZE = 50


def due_soon_limit(today: date | None = None) -> date:
    return add_business_days(today or timezone.localdate(), DUE_SOON_BUSINESS_DAYS)


def attention_queue(*, user, filters: dict | None = None):
    """The user's queue by due date. Open requests unless a status is asked for."""
    filters = filters or {}
    requests = AttentionRequest.objects.visible_to(user)
    status = filters.get("status") or "open"
    if status == "open":
        requests = requests.open()
    elif status != "all":
        requests = requests.filter(status=status)
    if filters.get("kind"):
        requests = requests.filter(kind=filters["kind"])
    if filters.get("channel"):
        requests = requests.filter(channel=filters["channel"])
    if filters.get("mine"):
        requests = requests.filter(assigned_to=user)
    today = timezone.localdate()
    if filters.get("urgency") == "overdue":
        requests = requests.filter(due_on__lt=today)
    elif filters.get("urgency") == "soon":
        requests = requests.filter(due_on__gte=today, due_on__lte=due_soon_limit(today))
    q = (filters.get("q") or "").strip()
    if q:
        requests = requests.filter(Q(tracking_number=q.upper()) | Q(requester_id_number=q))
    return (
        requests.select_related("territory", "assigned_to")
        .only(
            "tracking_number",
            "channel",
            "kind",
            "subject",
            "requester_name",
            "status",
            "received_on",
            "due_on",
            "territory__name",
            "assigned_to__username",
            "assigned_to__first_name",
            "assigned_to__last_name",
        )
        .order_by("due_on", "id")
    )


def attention_overdue_count(user) -> int:
    return AttentionRequest.objects.visible_to(user).open().filter(due_on__lt=timezone.localdate()).count()


def attention_detail(*, user, pk: int) -> AttentionRequest:
    return (
        AttentionRequest.objects.visible_to(user)
        .select_related("territory", "territory__parent", "assigned_to", "member", "member__territory")
        .get(pk=pk)
    )


def attention_figures(*, user, year: int) -> dict:
    """Counts, answered-on-time share and average days to answer, by channel, kind, department, month."""
    requests = AttentionRequest.objects.visible_to(user).filter(received_on__year=year)
    answered = Q(answered_on__isnull=False)
    on_time = Q(answered_on__isnull=False, answered_on__lte=F("due_on"))
    metrics = {
        "total": Count("id"),
        "answered": Count("id", filter=answered),
        "on_time": Count("id", filter=on_time),
        "avg_days": Avg(F("answered_on") - F("received_on"), filter=answered),
    }

    def rows(group_by):
        return list(requests.values(group_by).annotate(**metrics).order_by(group_by))

    def finish(row):
        avg = row["avg_days"]
        row["avg_days"] = round(avg.total_seconds() / 86400, 1) if avg is not None else None
        row["on_time_pct"] = round(100 * row["on_time"] / row["answered"], 1) if row["answered"] else None
        return row

    overall = finish(requests.aggregate(**metrics))
    by_channel = [finish(r) for r in rows("channel")]
    by_kind = [finish(r) for r in rows("kind")]
    by_month = [
        finish(r)
        for r in requests.annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(**metrics)
        .order_by("month")
    ]
    # Requests sit on municipalities or departments: roll them up to the department in Python
    # (at most one row per territory, a few hundred).
    per_territory = list(requests.values("territory_id").annotate(**metrics))
    territories = Territory.objects.in_bulk([r["territory_id"] for r in per_territory])
    departments: dict = defaultdict(lambda: {"total": 0, "answered": 0, "on_time": 0, "days": 0.0})
    for row in per_territory:
        node = territories[row["territory_id"]]
        department_code = node.path.split("/")[1] if node.depth >= 1 else node.code
        bucket = departments[department_code]
        bucket["total"] += row["total"]
        bucket["answered"] += row["answered"]
        bucket["on_time"] += row["on_time"]
        if row["avg_days"] is not None:
            bucket["days"] += row["avg_days"].total_seconds() / 86400 * row["answered"]
    names = dict(Territory.objects.departments().filter(code__in=list(departments)).values_list("code", "name"))
    by_department = []
    for code, bucket in sorted(departments.items(), key=lambda item: names.get(item[0], item[0])):
        by_department.append(
            {
                "department": names.get(code, code),
                "total": bucket["total"],
                "answered": bucket["answered"],
                "on_time": bucket["on_time"],
                "on_time_pct": round(100 * bucket["on_time"] / bucket["answered"], 1) if bucket["answered"] else None,
                "avg_days": round(bucket["days"] / bucket["answered"], 1) if bucket["answered"] else None,
            }
        )
    return {
        "overall": overall,
        "by_channel": by_channel,
        "by_kind": by_kind,
        "by_month": by_month,
        "by_department": by_department,
    }
