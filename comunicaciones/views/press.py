"""Press releases and media monitoring: simple lists with filters, and forms for the team."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from comunicaciones import selectors
from comunicaciones.forms import MediaMentionForm, MentionFilterForm, PressReleaseForm
from comunicaciones.roles import READ_ROLES, TEAM_ROLES
from comunicaciones.services.planning import media_mention_create, press_release_create
from core.views.helpers import page_without_count, role_required, service_error


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
