"""Elections and the legal calendar."""

from __future__ import annotations

import calendar
from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.views.helpers import page_without_count, role_required, service_error
from electoral import selectors
from electoral.forms import CopyMilestonesForm, ElectionForm, MilestoneForm, MilestoneStatusForm
from electoral.models import Candidate, Milestone, PollWatcher
from electoral.roles import DECIDERS, READERS
from electoral.services import calendar as calendar_services
from electoral.views.common import election_for, role_flags


@role_required(*READERS)
def election_list(request):
    elections = selectors.elections_for(request.user).annotate(
        n_milestones=Count("milestones", distinct=True),
        n_overdue=Count(
            "milestones",
            filter=Q(milestones__status__in=Milestone.OPEN_STATUSES, milestones__deadline__lt=timezone.now()),
            distinct=True,
        ),
    )
    page = page_without_count(elections.order_by("-date", "name"), request.GET.get("page"), 25)
    return render(request, "electoral/election_list.html", {"page": page, **role_flags(request.user)})


@role_required(*DECIDERS)
def election_create(request):
    form = ElectionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            election = calendar_services.election_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            messages.success(request, _("Election created."))
            return redirect("electoral:election-detail", election.pk)
    return render(request, "electoral/form.html", {"form": form, "title": _("New election")})


@role_required(*DECIDERS)
def election_edit(request, pk: int):
    election = election_for(request, pk)
    form = ElectionForm(request.POST or None, instance=election, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            calendar_services.election_update(
                actor=request.user, election=election_for(request, pk), **form.cleaned_data
            )
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            messages.success(request, _("Election saved."))
            return redirect("electoral:election-detail", pk)
    return render(request, "electoral/form.html", {"form": form, "title": _("Edit election"), "election": election})


@role_required(*READERS)
def election_detail(request, pk: int):
    election = election_for(request, pk)
    milestones = list(selectors.milestones_for(request.user, election).filter(status__in=Milestone.OPEN_STATUSES)[:8])
    counts = {PollWatcher.Status(k).label: v for k, v in selectors.watcher_counts(request.user, election).items()}
    candidates = Candidate.objects.visible_to(request.user).filter(election=election).count()
    return render(
        request,
        "electoral/election_detail.html",
        {
            "election": election,
            "milestones": milestones,
            "watcher_counts": counts,
            "watchers_total": sum(counts.values()),
            "candidates": candidates,
            **role_flags(request.user),
        },
    )


def _month_grid(year: int, month: int, milestones) -> list[list[dict]]:
    by_day: dict[date, list] = {}
    for m in milestones:
        by_day.setdefault(timezone.localdate(m.deadline), []).append(m)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([{"date": d, "in_month": d.month == month, "items": by_day.get(d, [])} for d in week])
    return weeks


@role_required(*READERS)
def milestone_calendar(request, pk: int):
    election = election_for(request, pk)
    milestones = list(selectors.milestones_for(request.user, election))
    today = timezone.localdate()
    anchor = milestones[0].deadline if milestones else timezone.now()
    try:
        year = int(request.GET.get("y", timezone.localdate(anchor).year if milestones else today.year))
        month = int(request.GET.get("m", timezone.localdate(anchor).month if milestones else today.month))
        date(year, month, 1)
    except ValueError:
        year, month = today.year, today.month
    prev_month = (year - 1, 12) if month == 1 else (year, month - 1)
    next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return render(
        request,
        "electoral/milestone_calendar.html",
        {
            "election": election,
            "milestones": milestones,
            "weeks": _month_grid(year, month, milestones),
            "month_label": date(year, month, 1),
            "prev_month": prev_month,
            "next_month": next_month,
            "today": today,
            **role_flags(request.user),
        },
    )


@role_required(*READERS)
def milestone_all(request):
    """Every open milestone in scope, by deadline (overdue first)."""
    milestones = selectors.milestones_for(request.user).filter(status__in=Milestone.OPEN_STATUSES).order_by("deadline")
    page = page_without_count(milestones, request.GET.get("page"), 50)
    return render(request, "electoral/milestone_all.html", {"page": page, "now": timezone.now()})


@role_required(*DECIDERS)
def milestone_create(request, pk: int):
    election = election_for(request, pk)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            calendar_services.milestone_create(actor=request.user, election=election, **form.cleaned_data)
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            messages.success(request, _("Milestone added."))
            return redirect("electoral:milestone-calendar", pk)
    return render(request, "electoral/form.html", {"form": form, "title": _("New milestone"), "election": election})


@role_required(*READERS)
def milestone_detail(request, pk: int, milestone_id: int):
    election = election_for(request, pk)
    milestone = get_object_or_404(selectors.milestones_for(request.user, election), pk=milestone_id)
    may_edit = request.user.has_role(*DECIDERS)
    may_move = may_edit or milestone.responsible_id == request.user.pk
    edit_form = MilestoneForm(instance=milestone) if may_edit else None
    status_form = MilestoneStatusForm(milestone=milestone) if may_move else None
    if request.method == "POST":
        try:
            if request.POST.get("action") == "edit" and may_edit:
                edit_form = MilestoneForm(request.POST, instance=milestone)
                if edit_form.is_valid():
                    calendar_services.milestone_update(
                        actor=request.user, milestone=milestone, **edit_form.cleaned_data
                    )
                    messages.success(request, _("Milestone saved."))
                    return redirect("electoral:milestone-detail", pk, milestone_id)
            elif request.POST.get("action") == "status" and may_move:
                status_form = MilestoneStatusForm(request.POST, request.FILES, milestone=milestone)
                if status_form.is_valid():
                    calendar_services.milestone_set_status(
                        actor=request.user,
                        milestone=milestone,
                        status=status_form.cleaned_data["status"],
                        note=status_form.cleaned_data["note"],
                        evidence=status_form.cleaned_data["evidence"],
                    )
                    messages.success(request, _("Status changed."))
                    return redirect("electoral:milestone-detail", pk, milestone_id)
            else:
                return render(request, "403.html", status=403)
        except ValidationError as exc:
            service_error(request, exc)
        milestone.refresh_from_db()
    return render(
        request,
        "electoral/milestone_detail.html",
        {
            "election": election,
            "milestone": milestone,
            "history": milestone.history.select_related("actor")[:50],
            "edit_form": edit_form,
            "status_form": status_form,
        },
    )


@role_required(*DECIDERS)
def milestone_copy(request, pk: int):
    election = election_for(request, pk)
    form = CopyMilestonesForm(request.POST or None, user=request.user, election=election)
    if request.method == "POST" and form.is_valid():
        try:
            created = calendar_services.milestones_copy(
                actor=request.user, source=form.cleaned_data["source"], target=election
            )
        except ValidationError as exc:
            service_error(request, exc, form)
        else:
            if created:
                messages.success(
                    request, _("%(n)s milestones copied and shifted to the new date.") % {"n": len(created)}
                )
            else:
                messages.info(request, _("Those milestones were already in this calendar: nothing was copied."))
            return redirect("electoral:milestone-calendar", pk)
    return render(
        request,
        "electoral/form.html",
        {"form": form, "title": _("Copy milestones from an earlier election"), "election": election},
    )
