"""Network statistics (by hand or imported) and the monthly report (on demand, with progress)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from comunicaciones.forms import ChannelStatForm, MonthForm, StatsImportForm
from comunicaciones.models import ChannelStat, MonthlyReport
from comunicaciones.roles import READ_ROLES, REPORT_ROLES, TEAM_ROLES
from comunicaciones.services.reports import monthly_report_request
from comunicaciones.services.stats import channel_stat_save, channel_stats_import
from core.audit import audit_record
from core.dates import previous_month
from core.models import AuditEvent, Job
from core.views.files import file_response
from core.views.helpers import require_role, role_required, service_error


@role_required(*READ_ROLES)
def stat_list(request):
    stats = list(ChannelStat.objects.all()[:240])
    months = sorted({s.month for s in stats}, reverse=True)[:12]
    latest = months[0] if months else None
    chart = None
    if months:
        chart_months = sorted(months)
        series = {}
        for stat in stats:
            if stat.month in chart_months:
                series.setdefault(stat.get_channel_display(), {})[stat.month.isoformat()] = stat.followers
        chart = {
            "labels": [m.strftime("%Y-%m") for m in chart_months],
            "datasets": [
                {"label": name, "data": [values.get(m.isoformat()) for m in chart_months]}
                for name, values in sorted(series.items())
            ],
        }
    return render(
        request,
        "comunicaciones/stat_list.html",
        {
            "stats": stats,
            "latest": latest,
            "chart": chart,
            "can_edit": request.user.has_role(*TEAM_ROLES),
            "metrics": ChannelStat.METRICS,
        },
    )


@role_required(*TEAM_ROLES)
def stat_edit(request):
    initial = {"month": previous_month(timezone.localdate())}
    form = ChannelStatForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            channel_stat_save(actor=request.user, **data)
        except ValidationError as exc:
            service_error(request, exc)
        else:
            messages.success(request, _("Statistics saved."))
            return redirect("comunicaciones:stat-list")
    return render(request, "comunicaciones/stat_form.html", {"form": form})


@role_required(*TEAM_ROLES)
def stat_import(request):
    form = StatsImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            errors = [_("The file is too big (limit %(limit)s MB).") % {"limit": 5}]
        else:
            result = channel_stats_import(actor=request.user, data=upload.read(), filename=upload.name)
            if result.ok:
                messages.success(
                    request,
                    _("Imported: %(created)s new rows, %(updated)s updated.")
                    % {"created": result.created, "updated": result.updated},
                )
                return redirect("comunicaciones:stat-list")
            errors = result.errors
    return render(request, "comunicaciones/stat_import.html", {"form": form, "errors": errors})


def monthly_reports_page(request, *, model, request_report, template: str):
    """A list of monthly PDF reports (`model`) with the form that asks for one (`request_report`)."""
    job = None
    job_id = request.GET.get("trabajo")
    if job_id and job_id.isdigit():
        job = Job.objects.visible_to(request.user).filter(pk=job_id).first()
    form = MonthForm(request.POST or None, initial={"month": previous_month(timezone.localdate())})
    if request.method == "POST":
        require_role(request, *REPORT_ROLES)
        if form.is_valid():
            job = request_report(actor=request.user, month=form.cleaned_data["month"])
            return redirect(f"{request.path}?trabajo={job.pk}")
    return render(
        request,
        template,
        {
            "reports": model.objects.select_related("generated_by")[:36],
            "form": form,
            "job": job,
            "can_generate": request.user.has_role(*REPORT_ROLES),
        },
    )


def monthly_report_file(request, *, model, pk: int, name: str):
    """One monthly report's PDF (`name`-yyyy-mm.pdf), its download audited."""
    report = get_object_or_404(model, pk=pk)
    if not report.file:
        raise Http404
    audit_record(actor=request.user, action=AuditEvent.Action.DOWNLOAD, obj=report)
    return file_response(
        report.file,
        f"{name}-{report.month:%Y-%m}.pdf",
        as_attachment=request.GET.get("ver") != "1",
        content_type="application/pdf",
    )


@role_required(*READ_ROLES)
def report_list(request):
    return monthly_reports_page(
        request, model=MonthlyReport, request_report=monthly_report_request, template="comunicaciones/report_list.html"
    )


@role_required(*READ_ROLES)
def report_download(request, pk: int):
    return monthly_report_file(request, model=MonthlyReport, pk=pk, name="informe-comunicaciones")
