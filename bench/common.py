"""Helpers shared by the benchmarks: Django set-up, timing, query counting.

A benchmark is a module `bench/bench_<name>.py` with `run() -> dict`; it prepares its own
data (idempotently, so a second run is fast) and returns its figures. `make bench` runs each
one in its own process and prints one JSON object per benchmark.
"""

from __future__ import annotations

import os
import resource
import statistics
import time
from collections.abc import Callable


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
    import django

    django.setup()


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def time_calls(fn: Callable[[], object], *, repeat: int = 50, warmup: int = 3) -> dict:
    """Median and p95 wall time of `fn` in milliseconds."""
    for _ in range(warmup):
        fn()
    samples = []
    cpu = []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), _cpu_s()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((_cpu_s() - start_cpu) * 1000)
    return {
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 95), 2),
        # CPU time of this (Django) process per call: unlike wall time it barely moves with the
        # machine's load; the database's share is in `explain` (EXPLAIN ANALYZE of the queries).
        "cpu_median_ms": round(statistics.median(cpu), 2),
        "runs": repeat,
        "load_average": [round(v, 1) for v in os.getloadavg()],
    }


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def explain(queries: list[dict], *, big: int = 50_000) -> dict:
    """EXPLAIN ANALYZE every SELECT of a request: the slowest one's execution time, the total, and
    any sequential scan of a table estimated above `big` rows (a plan that would not hold at scale)."""
    from django.db import connection

    total = 0.0
    slowest = (0.0, "")
    seq_scans = []
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or "django_session" in sql:
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
            plan = plan[0] if isinstance(plan, list) else plan
            ms = plan["Execution Time"]
            total += ms
            slowest = max(slowest, (ms, sql[:160]))
            stack = [plan["Plan"]]
            while stack:
                node = stack.pop()
                stack.extend(node.get("Plans", []))
                if node["Node Type"] == "Seq Scan" and node.get("Plan Rows", 0) * node.get("Actual Loops", 1) > big:
                    seq_scans.append(f"{node['Relation Name']} ({node['Plan Rows']} rows)")
    return {
        "db_total_ms": round(total, 2),
        "db_slowest_ms": round(slowest[0], 2),
        "db_slowest_sql": slowest[1],
        "seq_scans_over_big_tables": seq_scans,
    }


def measure_page(client, url: str, *, repeat: int = 50) -> dict:
    """Timing and SQL queries per request of one GET (the response must be 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    # Read now (the log is reset by the next request). "queries" are the SQL statements, as the
    # tests count them; "round_trips" adds BEGIN / COMMIT / ROLLBACK of the page's transactions.
    statements = [q["sql"] for q in queries.captured_queries]
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
    query_count = sum(1 for sql in statements if not sql.startswith(control))
    plans = explain(list(queries.captured_queries))
    figures = time_calls(lambda: client.get(url), repeat=repeat)
    figures["queries"] = query_count
    figures["round_trips"] = len(statements)
    figures["explain"] = plans
    return figures


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def use_own_database(suffix: str) -> str:
    """Point Django at `<name>_<suffix>` (created and migrated if missing).

    Benchmarks with millions of rows keep their data in their own database, so a second run
    reuses it and they never disturb each other.
    """
    import psycopg2
    from django.conf import settings
    from django.db import connections

    params = settings.DATABASES["default"]
    base = params["NAME"]
    name = base if base.endswith(f"_{suffix}") else f"{base}_{suffix}"
    admin = psycopg2.connect(
        dbname="postgres",
        user=params.get("USER") or None,
        password=params.get("PASSWORD") or None,
        host=params.get("HOST") or None,
        port=params.get("PORT") or None,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    connections["default"].close()
    params["NAME"] = name
    connections["default"].settings_dict["NAME"] = name
    migrate()
    return name
