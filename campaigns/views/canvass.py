"""Coordinators: campaigns, turfs, generating lists and checking them out to volunteers, progress."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from campaigns import services
from campaigns.forms import CampaignForm, CheckoutForm, TurfForm
from campaigns.models import ListState, Turf, WalkList
from campaigns.roles import COORDINATORS
from campaigns.selectors import campaigns_visible, turf_progress, turfs_visible, volunteer_progress
from core.views.helpers import call_service, page_without_count, role_required, service_error, submit_form


@role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def campaign_list(request):
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.user, **form.values())
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            messages.success(request, _("Campaign created."))
            return redirect("campaigns:campaign-detail", pk=campaign.pk)
    page = page_without_count(campaigns_visible(user=request.user), request.GET.get("page"), 30)
    return render(request, "campaigns/campaign_list.html", {"form": form, "page": page})


@role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def campaign_detail(request, pk: int):
    campaign = get_object_or_404(campaigns_visible(user=request.user), pk=pk)
    form = TurfForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            turf = services.turf_create(actor=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            messages.success(request, _("Turf created."))
            return redirect("campaigns:turf-detail", pk=turf.pk)
    turfs = list(turfs_visible(user=request.user, campaign=campaign))
    progress = turf_progress(turfs=turfs)
    rows = [{"turf": t, **progress[t.pk]} for t in turfs]
    volunteers = volunteer_progress(user=request.user, campaign=campaign)
    chart = {
        "labels": [t.name for t in turfs],
        "talked": [progress[t.pk]["talked"] for t in turfs],
        "target": [t.target_count for t in turfs],
        "volunteers": [v["name"] for v in volunteers],
        "attempts": [v["attempts"] for v in volunteers],
        "volunteer_talked": [v["talked"] for v in volunteers],
    }
    return render(
        request,
        "campaigns/campaign_detail.html",
        {"campaign": campaign, "form": form, "rows": rows, "volunteers": volunteers, "chart": chart},
    )


def _turf(request, pk: int) -> Turf:
    return get_object_or_404(
        Turf.objects.visible_to(request.user).select_related("campaign", "territory", "unit"), pk=pk
    )


@role_required(*COORDINATORS)
def turf_detail(request, pk: int):
    turf = _turf(request, pk)
    lists = page_without_count(
        WalkList.objects.filter(turf=turf).select_related("volunteer").order_by("number"), request.GET.get("page"), 50
    )
    progress = turf_progress(turfs=[turf])[turf.pk]
    return render(
        request,
        "campaigns/turf_detail.html",
        {
            "turf": turf,
            "page": lists,
            "progress": progress,
            "checkout_form": CheckoutForm(turf=turf),
            "states": ListState,
        },
    )


@role_required(*COORDINATORS)
@require_POST
def turf_generate(request, pk: int):
    turf = _turf(request, pk)
    call_service(
        request,
        lambda: services.lists_generate(actor=request.user, turf=turf),
        success=lambda n: _("%(n)s lists generated.") % {"n": n},
    )
    return redirect("campaigns:turf-detail", pk=turf.pk)


@role_required(*COORDINATORS)
@require_POST
def list_checkout(request, pk: int, list_id: int):
    turf = _turf(request, pk)
    walk_list = get_object_or_404(WalkList, turf=turf, pk=list_id)
    form = CheckoutForm(request.POST, turf=turf)
    submit_form(
        request,
        form,
        lambda d: services.list_checkout(actor=request.user, walk_list=walk_list, volunteer=d["volunteer"]),
        success=_("List checked out."),
    )
    return redirect("campaigns:turf-detail", pk=turf.pk)


@role_required(*COORDINATORS)
@require_POST
def list_release(request, pk: int, list_id: int):
    turf = _turf(request, pk)
    walk_list = get_object_or_404(WalkList, turf=turf, pk=list_id)
    call_service(
        request,
        lambda: services.list_release(actor=request.user, walk_list=walk_list),
        success=_("The list is back in the pool."),
    )
    return redirect("campaigns:turf-detail", pk=turf.pk)
