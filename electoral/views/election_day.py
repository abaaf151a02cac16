"""Coverage board with bulk assignment, election-day check-in (phone-friendly) and incidents."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.views.helpers import error_text, page_without_count, role_required, service_error
from core.views.search import TOKEN_PARAM, search_data, search_redirect, search_token
from electoral import selectors
from electoral.forms import AssignForm, IncidentForm
from electoral.models import ElectoralUnit, Incident, PollWatcher, WatcherAssignment
from electoral.roles import OPERATORS, READERS
from electoral.services import reads
from electoral.services import watchers as services
from electoral.views.common import election_for, role_flags


def _unit(request, pk) -> ElectoralUnit | None:
    if not pk:
        return None
    return get_object_or_404(ElectoralUnit.objects.visible_to(request.user), pk=pk)


@role_required(*READERS)
def coverage(request, pk: int):
    """Tables covered / total per polling place under the chosen unit; uncovered priority places first."""
    election = election_for(request, pk)
    units = ElectoralUnit.objects.visible_to(request.user)
    unit_id = request.GET.get("unit", "")
    unit = election.root_unit
    if unit_id.isdigit():
        unit = ElectoralUnit(pk=int(unit_id))  # resolved below, with its ancestors and sub-units
    # The unit, its breadcrumb (ancestor ids are in its path) and its sub-units: one query.
    if unit is None:
        wanted = Q(parent__isnull=True) & ~Q(kind__in=ElectoralUnit.TABLE_KINDS)
    else:
        lineage = RawSQL(
            "SELECT unnest(string_to_array(rtrim(path, '/'), '/'))::bigint FROM electoral_electoralunit WHERE id = %s",
            [unit.pk],
        )
        wanted = Q(pk__in=lineage) | (Q(parent_id=unit.pk) & ~Q(kind__in=ElectoralUnit.TABLE_KINDS))
    related = list(units.filter(wanted).order_by("depth", "name")[:400])
    if unit is not None:
        unit = next((u for u in related if u.pk == unit.pk), None)
        if unit is None:
            raise Http404
    lineage_ids = set(unit.ancestor_ids()) if unit else set()
    ancestors = [u for u in related if u.pk in lineage_ids and u.pk != unit.pk]
    children = [u for u in related if u.pk not in lineage_ids]
    board = selectors.coverage_board(request.user, election, unit, only_uncovered=request.GET.get("uncovered") == "1")
    template = "electoral/coverage_live.html" if request.htmx else "electoral/coverage.html"
    return render(
        request,
        template,
        {
            "election": election,
            "unit": unit,
            "board": board,
            "children": children,
            "ancestors": ancestors,
            **role_flags(request.user),
        },
    )


@role_required(*OPERATORS)
def assign_place(request, pk: int, place_id: int):
    """Bulk assignment for one polling place: a watcher for each uncovered table, all saved or none."""
    election = election_for(request, pk)
    place = get_object_or_404(ElectoralUnit.objects.visible_to(request.user), pk=place_id)
    tables = list(place.children.filter(kind__in=ElectoralUnit.TABLE_KINDS).order_by("code"))
    covered = set(
        WatcherAssignment.objects.filter(election=election, active=True, unit__in=tables).values_list(
            "unit_id", flat=True
        )
    )
    territory_ids = [place.territory_id] if place.territory_id else None
    available = list(selectors.available_watchers(request.user, election, territory_ids)[:500])
    if request.method == "POST":
        by_id = {
            w.pk: w
            for w in PollWatcher.objects.visible_to(request.user)
            .filter(election=election)
            .filter(pk__in=[int(v) for v in request.POST.getlist("watcher") if v.isdigit()])
        }
        pairs = []
        for table in tables:
            value = request.POST.get(f"table_{table.pk}", "")
            if value.isdigit() and int(value) in by_id:
                pairs.append((by_id[int(value)], table))
        coordinator = request.POST.get("coordinator", "")
        if coordinator.isdigit() and int(coordinator) in by_id:
            pairs.append((by_id[int(coordinator)], place))
        try:
            created = services.assignments_create(actor=request.user, election=election, pairs=pairs)
        except ValidationError as exc:
            service_error(request, exc)
        else:
            messages.success(request, _("%(n)s assignments saved.") % {"n": len(created)})
            return redirect(f"{request.path}")
    suggestions = {}
    table_watchers = [w for w in available if w.role != PollWatcher.Role.PLACE_COORDINATOR]
    for table in tables:
        if table.pk not in covered and table_watchers:
            suggestions[table.pk] = table_watchers.pop(0).pk
    current = {
        a.unit_id: a
        for a in WatcherAssignment.objects.filter(
            election=election, active=True, unit__in=[*tables, place]
        ).select_related("watcher")
    }
    rows = [{"table": t, "assignment": current.get(t.pk), "suggested": suggestions.get(t.pk)} for t in tables]
    return render(
        request,
        "electoral/assign_place.html",
        {
            "election": election,
            "place": place,
            "rows": rows,
            "available": available,
            # A table watcher never coordinates a place, and a place's coordinator never sits at a table.
            "coordinator_choices": [w for w in available if w.role != PollWatcher.Role.TABLE],
            "table_choices": [w for w in available if w.role != PollWatcher.Role.PLACE_COORDINATOR],
            "coordinator": current.get(place.pk),
        },
    )


@role_required(*OPERATORS)
def assign_one(request, pk: int):
    election = election_for(request, pk)
    form = AssignForm(request.POST or None, user=request.user, election=election)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = ElectoralUnit.objects.visible_to(request.user).filter(code=data["unit_code"].strip()).first()
        if unit is None:
            form.add_error(
                "unit_code",
                _("The code “%(code)s” does not exist or is outside your scope.") % {"code": data["unit_code"]},
            )
        else:
            try:
                services.assignments_create(
                    actor=request.user,
                    election=election,
                    pairs=[(data["watcher"], unit)],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                )
            except ValidationError as exc:
                service_error(request, exc, form)
            else:
                messages.success(request, _("Assignment saved."))
                return redirect("electoral:watcher-detail", pk, data["watcher"].pk)
    return render(request, "electoral/form.html", {"form": form, "title": _("Assign a watcher"), "election": election})


# The check-in search posts: a watcher's document number typed in it never goes in the address.
CHECKIN_SEARCH = "electoral.checkin"


@role_required(*OPERATORS)
@require_http_methods(["GET", "POST"])
def checkin(request, pk: int):
    """Election day, on a phone: find the watcher, mark present or absent with the time."""
    election = election_for(request, pk)
    list_name = f"{CHECKIN_SEARCH}:{election.pk}"
    if request.method == "POST" and "assignment" not in request.POST:
        return search_redirect(request, list_name=list_name)
    if request.method == "POST":
        assignment = get_object_or_404(
            WatcherAssignment.objects.visible_to(request.user).filter(election=election),
            pk=request.POST.get("assignment"),
        )
        at = None
        if request.POST.get("time"):
            try:
                clock = datetime.strptime(request.POST["time"], "%H:%M").time()
                at = timezone.make_aware(datetime.combine(timezone.localdate(), clock))
            except ValueError:
                at = None
        error = ""
        try:
            assignment = services.assignment_checkin(
                actor=request.user, assignment=assignment, present=request.POST.get("present") == "1", at=at
            )
        except ValidationError as exc:
            error = error_text(exc)
        assignment = WatcherAssignment.objects.select_related("watcher", "unit", "unit__parent").get(pk=assignment.pk)
        if request.htmx:
            return render(
                request, "electoral/checkin_row.html", {"a": assignment, "error": error, "election": election}
            )
        if error:
            messages.error(request, error)
        token = search_token(request)
        return redirect(f"{request.path}?{urlencode({TOKEN_PARAM: token})}" if token else request.path)
    q = search_data(request, list_name=list_name).get("q", "").strip()
    rows = list(selectors.checkin_rows(request.user, election, q))
    reads.watchers_read(
        watchers=[row.watcher for row in rows], actor=request.user, what=_("Election day check-in page")
    )
    return render(
        request, "electoral/checkin.html", {"election": election, "rows": rows, "q": q, "now": timezone.localtime()}
    )


@role_required(*READERS)
def incident_list(request, pk: int):
    election = election_for(request, pk)
    incidents = (
        Incident.objects.visible_to(request.user)
        .filter(election=election)
        .select_related("unit", "table", "reported_by")
    )
    page = page_without_count(incidents, request.GET.get("page"), 50)
    return render(
        request, "electoral/incident_list.html", {"election": election, "page": page, **role_flags(request.user)}
    )


@role_required(*OPERATORS)
def incident_create(request, pk: int):
    election = election_for(request, pk)
    form = IncidentForm(request.POST or None, request.FILES or None, initial={"occurred_at": timezone.localtime()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        units = ElectoralUnit.objects.visible_to(request.user)
        place = units.filter(code=data["place_code"].strip()).first()
        table = units.filter(code=data["table_code"].strip()).first() if data["table_code"] else None
        if place is None:
            form.add_error(
                "place_code",
                _("The code “%(code)s” does not exist or is outside your scope.") % {"code": data["place_code"]},
            )
        elif data["table_code"] and table is None:
            form.add_error(
                "table_code",
                _("The code “%(code)s” does not exist or is outside your scope.") % {"code": data["table_code"]},
            )
        else:
            try:
                services.incident_report(
                    actor=request.user,
                    election=election,
                    unit=place,
                    table=table,
                    kind=data["kind"],
                    description=data["description"],
                    occurred_at=data["occurred_at"],
                    photo=data.get("photo"),
                )
            except ValidationError as exc:
                service_error(request, exc, form)
            else:
                messages.success(request, _("Incident reported."))
                return redirect("electoral:incident-list", pk)
    return render(
        request,
        "electoral/form.html",
        {"form": form, "title": _("Report an incident"), "election": election, "multipart": True},
    )
