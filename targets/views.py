"""The targets dashboard and the monthly national reports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.audit import audit_record
from core.dates import previous_month
from core.models import AuditEvent
from core.roles import Role
from core.views.files import file_response
from core.views.helpers import form_error_messages, role_required, service_error
from targets.models import NationalReport

from . import selectors, services
from .forms import PeriodForm, ReportForm, TargetForm

VIEWERS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.READ_ONLY)
SETTERS = (Role.NATIONAL_ADMIN,)


@role_required(*VIEWERS)
def dashboard(request):
    period_form = PeriodForm(request.GET or None)
    period = (period_form.cleaned_data.get("period") if period_form.is_valid() else None) or timezone.localdate()
    data = selectors.dashboard_data(user=request.user, period=period)
    chart = {
        "labels": [row["territory"].name for row in data["rows"]],
        "values": [float(row["cells"]["members_total"]["value"] or 0) for row in data["rows"]],
        "targets": [float(row["cells"]["members_total"]["target"] or 0) for row in data["rows"]],
        "legend": {"value": str(_("Members")), "target": str(_("Target"))},
    }
    target_form = None
    if request.user.has_role(*SETTERS):
        target_form = TargetForm(user=request.user, initial={"period": data["period"].strftime("%Y-%m")})
        # The choices come from the territories already loaded (no extra query on a hot page).
        choices = [(row["territory"].pk, row["territory"].name) for row in data["rows"]]
        if data["national_territory"] is not None:
            choices.insert(0, (data["national_territory"].pk, data["national_territory"].name))
        target_form.fields["territory"].choices = choices
    return render(
        request,
        "targets/dashboard.html",
        {
            "data": data,
            "chart": chart,
            "period_value": data["period"].strftime("%Y-%m"),
            "target_form": target_form,
        },
    )


@role_required(*SETTERS)
@require_POST
def target_set(request):
    form = TargetForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.target_set(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            service_error(request, exc)
        else:
            messages.success(request, _("Target saved."))
        period = form.cleaned_data["period"].strftime("%Y-%m")
        return redirect(f"{reverse('targets:targets-dashboard')}?period={period}")
    form_error_messages(request, form)
    return redirect("targets:targets-dashboard")


@role_required(*SETTERS)
def reports(request):
    if not request.user.is_national:
        raise PermissionDenied
    form = ReportForm(request.POST or None, initial={"period": previous_month().strftime("%Y-%m")})
    if request.method == "POST" and form.is_valid():
        services.national_report_request(period=form.cleaned_data["period"], actor=request.user)
        messages.success(request, _("The report is being generated."))
        return redirect("targets:targets-reports")
    return render(
        request,
        "targets/reports.html",
        {"reports": selectors.report_list(user=request.user), "form": form},
    )


@role_required(*SETTERS)
def report_download(request, pk: int):
    try:
        report = NationalReport.objects.visible_to(request.user).get(pk=pk)
    except NationalReport.DoesNotExist as exc:
        raise Http404 from exc
    if not report.file:
        raise Http404
    audit_record(actor=request.user, action=AuditEvent.Action.DOWNLOAD, obj=report)
    return file_response(report.file, report.file.name.rsplit("/", 1)[-1])
