"""Membership reports: members by department and municipality, new members per month, data
completeness. Scoped to the user; read from the member tallies (militancia.services.tallies),
which a periodic task recounts every few minutes: at 10 million members counting on every load
would take seconds. The report says when its figures were counted (`generated_at`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import tablib
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import add_months, month_start
from core.models import Territory
from core.routers import reporting_database
from militancia.models import Member, MemberTally

COMPLETENESS_FIELDS = {
    "phone": ~Q(phone=""),
    "email": ~Q(email=""),
    "birth_date": Q(birth_date__isnull=False),
    "sex": ~Q(sex=""),
    "address": ~Q(address=""),
    "consent_date": Q(consent_date__isnull=False),
    "photo": ~Q(photo=""),
}


def completeness_labels() -> dict[str, str]:
    return {
        "phone": _("Phone"),
        "email": _("E-mail"),
        "birth_date": _("Birth date"),
        "sex": _("Sex"),
        "address": _("Address"),
        "consent_date": _("Data-processing authorization"),
        "photo": _("Photo"),
    }


@dataclass
class Row:
    territory_id: int
    name: str
    code: str
    total: int = 0
    active: int = 0
    department_id: int | None = None


@dataclass
class MembershipReport:
    departments: list[Row]
    municipalities: dict[int, list[Row]]  # by department id
    months: list[tuple[str, int]]  # ("mm/aaaa", new members)
    completeness: list[tuple[str, str, float]]  # (key, label, percent)
    total: int
    active: int
    generated_at: datetime
    extra: dict = field(default_factory=dict)


def membership_report(*, user) -> MembershipReport:
    """The report of the user's scope, from the tallies (counted once now if there are none yet)."""
    from militancia.services.tallies import tallies_ensure

    tallies_ensure()
    return _compute(user)


def _compute(user) -> MembershipReport:
    tallies = MemberTally.objects.using(reporting_database()).visible_to(user)
    # One GROUP BY over (territory, status) of the tallies: a few thousand rows, rolled up in Python.
    per_territory = tallies.values_list("territory_id", "status").annotate(n=Sum("members")).order_by()
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    generated_at = tallies.order_by().values_list("refreshed_at", flat=True)[:1]
    for territory_id, status, n in per_territory:
        counts[territory_id][0] += n
        if status == Member.Status.ACTIVE:
            counts[territory_id][1] += n
    nodes = {
        t.pk: t
        for t in Territory.objects.filter(Q(pk__in=list(counts)) | Q(kind=Territory.Kind.DEPARTMENT)).only(
            "pk", "name", "code", "path", "kind", "depth"
        )
    }
    by_path = {t.path: t for t in nodes.values()}
    # Members registered in a locality count for its municipality too: fetch those in one query.
    missing = {"/".join(t.path.strip("/").split("/")[:3]) + "/" for t in nodes.values() if t.depth > 2} - set(by_path)
    if missing:
        by_path.update(
            {t.path: t for t in Territory.objects.filter(path__in=missing).only("pk", "name", "code", "path")}
        )
    departments: dict[int, Row] = {}
    municipalities: dict[int, Row] = {}
    for territory_id, (total, active) in counts.items():
        node = nodes.get(territory_id)
        if node is None:
            continue
        parts = node.path.strip("/").split("/")
        department = by_path.get("/".join(parts[:2]) + "/")
        municipality_path = "/".join(parts[:3]) + "/" if len(parts) >= 3 else None
        if department is not None:
            row = departments.setdefault(department.pk, Row(department.pk, department.name, department.code))
            row.total += total
            row.active += active
        if municipality_path:
            municipality = by_path.get(municipality_path)
            if municipality is not None:
                row = municipalities.setdefault(
                    municipality.pk, Row(municipality.pk, municipality.name, municipality.code)
                )
                row.total += total
                row.active += active
                row.department_id = department.pk if department else None
    by_department: dict[int, list[Row]] = defaultdict(list)
    for row in municipalities.values():
        by_department[row.department_id].append(row)
    for rows in by_department.values():
        rows.sort(key=lambda r: (-r.total, r.name))

    today = timezone.localdate()
    start = add_months(month_start(today), -11)
    monthly = dict(
        tallies.filter(joined_month__gte=start).values_list("joined_month").annotate(n=Sum("members")).order_by()
    )
    months = []
    for offset in range(12):
        month = add_months(month_start(today), offset - 11)
        value = next((n for m, n in monthly.items() if m and (m.year, m.month) == (month.year, month.month)), 0)
        months.append((f"{month.month:02d}/{month.year}", value))

    aggregates = tallies.aggregate(total=Sum("members"), **{name: Sum(f"with_{name}") for name in COMPLETENESS_FIELDS})
    total = aggregates.pop("total") or 0
    aggregates = {name: n or 0 for name, n in aggregates.items()}
    labels = completeness_labels()
    completeness = [(name, labels[name], round(100 * n / total, 1) if total else 0.0) for name, n in aggregates.items()]
    return MembershipReport(
        departments=sorted(departments.values(), key=lambda r: (-r.total, r.name)),
        municipalities=dict(by_department),
        months=months,
        completeness=completeness,
        total=total,
        active=sum(r.active for r in departments.values()),
        generated_at=timezone.localtime(generated_at[0]) if generated_at else timezone.localtime(),
    )


def report_workbook(report: MembershipReport) -> bytes:
    book = tablib.Databook()
    departments = tablib.Dataset(headers=[_("Department"), _("Members"), _("Active ones")], title=_("Departments")[:31])
    for row in report.departments:
        departments.append([row.name, row.total, row.active])
    municipalities = tablib.Dataset(
        headers=[_("Department"), _("Municipality"), _("Members"), _("Active ones")], title=_("Municipalities")[:31]
    )
    department_names = {row.territory_id: row.name for row in report.departments}
    for department_id, rows in report.municipalities.items():
        for row in rows:
            municipalities.append([department_names.get(department_id, ""), row.name, row.total, row.active])
    months = tablib.Dataset(headers=[_("Month"), _("New members")], title=_("New per month")[:31])
    for month, n in report.months:
        months.append([month, n])
    completeness = tablib.Dataset(headers=[_("Field"), _("Complete (%)")], title=_("Completeness")[:31])
    for _key, label, percent in report.completeness:
        completeness.append([label, percent])
    for sheet in (departments, municipalities, months, completeness):
        book.add_sheet(sheet)
    return book.export("xlsx")
