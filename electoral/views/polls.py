"""Opinion polls: the list with the poll average and its chart, one poll, the form, the CSV import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from core.views.helpers import require_role, role_required, service_error
from electoral.forms import PollForm, PollImportForm, PollResultFormSet, result_rows
from electoral.models import Poll
from electoral.poll_average import HALF_LIFE_DAYS
from electoral.roles import DECIDERS, READERS
from electoral.selectors.polls import average_for, polls_for, undecided_labels
from electoral.services.polls import IMPORT_LIMITS, MAX_TOTAL, poll_save, polls_import
from electoral.views.common import election_for

CHART_SERIES = 6


@role_required(*READERS)
def poll_list(request, pk: int):
    election = election_for(request, pk)
    polls = list(polls_for(request.user, election))
    series, labels = average_for(polls)
    undecided = undecided_labels(polls)
    shown = [label for label in labels if label not in undecided][:CHART_SERIES]
    chart = {
        "days": [date_format(point.day, "d/m/Y") for point in series],
        "series": [
            {
                "label": label,
                "average": [point.values.get(label, (None,))[0] for point in series],
                "low": [(point.values.get(label) or (None, None))[1] for point in series],
                "high": [(point.values.get(label) or (None, None, None))[2] for point in series],
            }
            for label in shown
        ],
        "text": {"band": _("margin of error"), "percent": _("Percent"), "date": _("End of field work")},
    }
    latest = series[-1] if series else None
    return render(
        request,
        "electoral/poll_list.html",
        {
            "election": election,
            "polls": polls,
            "chart": chart,
            "latest": [
                {
                    "label": label,
                    "average": latest.values[label][0],
                    "low": latest.values[label][1],
                    "high": latest.values[label][2],
                    "undecided": label in undecided,
                }
                for label in labels
            ]
            if latest
            else [],
            "latest_day": latest.day if latest else None,
            "half_life": HALF_LIFE_DAYS,
            "can_decide": request.user.has_role(*DECIDERS),
        },
    )


@role_required(*READERS)
def poll_detail(request, pk: int, poll_id: int):
    election = election_for(request, pk)
    poll = get_object_or_404(polls_for(request.user, election), pk=poll_id)
    total = sum(r.percent for r in poll.results.all())
    return render(
        request,
        "electoral/poll_detail.html",
        {"election": election, "poll": poll, "total": total, "can_decide": request.user.has_role(*DECIDERS)},
    )


def _poll_form_page(request, election, poll: Poll | None):
    require_role(request, *DECIDERS)
    initial_rows = (
        [{"label": r.label, "percent": r.percent, "is_undecided": r.is_undecided} for r in poll.results.all()]
        if poll
        else [{"label": o.name} for o in election.ballot_options.filter(kind__in=("party", "candidate"))[:10]]
        + [{"label": _("Don't know / no answer"), "is_undecided": True}]
    )
    form = PollForm(request.POST or None, instance=poll, user=request.user)
    formset = PollResultFormSet(request.POST or None, initial=None if request.POST else initial_rows, prefix="results")
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            values = {name: form.cleaned_data[name] for name in PollForm.Meta.fields}
            try:
                saved = poll_save(
                    election=election, values=values, results=result_rows(formset), actor=request.user, poll=poll
                )
            except (ValidationError, PermissionDenied) as exc:
                service_error(request, exc, form)
            else:
                messages.success(request, _("Poll saved."))
                return redirect("electoral:poll-detail", election.pk, saved.pk)
        else:
            messages.error(request, _("Check the fields marked in red."))
    return render(
        request,
        "electoral/poll_form.html",
        {
            "election": election,
            "poll": poll,
            "form": form,
            "formset": formset,
            "max_total": number_format(MAX_TOTAL, decimal_pos=1),
            "options": [o.name for o in election.ballot_options.filter(kind__in=("party", "candidate"))],
        },
    )


@role_required(*DECIDERS)
def poll_create(request, pk: int):
    return _poll_form_page(request, election_for(request, pk), None)


@role_required(*DECIDERS)
def poll_edit(request, pk: int, poll_id: int):
    election = election_for(request, pk)
    poll = get_object_or_404(polls_for(request.user, election), pk=poll_id)
    return _poll_form_page(request, election, poll)


@role_required(*DECIDERS)
def poll_import(request, pk: int):
    election = election_for(request, pk)
    form = PollImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > IMPORT_LIMITS.max_bytes:
            errors = [_("The file is too large (at most 2 MB).")]
        else:
            result = polls_import(election=election, data=upload.read(), actor=request.user, filename=upload.name[:200])
            if result.ok:
                messages.success(
                    request,
                    _("Polls imported: %(created)s new, %(updated)s updated, %(results)s results.")
                    % {"created": result.created, "updated": result.updated, "results": result.results},
                )
                return redirect("electoral:poll-list", election.pk)
            errors = result.errors
    return render(request, "electoral/poll_import.html", {"election": election, "form": form, "errors": errors})
