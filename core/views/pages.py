from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme

from core import selectors
from core.audit import describe_changes
from core.forms import AuditFilterForm, TerritoryFilterForm
from core.models import Job, Territory
from core.navigation import widgets_for
from core.roles import Role
from core.views.helpers import page_without_count, role_required


@login_required
def home(request):
    widgets = [{"widget": widget, "value": widget.compute(request.user)} for widget in widgets_for(request.user)]
    return render(request, "core/home.html", {"widgets": widgets})


@role_required(Role.NATIONAL_ADMIN)
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_event_list(user=request.user, filters=filters)
    # No total count: the log grows without bound and COUNT(*) over it is slow.
    page = page_without_count(events, request.GET.get("page"), 50)
    for event in page.object_list:
        model = event.content_type.model_class() if event.content_type else None
        event.change_lines = describe_changes(model, event.shown_changes)
    return render(request, "core/audit_list.html", {"form": form, "page": page})


@login_required
def territory_list(request):
    form = TerritoryFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    territories = selectors.territory_list(user=request.user, q=data.get("q", ""), kind=data.get("kind", ""))
    page = page_without_count(territories, request.GET.get("page"), 50)
    return render(request, "core/territory_list.html", {"form": form, "page": page})


@login_required
def territory_detail(request, pk: int):
    territory = get_object_or_404(Territory.objects.visible_to(request.user).select_related("parent"), pk=pk)
    children = territory.children.annotate(n_children=Count("children")).order_by("name")
    return render(request, "core/territory_detail.html", {"territory": territory, "children": children})


@login_required
def job_progress(request, pk: int):
    try:
        job = selectors.job_for_user(user=request.user, pk=pk)
    except Job.DoesNotExist as exc:
        raise Http404 from exc
    # The page that polls passes its own address, so that it reloads once when the job ends (its
    # badge, results and report link are drawn by the page, not by this fragment). Only this polled
    # fragment asks for the reload: the page itself, drawn with a finished job, must not (it would
    # reload itself forever).
    refresh = request.GET.get("refresh", "")
    if not (refresh.startswith("/") and url_has_allowed_host_and_scheme(refresh, allowed_hosts={request.get_host()})):
        refresh = ""
    return render(request, "components/job_progress.html", {"job": job, "refresh_url": refresh, "polled": True})
