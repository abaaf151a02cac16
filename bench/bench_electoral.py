"""Electoral figures at national scale: 120,000 tables (12,000 polling places in 1,000 municipalities).

- results import of a file of 120,000 tables × 20 options (2.4 M rows): rows/s, end to end
  (upload checks, parsing in the child process, COPY, set-based validation, INSERT … ON CONFLICT,
  per-table totals and the per-unit summaries), target ≥ 50,000 rows/s;
- the coverage board (national and one department) with 60 % of the tables covered, and
- the analysis page (national, one department, one municipality whose polling places share its
  territory): SQL queries per request (≤ 10) and p95 (≤ 300 ms), cached and uncached (the member
  counts are cached for ten minutes: the uncached figures clear the cache before every request),
  with 1,000,000 members in the registry;
- marking an option as ours after the import: the per-table totals and summaries recomputed (the
  job the ballot page starts at this size).

Runs in its own database (`<bench db>_electoral`); data are built once and reused.
Run alone with `python -m bench electoral`.
"""

from __future__ import annotations

import csv
import random
import statistics
import time
from pathlib import Path

TABLES_PER_PLACE = 10
PLACES_PER_MUNICIPALITY = 12
MUNICIPALITIES = 1000
OPTIONS = 20
MEMBERS = 1_000_000
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")
ROOT_CODE = "BENCH"
ELECTION_NAME = "Benchmark: elecciones 2027"


def ensure_geography():
    from django.db import connection

    from electoral.models import ElectoralUnit
    from electoral.services.geography import _rebuild_tree

    root = ElectoralUnit.objects.filter(code=ROOT_CODE).first()
    expected = MUNICIPALITIES * PLACES_PER_MUNICIPALITY * TABLES_PER_PLACE
    if root and ElectoralUnit.objects.filter(path__startswith=root.path, kind="table").count() >= expected:
        if not ElectoralUnit.objects.filter(path__startswith=root.path, table_count__gt=0).exists():
            _rebuild_tree()
        return root
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO electoral_electoralunit (code, name, kind, path, depth, registered_voters, address, is_priority,
                                                 updated_at)
            VALUES (%s, 'Colombia (benchmark)', 'country', '', 0, 0, '', FALSE, now()) ON CONFLICT (code) DO NOTHING
            """,
            [ROOT_CODE],
        )
        cursor.execute(
            """
            WITH munis AS (
                SELECT m.id, m.code, m.name, m.parent_id FROM core_territory m
                WHERE m.kind = 'municipality' ORDER BY m.code LIMIT %s
            )
            INSERT INTO electoral_electoralunit (code, name, kind, parent_id, territory_id, path, depth, registered_voters,
                                                 address, is_priority, updated_at)
            SELECT 'B-' || d.code, d.name, 'department', (SELECT id FROM electoral_electoralunit WHERE code = %s), d.id,
                   '', 0, 0, '', FALSE, now()
            FROM core_territory d WHERE d.id IN (SELECT parent_id FROM munis)
            ON CONFLICT (code) DO NOTHING
            """,
            [MUNICIPALITIES, ROOT_CODE],
        )
        cursor.execute(
            """
            INSERT INTO electoral_electoralunit (code, name, kind, parent_id, territory_id, path, depth, registered_voters,
                                                 address, is_priority, updated_at)
            SELECT 'B-' || m.code, m.name, 'municipality', dep.id, m.id, '', 0, 0, '', FALSE, now()
            FROM (SELECT * FROM core_territory WHERE kind = 'municipality' ORDER BY code LIMIT %s) m
            JOIN core_territory d ON d.id = m.parent_id
            JOIN electoral_electoralunit dep ON dep.code = 'B-' || d.code
            ON CONFLICT (code) DO NOTHING
            """,
            [MUNICIPALITIES],
        )
        cursor.execute(
            """
            INSERT INTO electoral_electoralunit (code, name, kind, parent_id, territory_id, path, depth, registered_voters,
                                                 address, is_priority, updated_at)
            SELECT u.code || '-P' || lpad(n::text, 2, '0'), 'Puesto ' || n || ' ' || u.name, 'polling_place', u.id,
                   u.territory_id, '', 0, 0, 'Calle ' || n || ' # 10-20', n %% 5 = 0, now()
            FROM electoral_electoralunit u CROSS JOIN generate_series(1, %s) AS n
            WHERE u.kind = 'municipality' AND u.code LIKE 'B-%%'
            ON CONFLICT (code) DO NOTHING
            """,
            [PLACES_PER_MUNICIPALITY],
        )
        cursor.execute(
            """
            INSERT INTO electoral_electoralunit (code, name, kind, parent_id, territory_id, path, depth, registered_voters,
                                                 address, is_priority, updated_at)
            SELECT p.code || '-M' || lpad(n::text, 3, '0'), 'Mesa ' || n, 'table', p.id, p.territory_id, '', 0,
                   300 + ((p.id * 7 + n * 13) %% 120), '', FALSE, now()
            FROM electoral_electoralunit p CROSS JOIN generate_series(1, %s) AS n
            WHERE p.kind = 'polling_place' AND p.code LIKE 'B-%%'
            ON CONFLICT (code) DO NOTHING
            """,
            [TABLES_PER_PLACE],
        )
    _rebuild_tree()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE electoral_electoralunit")
    return ElectoralUnit.objects.get(code=ROOT_CODE)


def results_file(media_root: Path, root) -> Path:
    """The official-style file: one row per table and option (cached between runs)."""
    from electoral.models import ElectoralUnit

    path = media_root / "electoral" / "bench" / "resultados-2.4M.csv"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    codes = list(ElectoralUnit.objects.filter(path__startswith=root.path, kind="table").values_list("code", flat=True))
    names = [(f"{n:03d}", f"PARTIDO {n}") for n in range(1, OPTIONS - 2)]
    names += [("996", "VOTOS EN BLANCO"), ("997", "VOTOS NULOS"), ("998", "VOTOS NO MARCADOS")]
    rng = random.Random(7)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["DEPARTAMENTO", "MUNICIPIO", "MESA", "CODIGO OPCION", "NOMBRE OPCION", "VOTOS"])
        for code in codes:
            for option, name in names:
                writer.writerow(["05", "001", code, option, name, rng.randint(0, 12)])
    return path


def fresh_election(root):
    from datetime import date

    from electoral.models import Election

    for old in Election.objects.filter(name=ELECTION_NAME):
        old.delete()
    return Election.objects.create(
        name=ELECTION_NAME, kind=Election.Kind.COUNCIL, date=date(2027, 10, 31), root_unit=root
    )


def ensure_assignments(election, root) -> int:
    """60 % of the tables covered by an accredited watcher (set-based)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO electoral_pollwatcher (election_id, id_type, id_number, first_names, last_names, phone, email,
                territory_id, role, status, replacement_reason, credential_number, evaluation_notes, created_at)
            SELECT %s, 'CC', (90000000 + t.id)::text, 'Testigo', 'Bench ' || t.id, '', '', t.territory_id, 'table',
                   'asignado', '', '', '', now()
            FROM electoral_electoralunit t
            WHERE t.kind = 'table' AND t.path LIKE %s AND t.id %% 5 < 3
            """,
            [election.pk, root.path + "%"],
        )
        cursor.execute(
            """
            INSERT INTO electoral_watcherassignment (election_id, watcher_id, unit_id, starts_at, ends_at, active, checkin,
                                                     created_at)
            SELECT %s, w.id, t.id, '2027-10-31 12:00+00', '2027-10-31 23:00+00', TRUE,
                   CASE WHEN t.id %% 7 = 0 THEN 'absent' WHEN t.id %% 2 = 0 THEN 'present' ELSE 'pending' END, now()
            FROM electoral_pollwatcher w JOIN electoral_electoralunit t ON w.id_number = (90000000 + t.id)::text
            WHERE w.election_id = %s
            """,
            [election.pk, election.pk],
        )
        count = cursor.rowcount
        cursor.execute("ANALYZE electoral_watcherassignment")
        cursor.execute("ANALYZE electoral_pollwatcher")
    from electoral.services.coverage import coverage_refresh

    coverage_refresh(election_id=election.pk)
    return count


def measure_uncached(client, url: str, *, repeat: int = 20) -> dict:
    """Like measure_page, with the cache emptied before each request (timed without the clearing)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.common import percentile

    samples = []
    query_count = statements = 0
    for index in range(repeat + 1):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        if index == 0:
            continue  # the first request also opens the connection and warms the templates
        # Transaction control around the session save (BEGIN/COMMIT) is not a query of the page.
        sql = [q["sql"] for q in queries.captured_queries]
        query_count = max(query_count, sum(1 for q in sql if not q.startswith(TRANSACTION_CONTROL)))
        statements = max(statements, len(sql))
        samples.append(elapsed)
    return {
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 95), 2),
        "runs": repeat,
        "queries": query_count,
        "statements_with_begin_commit": statements,
    }


def run() -> dict:
    from bench.bench_members import ensure_members
    from bench.common import use_own_database

    database = use_own_database("electoral")
    members = ensure_members(MEMBERS)
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: F401 (keeps import cost out of timing)
    from django.test import Client

    from bench.common import measure_page
    from core.roles import Role
    from core.tests.factories import ensure_territories, login, make_user
    from electoral.models import BallotOption, ElectoralUnit, ResultImport, TableResult
    from electoral.services.results_import import results_import_run

    ensure_territories()
    root = ensure_geography()
    tables = ElectoralUnit.objects.filter(path__startswith=root.path, kind="table").count()
    media_root = Path(settings.MEDIA_ROOT)
    path = results_file(media_root, root)
    election = fresh_election(root)
    user = make_user("bench-electoral", Role.ELECTORAL)

    item = ResultImport.objects.create(
        election=election, created_by=user, original_name=path.name, file=str(path.relative_to(media_root))
    )
    started = time.perf_counter()
    outcome = results_import_run(result_import=item)
    seconds = time.perf_counter() - started
    if not outcome.get("ok"):
        item.refresh_from_db()
        raise RuntimeError(item.error_message)
    rows = outcome["rows"]
    # Second run of the same file: validation and the upsert find nothing to change.
    again = ResultImport.objects.create(
        election=election, created_by=user, original_name=path.name, file=str(path.relative_to(media_root))
    )
    started = time.perf_counter()
    results_import_run(result_import=again)
    reimport_seconds = time.perf_counter() - started
    # Marking "our party" on the ballot after the import: at this size the ballot page hands the
    # recompute to a job (electoral.tasks.recompute_totals); this times the work that job does.
    from electoral.services.results import election_totals_recompute

    BallotOption.objects.filter(election=election, code="001").update(is_own=True)
    started = time.perf_counter()
    election_totals_recompute(election_id=election.pk)
    mark_own_seconds = time.perf_counter() - started
    assigned = ensure_assignments(election, root)

    client = Client()
    login(client, user)
    department = ElectoralUnit.objects.filter(parent=root).order_by("-registered_voters").first()
    municipality = ElectoralUnit.objects.filter(parent=department).order_by("code").first()
    base = f"/electoral/elecciones/{election.pk}"
    return {
        "database": database,
        "members": members,
        "tables": tables,
        "mark_own_seconds": round(mark_own_seconds, 1),
        "results_import": {
            "rows": rows,
            "seconds": round(seconds, 1),
            "rows_per_s": round(rows / seconds),
            "target_rows_per_s": 50_000,
            "phases_s": outcome.get("phases"),
            "reimport_seconds": round(reimport_seconds, 1),
            "table_results_in_db": TableResult.objects.filter(election=election).count(),
        },
        "assigned_tables": assigned,
        "coverage_national": measure_page(client, f"{base}/cobertura/", repeat=30),
        "coverage_department": measure_page(client, f"{base}/cobertura/?unit={department.pk}", repeat=30),
        "analysis_national": measure_page(client, f"{base}/analisis/", repeat=30),
        "analysis_department": measure_page(client, f"{base}/analisis/?unit={department.pk}", repeat=30),
        "analysis_national_uncached": measure_uncached(client, f"{base}/analisis/"),
        "analysis_department_uncached": measure_uncached(client, f"{base}/analisis/?unit={department.pk}"),
        "analysis_municipality_uncached": measure_uncached(client, f"{base}/analisis/?unit={municipality.pk}"),
        "targets": {"queries": 10, "p95_ms": 300},
    }


if __name__ == "__main__":
    import json

    from bench.common import migrate, setup_django

    setup_django()
    migrate()
    print(json.dumps(run(), indent=2))
