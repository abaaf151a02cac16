"""Reads of attention requests, always through `visible_to(user)`."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from attention.calendar import add_business_days, is_business_day
from attention.models import AttentionRequest
from core.filtering import filter_by
from core.models import Territory

if TYPE_CHECKING:
    from core.models import User

DUE_SOON_BUSINESS_DAYS = 3
QUEUE_PAGE_SIZE = 50


def due_soon_limit(today: date | None = None) -> date:
    return add_business_days(today or timezone.localdate(), DUE_SOON_BUSINESS_DAYS)


def attention_queue(*, user: User, filters: dict | None = None) -> QuerySet[AttentionRequest]:
    """The user's queue by due date. Open requests unless a status is asked for."""
    filters = filters or {}
    requests = AttentionRequest.objects.visible_to(user)
    status = filters.get("status") or "open"
    if status == "open":
        requests = requests.open()
    elif status != "all":
        requests = requests.filter(status=status)
    requests = filter_by(requests, filters, {"kind": "kind", "channel": "channel"})
    if filters.get("mine"):
        requests = requests.filter(assigned_to=user)
    today = timezone.localdate()
    # A request waiting for the requester has its term suspended: it is neither overdue nor due soon.
    if filters.get("urgency") == "overdue":
        requests = requests.filter(due_on__lt=today).exclude(status=AttentionRequest.Status.WAITING)
    elif filters.get("urgency") == "soon":
        requests = requests.filter(due_on__gte=today, due_on__lte=due_soon_limit(today)).exclude(
            status=AttentionRequest.Status.WAITING
        )
    q = (filters.get("q") or "").strip()
    if q:
        requests = requests.filter(Q(tracking_number=q.upper()) | Q(requester_id_number=q))
    return (
        # The linked member's id only (no columns of it): the page's read audit records who was shown.
        requests.select_related("territory", "assigned_to", "member")
        .only(
            "member__id",
            "tracking_number",
            "channel",
            "kind",
            "subject",
            "requester_name",
            "status",
            "received_on",
            "due_on",
            "suspended_on",
            "territory__name",
            "assigned_to__username",
            "assigned_to__first_name",
            "assigned_to__last_name",
        )
        .order_by("due_on", "id")
    )


def attention_overdue_count(user: User) -> int:
    return (
        AttentionRequest.objects.visible_to(user)
        .filter(status__in=[AttentionRequest.Status.RECEIVED, AttentionRequest.Status.IN_PROGRESS])
        .filter(due_on__lt=timezone.localdate())
        .count()
    )


def attention_detail(*, user: User, pk: int) -> AttentionRequest:
    return (
        AttentionRequest.objects.visible_to(user)
        .select_related("territory", "territory__parent", "assigned_to", "member", "member__territory")
        .get(pk=pk)
    )


class _BusinessDays:
    """Business days between two dates by table lookup: each date's running count of business
    days, built once for the span the figures cover (a few hundred days, not one walk per row)."""

    def __init__(self):
        self._index: dict[date, int] = {}

    def between(self, start: date, end: date) -> int:
        if start not in self._index or end not in self._index:
            self._extend(min(start, end, *self._index.keys()), max(start, end, *self._index.keys()))
        return max(0, self._index[end] - self._index[start])

    def _extend(self, first: date, last: date) -> None:
        count, day, index = 0, first, {}
        while day <= last:
            if is_business_day(day):
                count += 1
            index[day] = count
            day += timedelta(days=1)
        self._index = index


def attention_figures(*, user: User, year: int) -> dict:
    """Counts, answered-on-time share and average business days to answer, by channel, kind,
    department, month. A request answered the day it arrived took 0 business days."""
    requests = AttentionRequest.objects.visible_to(user).filter(received_on__year=year)
    answered = Q(answered_on__isnull=False)
    on_time = Q(answered_on__isnull=False, answered_on__lte=F("due_on"))
    metrics = {
        "total": Count("id"),
        "answered": Count("id", filter=answered),
        "on_time": Count("id", filter=on_time),
    }
    calendar = _BusinessDays()
    # Days to answer in business days, summed per group from (received, answered) pairs: at most
    # one row per pair of dates and group, whatever the number of requests.
    pairs = list(
        requests.filter(answered)
        .annotate(month=TruncMonth("received_on"))
        .values("channel", "kind", "territory_id", "month", "received_on", "answered_on")
        .annotate(n=Count("id"))
    )
    days_by: dict[tuple, float] = defaultdict(float)
    for pair in pairs:
        days = calendar.between(pair["received_on"], pair["answered_on"]) * pair["n"]
        days_by[("overall", None)] += days
        for key in ("channel", "kind", "territory_id", "month"):
            days_by[(key, pair[key])] += days

    def rows(group_by):
        return list(requests.values(group_by).annotate(**metrics).order_by(group_by))

    def finish(row, key):
        row["business_days"] = days_by.get(key, 0.0)
        row["avg_days"] = round(row["business_days"] / row["answered"], 1) if row["answered"] else None
        row["on_time_pct"] = round(100 * row["on_time"] / row["answered"], 1) if row["answered"] else None
        return row

    overall = finish(requests.aggregate(**metrics), ("overall", None))
    by_channel = [finish(r, ("channel", r["channel"])) for r in rows("channel")]
    by_kind = [finish(r, ("kind", r["kind"])) for r in rows("kind")]
    by_month = [
        finish(r, ("month", r["month"]))
        for r in requests.annotate(month=TruncMonth("received_on"))
        .values("month")
        .annotate(**metrics)
        .order_by("month")
    ]
    # Requests sit on municipalities or departments: roll them up to the department in Python
    # (at most one row per territory, a few hundred).
    per_territory = [
        finish(r, ("territory_id", r["territory_id"])) for r in requests.values("territory_id").annotate(**metrics)
    ]
    territories = Territory.objects.in_bulk([r["territory_id"] for r in per_territory])
    departments: dict = defaultdict(lambda: {"total": 0, "answered": 0, "on_time": 0, "days": 0.0})
    for row in per_territory:
        node = territories[row["territory_id"]]
        department_code = node.path.split("/")[1] if node.depth >= 1 else node.code
        bucket = departments[department_code]
        bucket["total"] += row["total"]
        bucket["answered"] += row["answered"]
        bucket["on_time"] += row["on_time"]
        bucket["days"] += row["business_days"]
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
