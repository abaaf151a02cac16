"""The where-to-work board: rebuilding its per-place rows (PlaceBoard) for one election.

`board_refresh_run` is the system's own work (beat every `BEAT_ELECTORAL_BOARD` minutes, and the
job a user starts with `board_refresh_request`): a few set-based reads (places with their
results, members per territory, the field-work registry), the potential computed here, and the
rows replaced in one transaction, so the board never shows half a refresh.

Potential (documented on the board): for each polling place,
    turnout = votes cast / registered voters in the last election with results;
    share = our votes / valid votes in it;
    target = the share our party reaches in the best places of the same department (the 90th
             percentile of the department's places with results);
    room = max(0, target − share);
    potential = registered voters today × turnout × room, in votes: the votes the place would
             add if it voted for us like our good places, at its own turnout.
"""

from __future__ import annotations

import csv
import io
import time
from collections import defaultdict
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.jobs import job_create, job_enqueue
from core.models import AuditEvent, Job, Territory
from core.permissions import ensure_reach, ensure_role
from core.tabular import safe_cell
from electoral.field_figures import field_figures
from electoral.models import BoardRefresh, Election, PlaceBoard, UnitSummary
from electoral.roles import OPERATORS, READERS
from militancia.models import Member

if TYPE_CHECKING:
    from core.models import User

TARGET_PERCENTILE = 0.9
BATCH = 5000

_PLACES_SQL = """
SELECT pl.id, pl.parent_id, pl.territory_id, coalesce(t.path, ''),
       coalesce(tb.registered, 0), pl.registered_voters,
       cur.registered, cur.total, cur.valid, cur.own_votes, prev.valid, prev.own_votes
FROM electoral_electoralunit pl
LEFT JOIN core_territory t ON t.id = pl.territory_id
LEFT JOIN (
    SELECT parent_id, sum(registered_voters) AS registered FROM electoral_electoralunit
    WHERE kind IN ('table', 'casilla') AND path LIKE %(prefix)s GROUP BY parent_id
) tb ON tb.parent_id = pl.id
LEFT JOIN electoral_unitsummary cur ON cur.unit_id = pl.id AND cur.election_id = %(last)s
LEFT JOIN electoral_unitsummary prev ON prev.unit_id = pl.id AND prev.election_id = %(previous)s
WHERE pl.table_count > 0 AND pl.path LIKE %(prefix)s
"""


def results_elections(*, election: Election) -> tuple[Election | None, Election | None]:
    """The last election with results on or before this one (same kind first) and the one before it."""
    with_results = set(UnitSummary.objects.values_list("election_id", flat=True).distinct())
    candidates = [
        e for e in Election.objects.filter(pk__in=with_results, date__lte=election.date) if e.pk in with_results
    ]
    candidates.sort(key=lambda e: (e.kind != election.kind, -e.date.toordinal(), -e.pk))
    if not candidates:
        return None, None
    last = candidates[0]
    earlier = [e for e in candidates[1:] if e.date < last.date]
    earlier.sort(key=lambda e: (e.kind != last.kind, -e.date.toordinal(), -e.pk))
    return last, (earlier[0] if earlier else None)


def _members_by_path() -> dict[str, int]:
    """Active members per territory path (one grouped scan of the registry)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT t.path, x.n FROM (
                SELECT territory_id, count(*) AS n FROM {Member._meta.db_table}
                WHERE status = %s AND territory_id IS NOT NULL GROUP BY territory_id
            ) x JOIN core_territory t ON t.id = x.territory_id
            """,
            [Member.Status.ACTIVE],
        )
        return dict(cursor.fetchall())


def _subtree_counts(per_path: dict[str, int], wanted: set[str]) -> dict[str, int]:
    """Members under each wanted path (a path counts towards each of its ancestors)."""
    counts = dict.fromkeys(wanted, 0)
    for path, n in per_path.items():
        end = path.find("/")
        while end != -1:
            prefix = path[: end + 1]
            if prefix in counts:
                counts[prefix] += n
            end = path.find("/", end + 1)
    return counts


def _percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(pct * len(ordered)))]


def potential(*, registered: int, turnout: float, share: float, target: float) -> int:
    """Votes to win at a place: registered × turnout × max(0, target − share)."""
    return round(registered * turnout * max(0.0, target - share))


def board_refresh_run(*, election_id: int) -> dict:
    """Rebuild the board of one election (system path: beat, or the job a user started)."""
    started = time.perf_counter()
    election = Election.objects.select_related("root_unit").filter(pk=election_id).first()
    if election is None:
        return {"election_id": election_id, "missing": True}
    last, previous = results_elections(election=election)
    prefix = (election.root_unit.path if election.root_unit_id else "") + "%"
    with connection.cursor() as cursor:
        cursor.execute(
            _PLACES_SQL,
            {"prefix": prefix, "last": last.pk if last else None, "previous": previous.pk if previous else None},
        )
        places = cursor.fetchall()
    territory_ids = {row[2] for row in places if row[2]}
    paths = {row[3] for row in places if row[3]}
    # Department and municipality: the first two segments of the path below the country.
    wanted: set[str] = set()
    for path in paths:
        parts = path.split("/")
        if len(parts) > 2:
            wanted.add("/".join(parts[:2]) + "/")
        if len(parts) > 3:
            wanted.add("/".join(parts[:3]) + "/")
    wanted |= paths
    by_path = {
        t.path: t
        for t in Territory.objects.filter(Q(path__in=wanted) | Q(pk__in=territory_ids)).only("id", "path", "kind")
    }
    members = _subtree_counts(_members_by_path(), set(by_path))
    places_per_territory: dict[int, int] = defaultdict(int)
    for row in places:
        if row[2]:
            places_per_territory[row[2]] += 1
    figures = field_figures([row[0] for row in places])
    now = timezone.now()
    rows: list[PlaceBoard] = []
    for (
        pk,
        parent_id,
        territory_id,
        path,
        table_registered,
        place_registered,
        cur_reg,
        total,
        valid,
        own,
        p_valid,
        p_own,
    ) in places:
        territory = by_path.get(path)
        department = municipality = None
        for candidate in (territory, *(by_path.get(p) for p in _ancestors(path))):
            if candidate is None:
                continue
            if candidate.kind == Territory.Kind.DEPARTMENT and department is None:
                department = candidate
            if candidate.kind == Territory.Kind.MUNICIPALITY and municipality is None:
                municipality = candidate
        registered = table_registered or place_registered or (cur_reg or 0)
        turnout = (total / cur_reg) if cur_reg else 0.0
        share = (own / valid) if valid else 0.0
        field = figures.get(pk) or {}
        rows.append(
            PlaceBoard(
                election_id=election.pk,
                place_id=pk,
                section_id=parent_id,
                territory_id=territory_id,
                municipality_id=municipality.pk if municipality else None,
                department_id=department.pk if department else None,
                registered=registered,
                total=total or 0,
                valid=valid or 0,
                own_votes=own or 0,
                previous_valid=p_valid,
                previous_own=p_own,
                turnout=min(1.0, turnout),
                own_share=share,
                previous_share=(p_own / p_valid) if p_valid else None,
                members=members.get(path) if territory_id and places_per_territory[territory_id] == 1 else None,
                municipality_members=members.get(municipality.path, 0) if municipality else 0,
                supporters=int(field.get("supporters", 0)),
                opponents=int(field.get("opponents", 0)),
                undecided=int(field.get("undecided", 0)),
                contacts=int(field.get("contacts", 0)),
                attempts=int(field.get("attempts", 0)),
                coverage=float(field.get("coverage", 0.0)),
                refreshed_at=now,
            )
        )
    shares: dict[int | None, list[float]] = defaultdict(list)
    for row in rows:
        if row.valid:
            shares[row.department_id].append(row.own_share)
    targets = {department: _percentile(values, TARGET_PERCENTILE) for department, values in shares.items()}
    for row in rows:
        row.target_share = targets.get(row.department_id, 0.0)
        row.potential = (
            potential(registered=row.registered, turnout=row.turnout, share=row.own_share, target=row.target_share)
            if row.valid
            else 0
        )
    with transaction.atomic():
        PlaceBoard.objects.filter(election_id=election.pk).delete()
        PlaceBoard.objects.bulk_create(rows, batch_size=BATCH)
        BoardRefresh.objects.update_or_create(
            election_id=election.pk,
            defaults={
                "results_election": last,
                "previous_election": previous,
                "places": len(rows),
                "refreshed_at": now,
                "seconds": round(time.perf_counter() - started, 2),
            },
        )
    return {"election_id": election.pk, "places": len(rows)}


def _ancestors(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/".join(parts[:k]) + "/" for k in range(len(parts) - 1, 0, -1)]


def boards_refresh_all() -> dict:
    """Beat: rebuild the board of every election still to come (and of the last week's)."""
    since = timezone.localdate() - timezone.timedelta(days=7)
    done = [
        board_refresh_run(election_id=pk)["election_id"]
        for pk in Election.objects.filter(date__gte=since).values_list("pk", flat=True)
    ]
    return {"elections": done}


def board_refresh_request(*, election: Election, actor: User) -> Job:
    """A user asks for the board to be rebuilt now: a tracked job (the page shows its progress)."""
    ensure_role(actor, OPERATORS, _("refresh the where-to-work board"))
    ensure_reach(actor, election)
    from electoral.tasks import refresh_board

    job = job_create(kind="electoral.board_refresh", user=actor)
    job_enqueue(job=job, task=refresh_board, args=(election.pk,))
    return job


def board_export_csv(
    *, election: Election, header: list[str], rows: list[list], actor: User, description: str
) -> bytes:
    """The board as CSV (semicolons, UTF-8 with BOM for Excel), formula-safe, and one audit event."""
    ensure_role(actor, READERS, _("export the where-to-work board"))
    ensure_reach(actor, election)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        obj=election,
        changes={"rows": len(rows)},
        message=(_("Where-to-work board exported (%(what)s)") % {"what": description})[:500],
        message_is_personal=False,
    )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
