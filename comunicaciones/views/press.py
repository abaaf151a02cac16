"""Press: releases (numbered bulletins), media monitoring, the press agenda (interviews, press
conferences, appearances) and the monthly press report."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comunicaciones import selectors
from comunicaciones.forms import MediaMentionForm, MentionFilterForm, PressAppearanceForm, PressReleaseForm
from comunicaciones.models import PressAppearance, PressRelease, PressReport
from comunicaciones.roles import READ_ROLES, TEAM_ROLES
from comunicaciones.services.planning import media_mention_create, press_release_create
from comunicaciones.services.press import (
    APPEARANCE_FIELDS,
    press_appearance_create,
    press_appearance_update,
    press_release_publish,
    press_report_request,
)
from comunicaciones.views.stats import monthly_report_file, monthly_reports_page
from core.views.helpers import call_service, page_without_count, require_role, role_required, service_error


@role_required(*READ_ROLES)
def mention_list(request):
    form = MentionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    mentions = selectors.mention_list(filters=filters)
    tones = dict(mentions.order_by().values_list("tone").annotate(n=Count("pk")))
    page = page_without_count(mentions, request.GET.get("page"), 50)
    return render(
        request,
        "comunicaciones/mention_list.html",
        {"form": form, "page": page, "tones": tones, "can_create": request.user.has_role(*TEAM_ROLES)},
    )


@role_required(*TEAM_ROLES)
def mention_create(request):
    form = MediaMentionForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            media_mention_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            service_error(request, exc)
        else:
            messages.success(request, _("Mention recorded."))
            return redirect("comunicaciones:mention-list")
    return render(request, "comunicaciones/simple_form.html", {"form": form, "title": _("New media mention")})


@role_required(*READ_ROLES)
def press_release_list(request):
    form = MentionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    releases = selectors.press_release_list(filters=filters).annotate(n_mentions=Count("mentions"))
    page = page_without_count(releases, request.GET.get("page"), 50)
    return render(
        request,
        "comunicaciones/press_release_list.html",
        {"form": form, "page": page, "can_create": request.user.has_role(*TEAM_ROLES)},
    )


@role_required(*TEAM_ROLES)
def press_release_create_view(request):
    form = PressReleaseForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            press_release_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            service_error(request, exc)
        else:
            messages.success(request, _("Press release recorded."))
            return redirect("comunicaciones:press-release-list")
    return render(request, "comunicaciones/simple_form.html", {"form": form, "title": _("New press release")})


def _appearance(pk: int) -> PressAppearance:
    return get_object_or_404(PressAppearance, pk=pk)


@role_required(*READ_ROLES)
def appearance_list(request):
    upcoming = list(selectors.appearance_list(upcoming=True)[:100])
    page = page_without_count(selectors.appearance_list(upcoming=False), request.GET.get("page"), 30)
    return render(
        request,
        "comunicaciones/appearance_list.html",
        {"upcoming": upcoming, "page": page, "can_create": request.user.has_role(*TEAM_ROLES)},
    )


@role_required(*TEAM_ROLES)
def appearance_create(request):
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    form = PressAppearanceForm(request.POST or None, initial={"starts_at": start})
    if request.method == "POST" and form.is_valid():
        try:
            press_appearance_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            messages.success(request, _("Press appearance recorded."))
            return redirect("comunicaciones:appearance-list")
    return render(request, "comunicaciones/simple_form.html", {"form": form, "title": _("New press appearance")})


@role_required(*READ_ROLES)
def appearance_edit(request, pk: int):
    appearance = _appearance(pk)
    can_edit = request.user.has_role(*TEAM_ROLES)
    initial = {name: getattr(appearance, name) for name in APPEARANCE_FIELDS}
    initial["starts_at"] = timezone.localtime(appearance.starts_at)
    form = PressAppearanceForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require_role(request, *TEAM_ROLES)
        if form.is_valid():
            try:
                press_appearance_update(actor=request.user, appearance=appearance, **form.cleaned_data)
            except ValidationError as exc:
                service_error(request, exc, form)
            else:
                messages.success(request, _("Press appearance saved."))
                return redirect("comunicaciones:appearance-list")
    return render(
        request,
        "comunicaciones/appearance_detail.html",
        {"appearance": appearance, "form": form if can_edit else None},
    )


@role_required(*TEAM_ROLES)
@require_POST
def press_release_publish_view(request, pk: int):
    release = get_object_or_404(PressRelease, pk=pk)
    call_service(
        request,
        lambda: press_release_publish(actor=request.user, release=release),
        success=lambda published: _("Bulletin %(code)s published.") % {"code": published.code},
    )
    return redirect("comunicaciones:press-release-list")


@role_required(*READ_ROLES)
def press_report_list(request):
    return monthly_reports_page(
        request,
        model=PressReport,
        request_report=press_report_request,
        template="comunicaciones/press_report_list.html",
    )


@role_required(*READ_ROLES)
def press_report_download(request, pk: int):
    return monthly_report_file(request, model=PressReport, pk=pk, name="informe-prensa")
