"""Reads of the electoral app, always scoped to the user (`visible_to`) and with a fixed number of queries.

The coverage board and the analysis run on national data (120,000 tables, 2.4 M votes):
each is a handful of set-based queries, never a query per unit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, FilteredRelation, Q, QuerySet

from core.models import Territory, User
from electoral.models import (
    BallotOption,
    Election,
    ElectoralUnit,
    Milestone,
    PollWatcher,
    UnitOptionSummary,
    WatcherAssignment,
)
from militancia.models import Member

PLACE_LIMIT = 200


def _territory_scope(user, alias: str) -> tuple[str, list]:
    """SQL keeping rows whose `alias`.territory_id lies in the user's scope (units without territory pass)."""
    if user.is_national:
        return "TRUE", []
    paths = [t.path + "%" for t in user.scope_territories]
    likes = " OR ".join(["st.path LIKE %s"] * len(paths)) or "FALSE"
    return (
        f"({alias}.territory_id IS NULL OR {alias}.territory_id IN (SELECT st.id FROM core_territory st WHERE {likes}))",
        paths,
    )


def elections_for(user: User) -> QuerySet[Election]:
    return Election.objects.visible_to(user).select_related("territory")


def milestones_for(user: User, election: Election | None = None) -> QuerySet[Milestone]:
    milestones = Milestone.objects.visible_to(user).select_related("election", "responsible")
    return milestones.filter(election=election) if election else milestones


def watcher_counts(user: User, election: Election) -> dict[str, int]:
    rows = PollWatcher.objects.visible_to(user).filter(election=election).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


# Coverage board ---------------------------------------------------------------------------


@dataclass
class Coverage:
    unit: ElectoralUnit | None
    tables: int = 0
    covered: int = 0
    registered: int = 0
    registered_covered: int = 0
    present: int = 0
    absent: int = 0
    places: list[dict] = field(default_factory=list)

    @property
    def percent(self) -> float:
        return round(100 * self.covered / self.tables, 1) if self.tables else 0.0

    @property
    def registered_percent(self) -> float:
        return round(100 * self.registered_covered / self.registered, 1) if self.registered else 0.0


COVERAGE_SQL = """
WITH places AS (
    SELECT pl.id, pl.code, pl.name, pl.address, pl.is_priority, pl.table_count AS tables,
           pl.registered_voters AS registered, coalesce(c.covered, 0) AS covered,
           coalesce(c.registered_covered, 0) AS registered_covered, coalesce(c.present, 0) AS present,
           coalesce(c.absent, 0) AS absent, coalesce(c.has_coordinator, FALSE) AS has_coordinator,
           coalesce(b.potential, 0) AS potential
    FROM electoral_electoralunit pl
    LEFT JOIN electoral_placecoverage c ON c.place_id = pl.id AND c.election_id = %(election)s
    LEFT JOIN electoral_placeboard b ON b.place_id = pl.id AND b.election_id = %(election)s
    WHERE pl.table_count > 0 AND pl.path LIKE %(prefix)s AND {scope}
),
ranked AS (
    SELECT places.*, sum(tables) OVER () AS all_tables, sum(covered) OVER () AS all_covered,
           sum(registered) OVER () AS all_registered, sum(registered_covered) OVER () AS all_registered_covered,
           sum(present) OVER () AS all_present, sum(absent) OVER () AS all_absent
    FROM places
)
SELECT * FROM ranked
{only_uncovered}
ORDER BY is_priority DESC, (covered < tables) DESC, potential DESC, (registered - registered_covered) DESC, code
LIMIT %(limit)s
"""


def coverage_board(
    user: User, election: Election, unit: ElectoralUnit | None, only_uncovered: bool = False
) -> Coverage:
    """Tables covered / total and registered voters covered under `unit`, polling places with
    uncovered priority places first, then by the where-to-work board's potential (votes to win),
    then by registered voters left uncovered. Two queries whatever the size."""
    scope, scope_params = _territory_scope(user, "pl")
    prefix = (unit.path if unit else "") + "%"
    sql = COVERAGE_SQL.format(
        scope=scope.replace("%s", "%(s{})s"), only_uncovered="WHERE covered < tables" if only_uncovered else ""
    )
    params: dict = {"election": election.pk, "prefix": prefix, "limit": PLACE_LIMIT}
    # Named placeholders for the scope paths (the scope SQL uses positional ones).
    for index, value in enumerate(scope_params):
        sql = sql.replace("%(s{})s", f"%(s{index})s", 1)
        params[f"s{index}"] = value
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [c.name for c in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    coverage = Coverage(unit=unit)
    if rows:
        first = rows[0]
        coverage.tables, coverage.covered = int(first["all_tables"]), int(first["all_covered"])
        coverage.registered = int(first["all_registered"] or 0)
        coverage.registered_covered = int(first["all_registered_covered"] or 0)
        coverage.present, coverage.absent = int(first["all_present"]), int(first["all_absent"])
    for row in rows:
        row["uncovered"] = row["tables"] - row["covered"]
        row["percent"] = round(100 * row["covered"] / row["tables"], 1) if row["tables"] else 0
    coverage.places = rows
    return coverage


def available_watchers(user: User, election: Election, territory_ids: list[int] | None = None) -> QuerySet[PollWatcher]:
    """Accredited watchers without an active table assignment (candidates for bulk assignment)."""
    watchers = (
        PollWatcher.objects.visible_to(user)
        .filter(election=election, status__in=(PollWatcher.Status.ACCREDITED, PollWatcher.Status.ASSIGNED))
        .exclude(assignments__active=True)
        .select_related("territory")
        .order_by("-score", "last_names")
    )
    if territory_ids:
        watchers = watchers.filter(territory_id__in=territory_ids)
    return watchers


def checkin_rows(user: User, election: Election, q: str = "", limit: int = 100) -> QuerySet[WatcherAssignment]:
    assignments = (
        WatcherAssignment.objects.visible_to(user)
        .filter(election=election, active=True)
        .select_related("watcher", "unit", "unit__parent")
        .order_by("unit__parent__name", "unit__code")
    )
    if q:
        assignments = assignments.filter(
            Q(unit__name__icontains=q)
            | Q(unit__parent__name__icontains=q)
            | Q(watcher__last_names__icontains=q)
            | Q(watcher__first_names__icontains=q)
            | Q(unit__code__iexact=q)
            | Q(watcher__id_number=q)
        )
    return assignments[:limit]


# Analysis ---------------------------------------------------------------------------------


SUMMARY_FIELDS = ("registered", "valid", "total", "own_votes")


def analysis_units(
    user: User, election: Election, unit_id: int | None, compare: Election | None = None
) -> tuple[ElectoralUnit | None, list[ElectoralUnit]]:
    """The chosen unit (404 when out of scope) and its non-table children with their summaries
    for the election (and the one compared), in one query."""
    units = (
        ElectoralUnit.objects.visible_to(user)
        .exclude(kind__in=ElectoralUnit.TABLE_KINDS)
        .select_related("territory")
        .annotate(cur=FilteredRelation("summaries", condition=Q(summaries__election_id=election.pk)))
        .annotate(**{f"cur_{name}": F(f"cur__{name}") for name in SUMMARY_FIELDS})
    )
    if compare is not None:
        units = units.annotate(
            prev=FilteredRelation("summaries", condition=Q(summaries__election_id=compare.pk))
        ).annotate(**{f"prev_{name}": F(f"prev__{name}") for name in ("valid", "own_votes")})
    if unit_id:
        found = list(units.filter(Q(pk=unit_id) | Q(parent_id=unit_id)).order_by("name")[:2001])
        unit = next((u for u in found if u.pk == unit_id), None)
        if unit is None:
            raise ElectoralUnit.DoesNotExist
        return unit, [u for u in found if u.parent_id == unit_id]
    root = election.root_unit_id
    children = units.filter(parent_id=root) if root else units.filter(parent__isnull=True)
    return None, list(children.order_by("name")[:2000])


def analysis(
    user: User,
    election: Election,
    unit: ElectoralUnit | None,
    compare: Election | None = None,
    children: list[ElectoralUnit] | None = None,
) -> dict:
    """Turnout, party share, change against an earlier election, potential ranking, members vs votes,
    for the children of `unit`. Reads the per-unit summaries: three queries whatever the size
    (units with their summaries, votes per option, members per territory — the last one cached)."""
    if children is None:
        unit, children = analysis_units(user, election, unit.pk if unit else None, compare)
    ids = [c.pk for c in children]
    options_by_id: dict[int, BallotOption] = {}
    option_votes: dict[int, dict[int, int]] = {}
    # Plain tuples: a department's page reads thousands of rows, and building a model instance
    # (plus its option) for each was most of the page's time.
    rows = UnitOptionSummary.objects.filter(election=election, unit_id__in=ids).values_list(
        "unit_id", "option_id", "votes", "option__code", "option__name", "option__kind", "option__is_own"
    )
    for unit_id, option_id, votes, code, name, kind, is_own in rows:
        if option_id not in options_by_id:
            options_by_id[option_id] = BallotOption(
                pk=option_id, election_id=election.pk, code=code, name=name, kind=kind, is_own=is_own
            )
        option_votes.setdefault(unit_id, {})[option_id] = votes
    options = list(options_by_id.values())
    attributable, shared = _member_attribution(children)
    members = _members_per_territory(
        user, [*{c.territory_id: c.territory for c in children if c.pk in attributable}.values(), *shared]
    )
    rows = []
    for child in children:
        has = child.cur_total is not None
        total = child.cur_total or 0
        valid = child.cur_valid or 0
        registered = child.cur_registered if has else child.registered_voters
        own = child.cur_own_votes or 0
        share = own / valid if valid else 0.0
        prev_valid = getattr(child, "prev_valid", None)
        prev_own = getattr(child, "prev_own_votes", None)
        before_share = (prev_own / prev_valid) if prev_valid else None
        rows.append(
            {
                "unit": child,
                "registered": registered,
                "total": total,
                "valid": valid,
                "turnout": total / registered if registered else 0.0,
                "own_votes": own,
                "own_share": share,
                "previous_share": before_share,
                "previous_own": prev_own,
                "change": (share - before_share) if before_share is not None else None,
                # Members are known per territory: a unit gets them only when no sibling shares it.
                "members": members.get(child.territory_id, 0) if child.pk in attributable else None,
                "options": option_votes.get(child.pk, {}),
            }
        )
    _add_potential(rows)
    for row in rows:
        row["turnout_pct"] = round(100 * row["turnout"], 1)
        row["own_share_pct"] = round(100 * row["own_share"], 1)
        row["change_pts"] = round(100 * row["change"], 1) if row["change"] is not None else None
    totals = _totals(rows)
    shared_members = [
        {
            "territory": territory,
            "members": members.get(territory.pk, 0),
            "units": sum(1 for c in children if c.territory_id and c.territory.path.startswith(territory.path)),
        }
        for territory in shared
    ]
    # Each territory's members counted once, whether attributed to one unit or shared by several.
    totals["members"] = sum(r["members"] for r in rows if r["members"] is not None) + sum(
        s["members"] for s in shared_members
    )
    party_totals: dict[int, int] = {}
    for row in rows:
        for option_id, votes in row["options"].items():
            party_totals[option_id] = party_totals.get(option_id, 0) + votes
    vote_options = [o for o in options if o.kind in BallotOption.VOTE_KINDS]
    vote_options.sort(key=lambda o: -party_totals.get(o.pk, 0))
    return {
        "rows": rows,
        "totals": totals,
        "options": vote_options,
        "party_totals": party_totals,
        "ranking": sorted(rows, key=lambda r: -r["potential"]),
        "shared_members": shared_members,
    }


def _member_attribution(children: list[ElectoralUnit]) -> tuple[set[int], list[Territory]]:
    """Which units can carry their territory's active members without counting anyone twice.

    Members belong to a territory (a municipality or a comuna), units map to territories, and
    several units below a municipality (zones, polling places) map to the same one: giving each
    the municipality's members would count them once per unit. A unit is attributed its
    territory's members only when no sibling's territory is the same, above or below it; the
    others are reported per shared territory (the outermost one), counted once.
    Returns (ids of attributable units, shared territories)."""
    by_territory: dict[int, list[ElectoralUnit]] = {}
    for child in children:
        if child.territory_id:
            by_territory.setdefault(child.territory_id, []).append(child)
    territories = sorted((units[0].territory for units in by_territory.values()), key=lambda t: t.path)
    overlapping: set[int] = set()
    # Sorted by path, a territory's descendants follow it directly.
    for index, territory in enumerate(territories):
        for other in territories[index + 1 :]:
            if not other.path.startswith(territory.path):
                break
            overlapping.update((territory.pk, other.pk))
    attributable = {units[0].pk for pk, units in by_territory.items() if len(units) == 1 and pk not in overlapping}
    shared: list[Territory] = []
    for territory in territories:
        is_shared = territory.pk in overlapping or len(by_territory[territory.pk]) > 1
        if is_shared and not any(territory.path.startswith(outer.path) for outer in shared):
            shared.append(territory)
    return attributable, shared


def _add_potential(rows: list[dict]) -> None:
    """Potential = registered voters × room to grow, the room being the distance from the unit's
    own share to the share the party reaches in its best units (the 90th percentile of the level)."""
    shares = sorted(r["own_share"] for r in rows if r["valid"])
    target = shares[min(len(shares) - 1, int(0.9 * len(shares)))] if shares else 0.0
    for row in rows:
        room = max(0.0, target - row["own_share"]) if row["valid"] else 0.0
        row["room"] = room
        row["target_share"] = target
        row["potential"] = round(row["registered"] * room) if row["valid"] else 0


def _totals(rows: list[dict]) -> dict:
    registered = sum(r["registered"] for r in rows)
    total = sum(r["total"] for r in rows)
    valid = sum(r["valid"] for r in rows)
    own = sum(r["own_votes"] for r in rows)
    return {
        "registered": registered,
        "total": total,
        "valid": valid,
        "own_votes": own,
        "turnout": total / registered if registered else 0.0,
        "own_share": own / valid if valid else 0.0,
    }


def _members_per_territory(user, territories: list[Territory]) -> dict[int, int]:
    """Active members in each territory's subtree (within the user's scope): one query, cached for
    ten minutes (a figure that moves slowly, read on every analysis page)."""
    if not territories:
        return {}
    scope_key = "n" if user.is_national else "-".join(str(t.pk) for t in user.scope_territories)
    digest = hashlib.sha256(",".join(str(t.pk) for t in territories).encode()).hexdigest()[:16]
    key = f"electoral:members:{scope_key}:{digest}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    counts = _count_members(user, territories)
    cache.set(key, counts, 600)
    return counts


def _count_members(user, territories: list[Territory]) -> dict[int, int]:
    """Active members in each territory's subtree, counted once per territory.

    One pass groups the members of every territory involved (an index-only scan of
    (territory, status), hashed by territory), then the subtrees are summed here by path: no
    member is read twice, however many of the requested territories contain it. (Counting
    `m.id` per requested prefix read the table's rows, once per unit: 15-24 s at national scale.)"""
    scope, scope_params = _territory_scope(user, "m")
    prefixes = [t.path + "%" for t in territories]
    sql = f"""
        SELECT t.path, x.members
        FROM (
            SELECT m.territory_id, count(*) AS members
            FROM {Member._meta.db_table} m
            WHERE m.status = %s
              AND m.territory_id IN (SELECT ct.id FROM core_territory ct WHERE ct.path LIKE ANY(%s))
              AND {scope}
            GROUP BY m.territory_id
        ) x
        JOIN core_territory t ON t.id = x.territory_id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [Member.Status.ACTIVE, prefixes, *scope_params])
        per_path = cursor.fetchall()
    # Each counted territory adds its members to every requested ancestor (paths end in "/").
    wanted = {t.path: t.pk for t in territories}
    counts = dict.fromkeys(wanted.values(), 0)
    for path, members in per_path:
        end = path.find("/")
        while end != -1:
            pk = wanted.get(path[: end + 1])
            if pk is not None:
                counts[pk] += members
            end = path.find("/", end + 1)
    return counts
