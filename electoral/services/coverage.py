"""Keeping the per-place coverage rows (PlaceCoverage) in step with assignments and check-ins."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from electoral.models import ElectoralUnit

_COVERED_TABLES = """
    SELECT t.parent_id, count(*) AS covered, sum(t.registered_voters) AS registered_covered,
           count(*) FILTER (WHERE a.present) AS present, count(*) FILTER (WHERE a.absent) AS absent
    FROM (
        SELECT unit_id, bool_or(checkin = 'present') AS present, bool_and(checkin = 'absent') AS absent
        FROM electoral_watcherassignment WHERE election_id = %(election)s AND active {units}
        GROUP BY unit_id
    ) a
    JOIN electoral_electoralunit t ON t.id = a.unit_id AND t.kind IN ('table', 'casilla')
    WHERE t.parent_id IS NOT NULL
    GROUP BY t.parent_id
"""


def place_ids_for(*, units: Iterable[ElectoralUnit]) -> set[int]:
    """The polling places concerned by some units (a table's place is its parent)."""
    return {u.parent_id if u.is_table else u.pk for u in units if (u.parent_id if u.is_table else u.pk)}


def coverage_refresh(*, election_id: int, place_ids: Iterable[int] | None = None) -> None:
    """Recount the coverage of some places (or all) of one election from the assignments, set-based.

    For some places (every assignment and check-in), the place rows are locked first: two
    check-ins at the same place on election day then count one after the other, never from
    two stale snapshots.
    """
    if place_ids is None:
        _refresh_all(election_id)
        return
    ids = sorted(set(place_ids))
    if not ids:
        return
    params = {"election": election_id, "places": ids}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM electoral_electoralunit WHERE id = ANY(%(places)s) ORDER BY id FOR UPDATE", params
        )
        units = "AND unit_id IN (SELECT id FROM electoral_electoralunit WHERE parent_id = ANY(%(places)s))"
        cursor.execute(
            f"""
            INSERT INTO electoral_placecoverage
                (election_id, place_id, covered, registered_covered, present, absent, has_coordinator)
            SELECT %(election)s, p.id, coalesce(x.covered, 0), coalesce(x.registered_covered, 0),
                   coalesce(x.present, 0), coalesce(x.absent, 0),
                   EXISTS (SELECT 1 FROM electoral_watcherassignment c
                           WHERE c.election_id = %(election)s AND c.active AND c.unit_id = p.id)
            FROM unnest(%(places)s::bigint[]) AS p(id)
            LEFT JOIN ({_COVERED_TABLES.format(units=units)}) x ON x.parent_id = p.id
            ON CONFLICT (election_id, place_id) DO UPDATE SET
                covered = EXCLUDED.covered, registered_covered = EXCLUDED.registered_covered,
                present = EXCLUDED.present, absent = EXCLUDED.absent, has_coordinator = EXCLUDED.has_coordinator
            """,
            params,
        )


def _refresh_all(election_id: int) -> None:
    params = {"election": election_id}
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM electoral_placecoverage WHERE election_id = %(election)s", params)
        cursor.execute(
            f"""
            INSERT INTO electoral_placecoverage
                (election_id, place_id, covered, registered_covered, present, absent, has_coordinator)
            SELECT %(election)s, x.parent_id, x.covered, x.registered_covered, x.present, x.absent, FALSE
            FROM ({_COVERED_TABLES.format(units="")}) x
            """,
            params,
        )
        cursor.execute(
            """
            INSERT INTO electoral_placecoverage
                (election_id, place_id, covered, registered_covered, present, absent, has_coordinator)
            SELECT DISTINCT %(election)s, w.unit_id, 0, 0, 0, 0, TRUE
            FROM electoral_watcherassignment w JOIN electoral_electoralunit u ON u.id = w.unit_id
            WHERE w.election_id = %(election)s AND w.active AND u.kind NOT IN ('table', 'casilla')
            ON CONFLICT (election_id, place_id) DO UPDATE SET has_coordinator = TRUE
            """,
            params,
        )


def coverage_refresh_all_elections() -> None:
    """After the geography changed (registered voters, tables moved): recount every election with assignments."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT election_id FROM electoral_watcherassignment WHERE active")
        elections = [row[0] for row in cursor.fetchall()]
    for election_id in elections:
        coverage_refresh(election_id=election_id)
