"""The membership reports page and its .xlsx download."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent
from core.views.helpers import XLSX_CONTENT_TYPE, download_response, role_required
from militancia.dashboard import MEMBER_READERS
from militancia.reports import membership_report, report_workbook


@role_required(*MEMBER_READERS)
def member_reports(request):
    report = membership_report(user=request.user, refresh=request.GET.get("actualizar") == "1")
    try:
        selected = int(request.GET.get("departamento", ""))
    except ValueError:
        selected = None
    if selected not in report.municipalities and report.departments:
        selected = report.departments[0].territory_id
    department_name = next((r.name for r in report.departments if r.territory_id == selected), "")
    return render(
        request,
        "militancia/member_reports.html",
        {
            "report": report,
            "selected": selected,
            "department_name": department_name,
            "municipalities": report.municipalities.get(selected, []),
            "chart_departments": {
                "labels": [r.name for r in report.departments],
                "total": [r.total for r in report.departments],
                "active": [r.active for r in report.departments],
            },
            "chart_months": {"labels": [m for m, _n in report.months], "values": [n for _m, n in report.months]},
        },
    )


@role_required(*MEMBER_READERS)
def member_reports_download(request):
    report = membership_report(user=request.user)
    content = report_workbook(report)
    audit_record(actor=request.user, action=AuditEvent.Action.DOWNLOAD, message=_("Membership report (.xlsx)"))
    stamp = timezone.localtime().strftime("%Y%m%d")
    return download_response(content, filename=f"informe-militancia-{stamp}.xlsx", content_type=XLSX_CONTENT_TYPE)
