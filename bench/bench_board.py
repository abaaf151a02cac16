"""The where-to-work board at national scale: every department and municipality of the DIVIPOLA
file, `PLACES_PER_MUNICIPALITY` polling places each (≈ 12,300 places, Colombia has ≈ 13,000),
results of two earlier elections per place, and `BENCH_BOARD_MEMBERS` members (default 500,000).

Loaded with COPY (units, summaries) and the members bench's COPY loader, once; a second run
reuses the data. Measures:
- the refresh (`board_refresh_run`: the Celery task behind the beat entry and the button), in s;
- the board page for the largest department (Antioquia) per place and per municipality, and the
  national board per department with its tile map: SQL queries per request and p95 (target ≤ 300 ms).

The field-work registry is a synthetic in-memory provider here (campaigns' own query is not in
this repository): the page cost does not depend on it, the refresh's does.
Run alone with `python -m bench board`.
"""

from __future__ import annotations

import io
import os
import random
import time

PLACES_PER_MUNICIPALITY = 11
MEMBERS = int(os.environ.get("BENCH_BOARD_MEMBERS", "500000"))
PREFIX = "BB-"


def _copy(cursor, table: str, columns: tuple[str, ...], rows) -> int:
    buffer = io.StringIO()
    count = 0
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
        count += 1
    buffer.seek(0)
    cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
    return count


def ensure_geography() -> int:
    """Departments, municipalities and places (no tables: `table_count` says how many), with paths."""
    from django.db import connection

    from electoral.models import ElectoralUnit

    existing = ElectoralUnit.objects.filter(code__startswith=PREFIX, table_count__gt=0).count()
    if existing:
        return existing
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO electoral_electoralunit (code, name, kind, path, depth, registered_voters, table_count, address,"
            " is_priority, updated_at) VALUES (%s, 'Colombia (bench)', 'country', '', 0, 0, 0, '', FALSE, now())",
            [PREFIX + "CO"],
        )
        cursor.execute(
            """
            INSERT INTO electoral_electoralunit (code, name, kind, parent_id, territory_id, path, depth,
                registered_voters, table_count, address, is_priority, updated_at)
            SELECT %(p)s || d.code, d.name, 'department', (SELECT id FROM electoral_electoralunit WHERE code = %(p)s || 'CO'),
                   d.id, '', 1, 0, 0, '', FALSE, now()
            FROM core_territory d WHERE d.kind = 'department'
            """,
            {"p": PREFIX},
        )
        cursor.execute(
            """
            INSERT INTO electoral_electoralunit (code, name, kind, parent_id, territory_id, path, depth,
                registered_voters, table_count, address, is_priority, updated_at)
            SELECT %(p)s || m.code, m.name, 'municipality', dep.id, m.id, '', 2, 0, 0, '', FALSE, now()
            FROM core_territory m JOIN core_territory d ON d.id = m.parent_id
            JOIN electoral_electoralunit dep ON dep.code = %(p)s || d.code
            WHERE m.kind = 'municipality'
            """,
            {"p": PREFIX},
        )
        cursor.execute(
            "SELECT id, code, territory_id FROM electoral_electoralunit WHERE kind = 'municipality' AND code LIKE %s",
            [PREFIX + "%"],
        )
        municipalities = cursor.fetchall()
        rng = random.Random(7)
        _copy(
            cursor,
            "electoral_electoralunit",
            (
                "code",
                "name",
                "kind",
                "parent_id",
                "territory_id",
                "path",
                "depth",
                "registered_voters",
                "table_count",
                "address",
                "is_priority",
                "updated_at",
            ),
            (
                (
                    f"{code}-P{p}",
                    f"Puesto {p}",
                    "polling_place",
                    pk,
                    territory,
                    "",
                    3,
                    rng.randint(800, 9000),
                    rng.randint(3, 25),
                    "",
                    "f",
                    "2026-12-07 00:00:00+00",
                )
                for pk, code, territory in municipalities
                for p in range(1, PLACES_PER_MUNICIPALITY + 1)
            ),
        )
        for depth in range(4):
            cursor.execute(
                """
                UPDATE electoral_electoralunit u SET path = coalesce(p.path, '') || lpad(u.id::text, 10, '0') || '/'
                FROM electoral_electoralunit u2 LEFT JOIN electoral_electoralunit p ON p.id = u2.parent_id
                WHERE u.id = u2.id AND u.depth = %s AND u.code LIKE %s
                """,
                [depth, PREFIX + "%"],
            )
        cursor.execute("ANALYZE electoral_electoralunit")
    return ElectoralUnit.objects.filter(code__startswith=PREFIX, table_count__gt=0).count()


def ensure_elections() -> tuple:
    """The coming election and two earlier ones, with per-place results (COPY into the summaries)."""
    from datetime import date, timedelta

    from django.db import connection
    from django.utils import timezone

    from electoral.models import Election, ElectoralUnit, UnitSummary

    root = ElectoralUnit.objects.get(code=PREFIX + "CO")
    target, _ = Election.objects.get_or_create(
        name="Bench: concejos 2027",
        defaults={"kind": "council", "date": timezone.localdate() + timedelta(days=200), "root_unit": root},
    )
    past = []
    for year in (2023, 2019):
        election, created = Election.objects.get_or_create(
            name=f"Bench: concejos {year}", defaults={"kind": "council", "date": date(year, 10, 29), "root_unit": root}
        )
        past.append(election)
        if created or not UnitSummary.objects.filter(election=election).exists():
            rng = random.Random(year)
            places = ElectoralUnit.objects.filter(code__startswith=PREFIX, table_count__gt=0).values_list(
                "pk", "registered_voters", "table_count"
            )
            rows = []
            for pk, registered, tables in places:
                total = int(registered * rng.uniform(0.35, 0.7))
                valid = int(total * 0.95)
                rows.append(
                    (
                        election.pk,
                        pk,
                        registered,
                        tables,
                        tables,
                        valid,
                        0,
                        0,
                        0,
                        total,
                        int(valid * rng.uniform(0.02, 0.4)),
                    )
                )
            with connection.cursor() as cursor:
                _copy(
                    cursor,
                    "electoral_unitsummary",
                    (
                        "election_id",
                        "unit_id",
                        "registered",
                        "tables",
                        "tables_reported",
                        "valid",
                        "blank",
                        "null_votes",
                        "unmarked",
                        "total",
                        "own_votes",
                    ),
                    rows,
                )
    return target, past


def _provider(place_ids: list[int]) -> dict:
    return {
        pk: {
            "supporters": pk % 17,
            "opponents": pk % 11,
            "undecided": pk % 5,
            "contacts": pk % 40,
            "attempts": pk % 60,
            "coverage": (pk % 100) / 100,
        }
        for pk in place_ids
    }


def run() -> dict:
    from bench.bench_members import ensure_members
    from bench.common import measure_page, use_own_database

    database = use_own_database("board")
    members = ensure_members(MEMBERS)
    from django.test import Client

    from core.roles import Role
    from core.tests.factories import ensure_territories, login, make_user
    from electoral.field_figures import register_field_figures
    from electoral.models import PlaceBoard
    from electoral.services.board import board_refresh_run

    ensure_territories()
    started = time.perf_counter()
    places = ensure_geography()
    target, _past = ensure_elections()
    load_seconds = time.perf_counter() - started
    register_field_figures(_provider)
    started = time.perf_counter()
    board_refresh_run(election_id=target.pk)
    refresh_seconds = time.perf_counter() - started
    user = make_user("bench-board", Role.ELECTORAL)
    coordinator = make_user("bench-board-antioquia", Role.REGIONAL_COORDINATOR)
    from core.models import Territory

    antioquia = Territory.objects.get(kind="department", code="05")
    coordinator.territories.set([antioquia])
    client = Client()
    login(client, user)
    territorial = Client()
    login(territorial, coordinator)
    base = f"/electoral/elecciones/{target.pk}/donde-trabajar/"
    return {
        "database": database,
        "members": members,
        "places": places,
        "board_rows": PlaceBoard.objects.filter(election=target).count(),
        "antioquia_places": PlaceBoard.objects.filter(election=target, department=antioquia).count(),
        "load_seconds": round(load_seconds, 1),
        "refresh_seconds": round(refresh_seconds, 1),
        "board_department_places": measure_page(client, f"{base}?territory=05&level=place", repeat=30),
        "board_department_municipalities": measure_page(client, f"{base}?territory=05&level=municipality", repeat=30),
        "board_national_departments": measure_page(client, f"{base}?level=department", repeat=30),
        "board_coordinator_department": measure_page(territorial, f"{base}?level=place", repeat=30),
        "targets": {"p95_ms": 300},
    }


if __name__ == "__main__":
    import json

    from bench.common import setup_django

    setup_django()
    print(json.dumps(run(), default=str))
