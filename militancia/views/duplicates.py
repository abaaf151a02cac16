"""The possible-duplicates review page: merge the pair, or mark them as different people."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.models import Job
from core.roles import Role
from core.views.helpers import require_role, role_required, service_error
from militancia import selectors, services
from militancia.forms import DuplicateDecisionForm
from militancia.models import DuplicateCandidate
from militancia.roles import DUPLICATE_DECIDERS
from militancia.services.duplicates import DETECT_JOB_KIND

REVIEWERS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR)
DECIDERS = DUPLICATE_DECIDERS


@role_required(*REVIEWERS)
def duplicate_list(request):
    candidates = selectors.duplicate_list(user=request.user)
    page = selectors.keyset_page(
        candidates, after=_int(request.GET.get("after")), before=_int(request.GET.get("before")), size=20
    )
    job = None
    if request.user.has_role(*DECIDERS):
        job = Job.objects.visible_to(request.user).filter(kind=DETECT_JOB_KIND).order_by("-created_at").first()
    return render(
        request,
        "militancia/duplicate_list.html",
        {"page": page, "can_decide": request.user.has_role(*DECIDERS), "job": job},
    )


def _int(value) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@role_required(*REVIEWERS)
@require_POST
def duplicate_decide(request, pk: int):
    try:
        candidate = selectors.duplicate_get(user=request.user, pk=pk)
    except DuplicateCandidate.DoesNotExist as exc:
        raise Http404 from exc
    require_role(request, *DECIDERS)
    form = DuplicateDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose merge or different people."))
        return redirect("militancia:duplicate-list")
    try:
        if form.cleaned_data["decision"] == "merge":
            keep_id = form.cleaned_data.get("keep")
            keep = {candidate.member_a_id: candidate.member_a, candidate.member_b_id: candidate.member_b}.get(keep_id)
            if keep is None:
                raise ValidationError(_("Choose which record to keep."))
            kept = services.duplicate_merge(candidate=candidate, keep=keep, actor=request.user)
            messages.success(request, _("Records merged into %(name)s.") % {"name": kept})
        else:
            services.duplicate_mark_distinct(candidate=candidate, actor=request.user)
            messages.success(request, _("Marked as different people."))
    except ValidationError as exc:
        service_error(request, exc)
    return redirect("militancia:duplicate-list")


@role_required(*DECIDERS)
@require_POST
def duplicate_detect(request):
    services.duplicates_detect_start(actor=request.user)
    messages.info(request, _("The search for possible duplicates has started."))
    return redirect("militancia:duplicate-list")
