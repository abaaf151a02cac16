"""Keeping the per-place coverage rows (PlaceCoverage) in step with assignments and check-ins."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from electoral.models import ElectoralUnit


def place_ids_for(units: Iterable[ElectoralUnit]) -> set[int]:
    """The polling places concerned by some units (a table's place is its parent)."""
    return {u.parent_id if u.is_table else u.pk for u in units if (u.parent_id if u.is_table else u.pk)}


def coverage_refresh(*, election_id: int, place_ids: Iterable[int] | None = None) -> None:
    """Recount the coverage of some places (or all) of one election from the assignments, set-based."""
    ids = sorted(set(place_ids)) if place_ids is not None else None
    if ids is not None and not ids:
        return
    only = "AND t.parent_id = ANY(%(places)s)" if ids is not None else ""
    only_place = "AND place_id = ANY(%(places)s)" if ids is not None else ""
    only_unit = "AND unit_id = ANY(%(places)s)" if ids is not None else ""
    params = {"election": election_id, "places": ids}
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM electoral_placecoverage WHERE election_id = %(election)s {only_place}", params)
        cursor.execute(
            f"""
            INSERT INTO electoral_placecoverage
                (election_id, place_id, covered, registered_covered, present, absent, has_coordinator)
            SELECT %(election)s, t.parent_id, count(*), sum(t.registered_voters),
                   count(*) FILTER (WHERE a.present), count(*) FILTER (WHERE a.absent), FALSE
            FROM (
                SELECT unit_id, bool_or(checkin = 'present') AS present, bool_and(checkin = 'absent') AS absent
                FROM electoral_watcherassignment WHERE election_id = %(election)s AND active
                GROUP BY unit_id
            ) a
            JOIN electoral_electoralunit t ON t.id = a.unit_id AND t.kind IN ('table', 'casilla')
            WHERE t.parent_id IS NOT NULL {only}
            GROUP BY t.parent_id
            """,
            params,
        )
        cursor.execute(
            f"""
            INSERT INTO electoral_placecoverage
                (election_id, place_id, covered, registered_covered, present, absent, has_coordinator)
            SELECT DISTINCT %(election)s, w.unit_id, 0, 0, 0, 0, TRUE
            FROM electoral_watcherassignment w JOIN electoral_electoralunit u ON u.id = w.unit_id
            WHERE w.election_id = %(election)s AND w.active AND u.kind NOT IN ('table', 'casilla') {only_unit}
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
