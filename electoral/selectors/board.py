"""The where-to-work board: per polling place, section, municipality or department, ranked by potential.

Reads the precomputed `PlaceBoard` rows (see `electoral.services.board`), scoped to the user:
a department's board is a handful of queries over its few hundred places, whatever the size
of the registry, the results or the field work.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, FloatField, Max, Q, QuerySet, Sum
from django.db.models.functions import Cast

from core.models import Territory, User
from electoral.models import BoardRefresh, Election, PlaceBoard

PLACE_LIMIT = 100  # places shown on the page; the export has them all


class Level:
    PLACE = "place"
    SECTION = "section"
    MUNICIPALITY = "municipality"
    DEPARTMENT = "department"
    ALL = (PLACE, SECTION, MUNICIPALITY, DEPARTMENT)


SUMS = (
    "registered",
    "total",
    "valid",
    "own_votes",
    "potential",
    "supporters",
    "opponents",
    "undecided",
    "contacts",
    "attempts",
)


@dataclass
class BoardRow:
    key: int | None
    name: str
    code: str = ""
    registered: int = 0
    total: int = 0
    valid: int = 0
    own_votes: int = 0
    previous_valid: int | None = None
    previous_own: int | None = None
    potential: int = 0
    target_share: float | None = None
    members: int | None = None
    supporters: int = 0
    opponents: int = 0
    undecided: int = 0
    contacts: int = 0
    attempts: int = 0
    coverage_weighted: float = 0.0
    places: int = 1
    territory_code: str = ""
    drill_level: str = ""

    @property
    def turnout(self) -> float:
        return self.total / self.registered_at_election if self.registered_at_election else 0.0

    registered_at_election: int = 0

    @property
    def own_share(self) -> float:
        return self.own_votes / self.valid if self.valid else 0.0

    @property
    def previous_share(self) -> float | None:
        return self.previous_own / self.previous_valid if self.previous_valid else None

    @property
    def trend_points(self) -> float | None:
        before = self.previous_share
        return round(100 * (self.own_share - before), 1) if before is not None and self.valid else None

    @property
    def coverage(self) -> float:
        return self.coverage_weighted / self.registered if self.registered else 0.0

    @property
    def turnout_pct(self) -> float:
        return round(100 * self.turnout, 1)

    @property
    def own_share_pct(self) -> float:
        return round(100 * self.own_share, 1)

    @property
    def coverage_pct(self) -> float:
        return round(100 * self.coverage, 1)

    @property
    def target_pct(self) -> float | None:
        return round(100 * self.target_share, 1) if self.target_share is not None else None


@dataclass
class Board:
    election: Election
    territory: Territory | None
    level: str
    rows: list[BoardRow] = field(default_factory=list)
    totals: BoardRow | None = None
    refresh: BoardRefresh | None = None
    truncated: bool = False
    municipality_potential: dict[str, dict] = field(default_factory=dict)  # code: {name, potential}
    department_potential: dict[str, int] = field(default_factory=dict)  # code: potential


def board_rows(user: User, election: Election, territory: Territory | None) -> QuerySet[PlaceBoard]:
    """The user's PlaceBoard rows of the election, under `territory` when given."""
    rows = PlaceBoard.objects.visible_to(user).filter(election=election)
    if territory is None:
        return rows
    if territory.kind == Territory.Kind.DEPARTMENT:
        return rows.filter(department=territory)
    if territory.kind == Territory.Kind.MUNICIPALITY:
        return rows.filter(municipality=territory)
    if territory.kind == Territory.Kind.COUNTRY:
        return rows
    return rows.filter(territory__path__startswith=territory.path)


def _row_from_sums(key, name, sums: dict, *, code: str = "", places: int = 1) -> BoardRow:
    row = BoardRow(key=key, name=name, code=code, places=places)
    for name_ in SUMS:
        setattr(row, name_, int(sums.get(f"s_{name_}") or 0))
    row.previous_valid = sums.get("s_previous_valid")
    row.previous_own = sums.get("s_previous_own")
    row.coverage_weighted = float(sums.get("s_coverage") or 0)
    row.registered_at_election = round(sums.get("s_registered_at") or 0)
    return row


def _sums(registered_at) -> dict:
    return {
        **{f"s_{name}": Sum(name) for name in SUMS},
        "s_previous_valid": Sum("previous_valid"),
        "s_previous_own": Sum("previous_own"),
        "s_registered_at": Sum(registered_at, filter=~_zero_turnout()),
        "s_coverage": Sum(F("coverage") * F("registered"), output_field=FloatField()),
        "n": Count("id"),
    }


GROUP_KEYS = {
    "department": ("department", "department__code", "department__name"),
    "municipality": ("municipality", "municipality__code", "municipality__name"),
    "section": ("section", "section__code", "section__name"),
}


def _add(target: dict, item: dict) -> None:
    """Add one group's sums into `target` (a NULL previous figure makes the whole sum unknown)."""
    for name, value in item.items():
        if name.startswith("s_") or name == "n":
            target[name] += value or 0
            if name in ("s_previous_valid", "s_previous_own") and value is None:
                target[f"none_{name}"] += 1


def board(
    user: User, election: Election, territory: Territory | None, level: str, limit: int | None = PLACE_LIMIT
) -> Board:
    """The board at `level` under `territory` (the user's scope), ranked by potential (places: the
    first `limit`, or all with None).

    One aggregate query per page, grouped by municipality (and section at the section level),
    gives the rows of the grouped levels, the totals and the potential per municipality and per
    department the maps draw (`municipality_potential`, `department_potential`); the place level
    adds one query of plain rows (values(), no model instances) for its first `limit` places.
    """
    result = Board(election=election, territory=territory, level=level)
    result.refresh = (
        BoardRefresh.objects.filter(election=election).select_related("results_election", "previous_election").first()
    )
    rows = board_rows(user, election, territory)
    registered_at = Cast(F("total"), FloatField()) / F("turnout")
    keys = GROUP_KEYS["department"] + GROUP_KEYS["municipality"]
    if level == Level.SECTION:
        keys += GROUP_KEYS["section"]
    groups = list(rows.order_by().values(*keys).annotate(**_sums(registered_at), members=Max("municipality_members")))
    totals: dict = defaultdict(float)
    for item in groups:
        _add(totals, item)
        if item["municipality"] is not None:
            entry = result.municipality_potential.setdefault(
                item["municipality__code"], {"name": item["municipality__name"], "potential": 0}
            )
            entry["potential"] += item["s_potential"] or 0
        if item["department"] is not None:
            code = item["department__code"]
            result.department_potential[code] = result.department_potential.get(code, 0) + (item["s_potential"] or 0)
    result.totals = _row_from_sums(None, "", totals, places=int(totals["n"]))
    if totals.get("none_s_previous_valid") == len(groups):
        result.totals.previous_valid = result.totals.previous_own = None
    if level == Level.PLACE:
        ranked = rows.order_by("-potential", "place__code").values(*PLACE_FIELDS)
        places = list(ranked[: limit + 1] if limit is not None else ranked)
        result.truncated = limit is not None and len(places) > limit
        result.rows = [_place_row(item) for item in places[:limit]]
        return result
    group = {Level.SECTION: "section", Level.MUNICIPALITY: "municipality", Level.DEPARTMENT: "department"}[level]
    merged: dict[int | None, dict] = {}
    names: dict[int | None, tuple[str, str]] = {}
    for item in groups:
        key = item[group]
        target = merged.setdefault(key, defaultdict(float))
        _add(target, item)
        target["members"] += item["members"] or 0
        names[key] = (item[f"{group}__name"] or "—", item[f"{group}__code"] or "") if key is not None else ("—", "")
    for key, sums in merged.items():
        name, code = names[key]
        row = _row_from_sums(key, name, sums, code=code, places=int(sums["n"]))
        if sums.get("none_s_previous_valid"):
            row.previous_valid = row.previous_own = None
        row.members = int(sums["members"]) if level != Level.SECTION else None
        row.territory_code = code if level != Level.SECTION else ""
        row.drill_level = Level.MUNICIPALITY if level == Level.DEPARTMENT else Level.PLACE
        result.rows.append(row)
    result.rows.sort(key=lambda r: (-r.potential, r.name))
    return result


PLACE_FIELDS = (
    "place_id",
    "place__name",
    "place__code",
    "section__name",
    "territory__code",
    "registered",
    "total",
    "valid",
    "own_votes",
    "previous_valid",
    "previous_own",
    "turnout",
    "potential",
    "target_share",
    "members",
    "supporters",
    "opponents",
    "undecided",
    "contacts",
    "attempts",
    "coverage",
)


def _place_row(item: dict) -> BoardRow:
    row = BoardRow(
        key=item["place_id"],
        name=item["place__name"],
        code=item["place__code"],
        territory_code=item["territory__code"] or "",
        coverage_weighted=item["coverage"] * item["registered"],
        **{
            name: item[name]
            for name in (
                "registered",
                "total",
                "valid",
                "own_votes",
                "previous_valid",
                "previous_own",
                "potential",
                "target_share",
                "members",
                "supporters",
                "opponents",
                "undecided",
                "contacts",
                "attempts",
            )
        },
    )
    row.registered_at_election = round(item["total"] / item["turnout"]) if item["turnout"] else 0
    row.section_name = item["section__name"] or ""
    return row


def _zero_turnout() -> Q:
    return Q(turnout=0)


def place_priorities(election: Election) -> dict[int, int]:
    """Potential per polling place (the watcher assignment orders by it)."""
    return dict(PlaceBoard.objects.filter(election=election).values_list("place_id", "potential"))
