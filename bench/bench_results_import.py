"""The electoral results import alone, at national scale: 2.4 M rows (120,000 tables × 20 options).

bench_electoral times the same import beside the coverage and analysis pages, which need
1,000,000 members first; this module needs only the electoral geography and the file, so the
import (target ≥ 100,000 rows/s, issue 14) can be measured and profiled on its own:
- rows/s end to end (upload checks, COPY, set-based validation, INSERT … ON CONFLICT, per-table
  totals, per-unit summaries), with the phases, the CPU seconds of this process and of the
  database server's backend (the import is SQL: the Python process mostly waits), the median of
  RUNS runs, each into a fresh election;
- the same file with one bad row: refused with the Spanish message naming the row.

Runs in the electoral bench database (`<bench db>_electoral`, shared with bench_electoral); the
geography and the file (generated once into the media folder) are reused by later runs.
Run alone with `python -m bench results_import`.
"""

from __future__ import annotations

import os
import resource
import statistics
import time
from pathlib import Path

RUNS = int(os.environ.get("BENCH_RUNS", "3"))  # the median of 3; fewer while iterating
TARGET_ROWS_PER_S = 100_000


def _backend_cpu_seconds() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend (same machine only)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _one_import(election, user, path: Path, media_root: Path) -> dict:
    from django.db import connection

    from electoral.models import ResultImport
    from electoral.services.results_import import results_import_run

    item = ResultImport.objects.create(
        election=election, created_by=user, original_name=path.name, file=str(path.relative_to(media_root))
    )
    server_cpu = _backend_cpu_seconds()
    own = resource.getrusage(resource.RUSAGE_SELF)
    statements: list[tuple[float, str]] = []

    def timed(execute, sql, params, many, context):
        begun = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((time.perf_counter() - begun, " ".join(str(sql).split())[:90]))

    started = time.perf_counter()
    with connection.execute_wrapper(timed):
        outcome = results_import_run(result_import=item)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    if not outcome.get("ok"):
        item.refresh_from_db()
        raise RuntimeError(item.error_message)
    return {
        "rows": outcome["rows"],
        "seconds": round(seconds, 2),
        "rows_per_s": round(outcome["rows"] / seconds),
        "python_cpu_s": round(after.ru_utime + after.ru_stime - own.ru_utime - own.ru_stime, 2),
        "postgres_backend_cpu_s": round(_backend_cpu_seconds() - server_cpu, 2),
        "phases_s": outcome.get("phases"),
        # The profile: the slowest SQL statements (wall seconds, on a shared machine).
        "slowest_statements": [[round(t, 2), sql] for t, sql in sorted(statements, reverse=True)[:8]],
    }


def _refusal(election, user, path: Path, media_root: Path) -> dict:
    """The same file with one row's votes made negative: refused whole, naming the row."""
    from electoral.models import ResultImport, TableResult
    from electoral.services.results_import import results_import_run

    bad = path.with_name("resultados-2.4M-una-fila-mala.csv")
    if not bad.exists():
        with open(path, encoding="utf-8") as source, open(bad, "w", encoding="utf-8") as target:
            for number, line in enumerate(source, 1):
                if number == 1_000_000:
                    line = line.rsplit(";", 1)[0] + ";-3\n"
                target.write(line)
    item = ResultImport.objects.create(
        election=election, created_by=user, original_name=bad.name, file=str(bad.relative_to(media_root))
    )
    started = time.perf_counter()
    results_import_run(result_import=item)
    seconds = time.perf_counter() - started
    item.refresh_from_db()
    return {
        "seconds": round(seconds, 2),
        "status": item.status,
        "message": item.error_message,
        "table_results_written": TableResult.objects.filter(election=election).count(),
    }


def run() -> dict:
    from django.conf import settings

    from bench.bench_electoral import ensure_geography, fresh_election, results_file
    from bench.common import use_own_database
    from core.roles import Role
    from core.tests.factories import ensure_territories, make_user

    database = use_own_database("electoral")
    ensure_territories()
    root = ensure_geography()
    media_root = Path(settings.MEDIA_ROOT)
    path = results_file(media_root, root)
    user = make_user("bench-electoral", Role.ELECTORAL)
    runs = []
    for _ in range(RUNS):
        election = fresh_election(root)
        runs.append(_one_import(election, user, path, media_root))
    median = statistics.median(r["rows_per_s"] for r in runs)
    refusal = _refusal(fresh_election(root), user, path, media_root)
    return {
        "database": database,
        "rows": runs[0]["rows"],
        "rows_per_s_median": round(median),
        "target_rows_per_s": TARGET_ROWS_PER_S,
        "meets_target": median >= TARGET_ROWS_PER_S,
        "runs": runs,
        "one_bad_row": refusal,
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }


if __name__ == "__main__":
    import json

    from bench.common import migrate, setup_django

    setup_django()
    migrate()
    print(json.dumps(run(), indent=2, default=str))
