"""The membership reports page and its .xlsx download."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent
from core.views.helpers import XLSX_CONTENT_TYPE, download_response, role_required
from militancia.dashboard import MEMBER_READERS
from militancia.reports import membership_report, report_workbook
from militancia.services.tallies import tallies_refresh_request


@role_required(*MEMBER_READERS)
def member_reports(request):
    if request.GET.get("actualizar") == "1":
        tallies_refresh_request(actor=request.user)
        messages.info(request, _("The figures are being counted again: reload the page in a minute."))
        return redirect("militancia:member-reports")
    report = membership_report(user=request.user)
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
            "minutes_old": max(0, int((timezone.now() - report.generated_at).total_seconds() // 60)),
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
