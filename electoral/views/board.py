"""Where to work: the board per polling place, section, municipality or department, its map and export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.models import Territory
from core.views.helpers import download_response, role_required, service_error
from electoral.cartogram import Tile, department_map, grid_map, legend
from electoral.forms import BoardFilterForm
from electoral.roles import OPERATORS, READERS
from electoral.selectors.board import PLACE_LIMIT, Level, board
from electoral.services.board import TARGET_PERCENTILE, board_export_csv, board_refresh_request
from electoral.views.common import election_for

DEFAULT_LEVEL = {
    None: Level.DEPARTMENT,
    Territory.Kind.COUNTRY: Level.DEPARTMENT,
    Territory.Kind.DEPARTMENT: Level.MUNICIPALITY,
    Territory.Kind.MUNICIPALITY: Level.PLACE,
    Territory.Kind.LOCALITY: Level.PLACE,
}


def _territory(request, code: str) -> Territory | None:
    """The territory asked for (a DIVIPOLA code in the query string), or the user's own."""
    if code:
        territory = Territory.objects.visible_to(request.user).by_code(code)
        if territory is None:
            raise Http404
        return territory
    if request.user.is_national:
        return None
    scope = list(request.user.scope_territories)
    return scope[0] if len(scope) == 1 else None


def _fmt(value: float) -> str:
    return number_format(round(value), force_grouping=True)


def _board_url(election, territory_code: str, level: str) -> str:
    query = {"level": level}
    if territory_code:
        query["territory"] = territory_code
    return reverse("electoral:board", args=[election.pk]) + "?" + urlencode(query)


def _map(result, election, territory):
    """The national tile cartogram, or a department's municipalities as tiles, from the potential
    the board's aggregate already has (no query of its own but the department names)."""
    if territory is None or territory.kind == Territory.Kind.COUNTRY:
        values = result.department_potential
        names = dict(Territory.objects.departments().values_list("code", "name"))
        tiles = [
            Tile(
                code=code,
                name=names.get(code, code),
                value=values.get(code),
                label=_fmt(values[code]) if code in values else "—",
                url=_board_url(election, code, Level.MUNICIPALITY) if code in values else "",
            )
            for code in names
        ]
        return department_map(tiles, title=_("Potential per department")), tiles
    if territory.kind == Territory.Kind.DEPARTMENT:
        tiles = [
            Tile(
                code=code,
                name=entry["name"],
                value=entry["potential"],
                label=_fmt(entry["potential"]),
                url=_board_url(election, code, Level.PLACE),
            )
            for code, entry in result.municipality_potential.items()
        ]
        return grid_map(tiles, title=_("Potential per municipality of %(name)s") % {"name": territory.name}), tiles
    return None, []


@role_required(*READERS)
def board_page(request, pk: int):
    election = election_for(request, pk)
    form = BoardFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    territory = _territory(request, data.get("territory") or "")
    level = data.get("level") or DEFAULT_LEVEL.get(territory.kind if territory else None, Level.PLACE)
    if request.GET.get("export") == "csv":
        return _export(request, election, territory, level, board(request.user, election, territory, level, limit=None))
    result = board(request.user, election, territory, level)
    svg, tiles = _map(result, election, territory)
    up = None
    if territory is not None and territory.parent_id:
        parent = Territory.objects.visible_to(request.user).filter(pk=territory.parent_id).first()
        if parent is not None:
            national = parent.kind == Territory.Kind.COUNTRY
            up = _board_url(election, "" if national else parent.code, DEFAULT_LEVEL[None if national else parent.kind])
    return render(
        request,
        "electoral/board.html",
        {
            "election": election,
            "territory": territory,
            "level": level,
            "levels": [
                (value, label, _board_url(election, territory.code if territory else "", value), value == level)
                for value, label in form.fields["level"].choices
            ],
            "board": result,
            "rows": result.rows,
            "chart": {
                "labels": [r.name for r in result.rows[:20]],
                "potential": [r.potential for r in result.rows[:20]],
                "text": {"potential": _("Potential (votes)")},
            },
            "svg": svg,
            "legend": legend(tiles, _fmt),
            "up": up,
            "export_url": _board_url(election, territory.code if territory else "", level) + "&export=csv",
            "place_limit": PLACE_LIMIT,
            "target_pct": round(100 * TARGET_PERCENTILE),
            "can_refresh": request.user.has_role(*OPERATORS),
            "is_place_level": level == Level.PLACE,
            "is_section_level": level == Level.SECTION,
        },
    )


def _export(request, election, territory, level, result):
    header = [
        _("Name"),
        _("Code"),
        _("Registered voters"),
        _("Turnout %"),
        _("Our votes"),
        _("Our share %"),
        _("Trend (points)"),
        _("Target share %"),
        _("Potential (votes)"),
        _("Active members"),
        _("Supporters"),
        _("Opponents"),
        _("Undecided"),
        _("Contacts"),
        _("Attempts"),
        _("Canvassing coverage %"),
    ]
    rows = [
        [
            r.name,
            r.code,
            r.registered,
            r.turnout_pct,
            r.own_votes,
            r.own_share_pct,
            r.trend_points if r.trend_points is not None else "",
            r.target_pct if r.target_pct is not None else "",
            r.potential,
            r.members if r.members is not None else "",
            r.supporters,
            r.opponents,
            r.undecided,
            r.contacts,
            r.attempts,
            r.coverage_pct,
        ]
        for r in result.rows
    ]
    description = f"{level} {territory.code if territory else 'nacional'}"
    content = board_export_csv(election=election, header=header, rows=rows, actor=request.user, description=description)
    return download_response(
        content,
        filename=f"donde-trabajar-{election.pk}-{territory.code if territory else 'nacional'}-{level}.csv",
        content_type="text/csv; charset=utf-8",
    )


@role_required(*OPERATORS)
@require_POST
def board_refresh(request, pk: int):
    election = election_for(request, pk)
    try:
        board_refresh_request(election=election, actor=request.user)
    except (ValidationError, PermissionDenied) as exc:
        service_error(request, exc)
    else:
        messages.success(request, _("The board is being rebuilt: reload the page in a minute."))
    return redirect(_board_url(election, request.POST.get("territory", "")[:20], request.POST.get("level", "")[:20]))
