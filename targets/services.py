"""Indicators per department and month, targets, and the monthly national report."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.dates import month_end, month_start, previous_month
from core.models import AuditEvent, Territory
from core.roles import Role
from militancia.indicators import indicator_sources
from militancia.models import Member, MemberStatusChange
from targets.models import Indicator, IndicatorValue, NationalReport, Target

if TYPE_CHECKING:
    from core.jobs import JobProgress
    from core.models import User

TWO = Decimal("0.01")


def _department_map() -> tuple[dict[int, int], Territory | None]:
    """territory id → department id (departments map to themselves), and the country node."""
    departments = {}
    country = None
    by_code = {}
    for pk, path, kind in Territory.objects.values_list("pk", "path", "kind"):
        parts = path.strip("/").split("/")
        if kind == Territory.Kind.COUNTRY:
            country = pk
        elif kind == Territory.Kind.DEPARTMENT:
            by_code["/".join(parts[:2])] = pk
        departments[pk] = "/".join(parts[:2])
    mapping = {pk: by_code.get(key) for pk, key in departments.items() if by_code.get(key)}
    return mapping, Territory.objects.filter(pk=country).first() if country else None


def indicators_compute(*, period: date) -> int:
    """Compute every indicator of the month for each department and the country; upsert the rows."""
    period = month_start(period)
    end = month_end(period)
    to_department, country = _department_map()
    values: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
    totals: dict[str, Decimal] = defaultdict(Decimal)
    active = Q(status=Member.Status.ACTIVE, joined_on__lte=end)
    complete = (
        active
        & ~Q(address="")
        & Q(birth_date__isnull=False, consent_date__isnull=False)
        & (~Q(phone="") | ~Q(email=""))
    )
    members = Member.objects.values("territory_id").annotate(
        total=Count("pk", filter=active),
        new=Count("pk", filter=Q(joined_on__gte=period, joined_on__lte=end)),
        cards=Count("pk", filter=active & Q(has_card=True)),
        complete=Count("pk", filter=complete),
    )
    completeness: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in members.order_by():
        department = to_department.get(row["territory_id"])
        if department is None:
            continue
        values[(department, Indicator.MEMBERS_TOTAL)] += row["total"]
        values[(department, Indicator.MEMBERS_NEW)] += row["new"]
        values[(department, Indicator.CARDS_ISSUED)] += row["cards"]
        completeness[department][0] += row["complete"]
        completeness[department][1] += row["total"]
    resigned = (
        MemberStatusChange.objects.filter(
            to_status=Member.Status.RESIGNED, effective_date__gte=period, effective_date__lte=end
        )
        .values("member__territory_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in resigned:
        department = to_department.get(row["member__territory_id"])
        if department:
            values[(department, Indicator.MEMBERS_RESIGNED)] += row["n"]
    ratios: dict[str, dict[int, list[int]]] = {}
    for source in indicator_sources():
        if source.ratio:
            ratios[source.key] = by_department = defaultdict(lambda: [0, 0])
        for territory_id, figure in (source.compute(period, end) or {}).items():
            department = to_department.get(territory_id)
            if not department:
                continue
            if source.ratio:
                by_department[department][0] += figure[0]
                by_department[department][1] += figure[1]
            else:
                values[(department, source.key)] += Decimal(figure)

    def pct(part, whole):
        return (Decimal(100) * part / whole).quantize(TWO) if whole else Decimal(0)

    for department, (part, whole) in completeness.items():
        values[(department, Indicator.DATA_COMPLETENESS)] = pct(part, whole)
    for key, by_department in ratios.items():
        for department, (part, whole) in by_department.items():
            values[(department, key)] = pct(part, whole)
    rows = []
    for (department, indicator), value in values.items():
        rows.append(IndicatorValue(territory_id=department, period=period, indicator=indicator, value=value))
        if indicator != Indicator.DATA_COMPLETENESS and indicator not in ratios:
            totals[indicator] += value
    if country is not None:
        for indicator, value in totals.items():
            rows.append(IndicatorValue(territory=country, period=period, indicator=indicator, value=value))
        all_complete = sum(p for p, _w in completeness.values())
        all_active = sum(w for _p, w in completeness.values())
        rows.append(
            IndicatorValue(
                territory=country,
                period=period,
                indicator=Indicator.DATA_COMPLETENESS,
                value=pct(all_complete, all_active),
            )
        )
        for key, by_department in ratios.items():
            part = sum(p for p, _w in by_department.values())
            whole = sum(w for _p, w in by_department.values())
            rows.append(IndicatorValue(territory=country, period=period, indicator=key, value=pct(part, whole)))
    with transaction.atomic():
        IndicatorValue.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["period", "territory", "indicator"],
            update_fields=["value", "computed_at"],
        )
    return len(rows)


def target_set(*, actor: User, territory: Territory, period: date, indicator: str, value: Decimal) -> Target:
    """National administrators set targets, only for territories in their scope."""
    errors: dict[str, list[str]] = {}
    if not actor.has_role(Role.NATIONAL_ADMIN):
        raise ValidationError(_("Only national administrators set targets."))
    if not actor.can_reach(territory):
        errors["territory"] = [_("%(t)s is outside your scope: you cannot set its targets.") % {"t": territory.name}]
    elif territory.kind not in (Territory.Kind.COUNTRY, Territory.Kind.DEPARTMENT):
        errors["territory"] = [_("Targets are set for the country or a department.")]
    if value < 0:
        errors["value"] = [_("A target cannot be negative.")]
    if indicator in (Indicator.DATA_COMPLETENESS, Indicator.ATTENTION_ON_TIME) and value > 100:
        errors["value"] = [_("A percentage target cannot exceed 100.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        target, created = Target.objects.update_or_create(
            territory=territory,
            period=month_start(period),
            indicator=indicator,
            defaults={"value": value, "set_by": actor},
        )
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE,
            obj=target,
            changes={"value": [None, value]},
        )
    return target


def national_report_create(*, period: date, actor: User | None = None) -> NationalReport:
    return NationalReport.objects.create(period=month_start(period), requested_by=actor)


REPORT_JOB_KIND = "targets.national_report_build"  # also the task's name


@transaction.atomic
def national_report_request(*, period: date | None = None, actor: User | None = None) -> NationalReport:
    """Create the month's report (by default the month that ended) and queue its building job."""
    from core.jobs import job_create, job_enqueue
    from targets.tasks import national_report_build as build_task

    report = national_report_create(period=period or previous_month(), actor=actor)
    report.job = job_create(kind=REPORT_JOB_KIND, user=actor, total=2)
    report.save(update_fields=["job"])
    job_enqueue(job=report.job, task=build_task, args=(report.pk,))
    return report


def national_report_build_run(*, report: NationalReport, progress: JobProgress) -> dict:
    """The building job: progress for the page, then the indicators and the PDF."""
    progress(0, total=2, step=_("Computing the indicators and generating the PDF"))
    report = national_report_build(report_id=report.pk)
    return {"report": report.pk, "file": report.file.name}


def national_report_build(*, report_id: int) -> NationalReport:
    """Compute the month's indicators and render the PDF with them by department, against the targets."""
    from targets.pdf import national_report_pdf
    from targets.selectors import dashboard_data

    report = NationalReport.objects.get(pk=report_id)
    indicators_compute(period=report.period)
    data = dashboard_data(user=None, period=report.period)

    def plain(cell):
        return {
            "value": str(cell["value"]) if cell["value"] is not None else "",
            "target": str(cell["target"]) if cell["target"] is not None else "",
            "percent": bool(cell.get("percent")),
        }

    pdf = national_report_pdf(
        {
            "period": report.period.strftime("%m/%Y"),
            "generated": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
            "indicators": [(key, str(label)) for key, label in data["indicators"]],
            "rows": [
                {"territory": row["territory"].name, "cells": {key: plain(cell) for key, cell in row["cells"].items()}}
                for row in data["rows"]
            ],
            "national": {key: plain(cell) for key, cell in (data["national"] or {}).items()},
        }
    )
    report.file.save(f"informe-nacional-{report.period:%Y-%m}.pdf", ContentFile(pdf), save=False)
    report.generated_at = timezone.now()
    report.save(update_fields=["file", "generated_at"])
    audit_record(
        actor=report.requested_by,
        action=AuditEvent.Action.CREATE,
        obj=report,
        source=AuditEvent.Source.SYSTEM if report.requested_by is None else None,
    )
    return report
