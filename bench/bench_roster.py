"""Roster import end to end (upload → import) of a 100,000-row .xlsx into a registry of 1,000,000
members: a file of new people and one whose 30 % are members already; beside it, a tuned plain
django-import-export baseline (use_bulk, skip_diff, force_init_instance, own bench-only table).
The million (bench_members.ensure_members, COPY) is kept: runs undo only what they added.
Env: ROSTER_BENCH_ROWS, ROSTER_BENCH_REGISTRY, ROSTER_BENCH_RUNS (median of N), ROSTER_BENCH_BASELINE=0,
ROSTER_BENCH_PROFILE=1 (cProfile), ROSTER_BENCH_INDEXES=1 (EXPLAIN ANALYZE cost of each member
index on an INSERT of the same size, rolled back), ROSTER_BENCH_MILLION=1 (peak memory, 1 M rows).
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(tempfile.gettempdir()) / "militancia-bench"
HEADER = ["CÉDULA", "NOMBRES", "APELLIDOS", "TELÉFONO", "CORREO", "MUNICIPIO", "FECHA DE NACIMIENTO", "DIRECCIÓN"]
FIRST = ["José María", "Ana Lucía", "Luis Fernando", "María José", "Carlos Andrés", "Diana Marcela", "Juan Pablo"]
LAST = ["Pérez Gómez", "Rodríguez López", "Martínez Díaz", "García Ruiz", "Hernández Mejía", "Ramírez Ortiz"]
TOWNS = ["Medellín", "Envigado", "Bello", "Itagüí", "Rionegro", "Sabaneta", "Apartadó"]
TARGETS = {"new_rows_per_s": 30000, "existing30_rows_per_s": 20000, "million_peak_mb": 1024}
NEW_START = 1_300_000_000  # outside the registry's ID numbers (10,000,000-1,200,000,000)
MIXED_START = 1_400_000_000
MILLION_START = 1_500_000_000


def _column(index: int) -> str:
    return chr(65 + index)


def write_xlsx(path: Path, rows: int, *, start: int = NEW_START, numbers: dict[int, str] | None = None) -> Path:
    """A real .xlsx (inline strings, a date style), streamed: a million rows in seconds.

    `numbers` puts given ID numbers on some rows (index → number): members of the registry."""
    if path.exists() and numbers is None:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    epoch = datetime.date(1899, 12, 30)
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Planilla" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/styles.xml",
            '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<fonts count="1"><font/></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )

            def text(ref, value):
                return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'

            head = "".join(text(f"{_column(i)}1", name) for i, name in enumerate(HEADER))
            sheet.write(f'<row r="1">{head}</row>'.encode())
            block = []
            for i in range(rows):
                r = i + 2
                born = (datetime.date(1950, 1, 1) + datetime.timedelta(days=(i * 37) % 20000) - epoch).days
                block.append(
                    f'<row r="{r}"><c r="A{r}"><v>{numbers.get(i, start + i) if numbers else start + i}</v></c>'
                    + text(f"B{r}", FIRST[i % 7])
                    + text(f"C{r}", LAST[i % 6])
                    + f'<c r="D{r}"><v>{3000000000 + i}</v></c>'
                    + text(f"E{r}", f"persona{i}@example.org")
                    + text(f"F{r}", TOWNS[i % 7])
                    + f'<c r="G{r}" s="1"><v>{born}</v></c>'
                    + text(f"H{r}", f"Calle {i % 100} # {i % 50}-{i % 30}")
                    + "</row>"
                )
                if len(block) >= 5000:
                    sheet.write("".join(block).encode())
                    block = []
            sheet.write(("".join(block) + "</sheetData></worksheet>").encode())
    tmp.rename(path)
    return path


def use_own_database() -> str:
    from bench.common import use_own_database as own_database

    return own_database("roster")


def ensure_registry() -> dict:
    """The million members (COPY, once; kept between runs) and the bench's admin."""
    from bench.bench_members import ensure_members

    return ensure_members(int(os.environ.get("ROSTER_BENCH_REGISTRY", 1_000_000)))


def _cleanup() -> None:
    """Undo what the bench's imports did, never touching the registry it started from: blanks
    the imports filled are blanked again, members they created are deleted, uploads removed."""
    from django.db import connection, transaction

    from rosters import sql

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT id FROM militancia_rosterupload ORDER BY id")
        for (upload_id,) in cursor.fetchall():
            sql.restore_filled(cursor, upload_id)
            cursor.execute(
                "DELETE FROM militancia_member WHERE id IN (SELECT member_id FROM militancia_rosterrow "
                "WHERE upload_id = %s AND outcome = 'created')",
                [upload_id],
            )
        # TRUNCATE, not DELETE: emptied by DELETE run after run, the staging indexes kept every
        # page they ever had (60 MB for no row) and COPY slowed by half, unlike a real registry's.
        cursor.execute("TRUNCATE militancia_rosterconflict, militancia_rosterrow")
        cursor.execute("DELETE FROM militancia_rosteruploadevent")
        cursor.execute("DELETE FROM militancia_rosterupload")
        cursor.execute(f"TRUNCATE {PLAIN_TABLE}")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE militancia_member")
        cursor.execute("VACUUM ANALYZE militancia_rosterrow")


def _admin():
    from core.roles import Role
    from core.tests.factories import ensure_territories, make_user

    ensure_territories()
    return make_user("bench-roster", Role.NATIONAL_ADMIN)


def registry_numbers(rows: int, share: float = 0.3, outside: float = 0.1) -> dict[int, str]:
    """Row index → ID number of a registered member, for `share` of the rows (spread evenly):
    most live in Antioquia (the upload's territory: "already a member", some blanks filled), a
    tenth elsewhere (members of another territory: the conflicts queue)."""
    from django.db import connection

    count = int(rows * share)
    away = int(count * outside)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT m.id_number, t.path LIKE 'CO/05/%%' FROM militancia_member m JOIN core_territory t "
            "ON t.id = m.territory_id WHERE m.source_ref = 'bench' AND m.id_type = 'CC' "
            "AND m.id_number ~ '^[1-9][0-9]{2,9}$' ORDER BY m.id LIMIT 400000"
        )
        home, elsewhere = [], []
        for number, inside in cursor.fetchall():
            (home if inside else elsewhere).append(number)
    chosen = home[: count - away] + elsewhere[:away]
    step = rows / len(chosen)
    return {int(i * step): int(number) for i, number in enumerate(chosen)}


class StatementTimer:
    """Server time of each SQL statement the pipeline sends (every thread, every connection),
    grouped by its first words; COPY batches run beside Python's validation, so they overlap it."""

    def __init__(self):
        import threading

        self.lock = threading.Lock()
        self.totals: dict[str, list[float]] = {}

    def add(self, label: str, seconds: float) -> None:
        with self.lock:
            entry = self.totals.setdefault(label, [0, 0.0])
            entry[0] += 1
            entry[1] += seconds

    @staticmethod
    def label(statement: str) -> str:
        import re

        text = re.sub(r"\s+", " ", statement).strip()
        text = re.sub(r"%\([a-z_]+\)s|%s", "?", text)
        return text[:90]

    def __enter__(self):
        from django.db.backends import utils

        from rosters import sql

        timer = self
        self.patches = [
            (utils.CursorWrapper, "_execute", utils.CursorWrapper._execute),
            (sql, "copy_rows", sql.copy_rows),
        ]
        original_execute, original_copy = utils.CursorWrapper._execute, sql.copy_rows

        def _execute(self, sql_text, params, *ignored):
            started = time.perf_counter()
            try:
                return original_execute(self, sql_text, params, *ignored)
            finally:
                timer.add(timer.label(sql_text), time.perf_counter() - started)

        def copy_rows(cursor, buffer):
            started = time.perf_counter()
            try:
                return original_copy(cursor, buffer)
            finally:
                timer.add(
                    "COPY militancia_rosterrow FROM STDIN (batches, beside validation)", time.perf_counter() - started
                )

        utils.CursorWrapper._execute = _execute
        sql.copy_rows = copy_rows
        return self

    def __exit__(self, *exc):
        for owner, name, original in self.patches:
            setattr(owner, name, original)

    def top(self, n: int = 14) -> list[dict]:
        ordered = sorted(self.totals.items(), key=lambda item: -item[1][1])[:n]
        return [{"sql": label, "calls": calls, "s": round(seconds, 3)} for label, (calls, seconds) in ordered]


def run_pipeline(path: Path, actor, *, profile: bool = False) -> dict:
    """Upload → read + validate (preview) → confirm → import, as the worker runs it, timed."""
    import cProfile
    import io as _io
    import pstats
    from unittest import mock

    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.models import Territory
    from rosters import selectors, services
    from rosters.models import RosterUpload
    from rosters.tasks import roster_import_task, roster_process_task

    antioquia = Territory.objects.get(code="05", kind=Territory.Kind.DEPARTMENT)
    times = {}
    profiler = cProfile.Profile() if profile else None
    cpu_before = _cpu_seconds()
    start = time.perf_counter()
    with StatementTimer() as statements, mock.patch("core.jobs.transaction.on_commit", lambda fn: None):
        if profiler:
            profiler.enable()
        upload = services.roster_upload_create(
            uploaded_file=SimpleUploadedFile(path.name, path.read_bytes()),
            territory=antioquia,
            consent_location="Benchmark",
            actor=actor,
            auto_validate=True,
        )
        times["upload_s"] = time.perf_counter() - start
        mark = time.perf_counter()
        roster_process_task(upload.validation_job_id, upload.pk)  # what the worker runs
        upload.refresh_from_db()
        if upload.status != RosterUpload.Status.VALIDATED:
            raise RuntimeError(upload.error or upload.status)
        selectors.roster_rows(upload=upload, kind="new")  # the preview's first page
        times["read_validate_preview_s"] = time.perf_counter() - mark
        mark = time.perf_counter()
        upload = services.roster_confirm(upload=upload, actor=actor)
        roster_import_task(upload.import_job_id, upload.pk)
        times["import_s"] = time.perf_counter() - mark
        if profiler:
            profiler.disable()
    upload.refresh_from_db()
    total = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu_before
    figures = {
        "seconds": total,
        "cpu_s": cpu,
        "summary": upload.summary,
        "counts": upload.counts,
        "sql": statements.top(),
        **{k: round(v, 2) for k, v in times.items()},
    }
    if profiler:
        out = _io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
        figures["profile_tottime"] = [
            line.strip() for line in out.getvalue().splitlines() if line.strip() and line.strip()[0].isdigit()
        ][:15]
    return figures


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the reader): Python's share of the
    work, which the other loads of a shared machine do not inflate (PostgreSQL's is not in it)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


PLAIN_TABLE = "bench_roster_plain"
_PLAIN: list = []


def _plain_model():
    """The baseline's own minimal model: an unmanaged model over a bench-only table (raw SQL,
    no migration in any product app), eight plain columns and a primary key."""
    from django.db import connection, models

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {PLAIN_TABLE} (id bigserial PRIMARY KEY, id_number varchar(20) NOT NULL, "
            "first_names varchar(120) NOT NULL, last_names varchar(120) NOT NULL, phone varchar(20) NOT NULL, "
            "email varchar(254) NOT NULL, municipality varchar(100) NOT NULL, birth_date date NULL, "
            "address varchar(250) NOT NULL)"
        )
    if _PLAIN:
        return _PLAIN[0]

    class PlainRosterRow(models.Model):
        id_number = models.CharField(max_length=20)
        first_names = models.CharField(max_length=120)
        last_names = models.CharField(max_length=120)
        phone = models.CharField(max_length=20)
        email = models.CharField(max_length=254)
        municipality = models.CharField(max_length=100)
        birth_date = models.DateField(null=True)
        address = models.CharField(max_length=250)

        class Meta:
            app_label = "bench"
            managed = False
            db_table = PLAIN_TABLE

        def __str__(self) -> str:
            return self.id_number

    _PLAIN.append(PlainRosterRow)
    return PlainRosterRow


def run_baseline(path: Path) -> dict:
    """django-import-export as its tuned user runs it: tablib reads the .xlsx, a ModelResource on
    a plain model inserts every row with bulk_create (use_bulk), no diff (skip_diff), no lookup
    of existing rows (force_init_instance). It validates nothing beyond the model fields."""
    import tablib
    from import_export import resources

    plain = _plain_model()

    class PlainResource(resources.ModelResource):
        class Meta:
            model = plain
            fields = (
                "id_number",
                "first_names",
                "last_names",
                "phone",
                "email",
                "municipality",
                "birth_date",
                "address",
            )
            import_id_fields = ("id_number",)
            use_bulk = True
            batch_size = 5000
            skip_diff = True
            force_init_instance = True

    cpu_before = _cpu_seconds()
    start = time.perf_counter()
    with open(path, "rb") as handle:
        dataset = tablib.Dataset().load(handle.read(), format="xlsx")
    dataset.headers = [
        "id_number",
        "first_names",
        "last_names",
        "phone",
        "email",
        "municipality",
        "birth_date",
        "address",
    ]
    loaded = time.perf_counter() - start
    result = PlainResource().import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "cpu_s": _cpu_seconds() - cpu_before,
        "load_s": round(loaded, 2),
        "rows": len(dataset),
        "totals": dict(result.totals),
    }


MILLION_WORKER = """
import json, resource, sys, time
from bench.common import setup_django
setup_django()
from bench import bench_roster
bench_roster.use_own_database()
from pathlib import Path
bench_roster._cleanup()
figures = bench_roster.run_pipeline(Path(sys.argv[1]), bench_roster._admin())
figures["worker_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
figures["reader_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
bench_roster._cleanup()
print("MILLION " + json.dumps(figures, default=str))
"""


def run_million() -> dict:
    path = write_xlsx(DATA / "roster-1000000-new.xlsx", 1_000_000, start=MILLION_START)
    process = subprocess.run(
        [sys.executable, "-c", MILLION_WORKER, str(path)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    lines = [line for line in process.stdout.splitlines() if line.startswith("MILLION ")]
    if not lines:
        return {"error": process.stderr.strip().splitlines()[-5:]}
    figures = json.loads(lines[-1].removeprefix("MILLION "))
    rows = figures["summary"].get("created", 0)
    return {
        "rows": rows,
        "seconds": round(figures["seconds"], 1),
        "rows_per_s": round(rows / figures["seconds"]),
        "python_cpu_s": round(figures["cpu_s"], 1),
        "worker_peak_rss_mb": figures["worker_peak_rss_mb"],
        "reader_peak_rss_mb": figures["reader_peak_rss_mb"],
        "peak_rss_total_mb": figures["worker_peak_rss_mb"] + figures["reader_peak_rss_mb"],
        "file_mb": round(path.stat().st_size / 2**20, 1),
    }


INDEX_PROBE = """
INSERT INTO militancia_member (id_type, id_number, first_names, last_names, search_name, birth_date, sex, phone,
    email, address, territory_id, status, joined_on, source, source_ref, consent_date, consent_channel,
    consent_evidence, consent_file, photo, signature, fingerprint, has_card, has_open_claim, created_at, updated_at)
SELECT 'CC', (1600000000 + g)::text, 'Ana Lucía', 'Pérez Gómez ' || (g %% 997), 'ana lucia perez gomez ' || (g %% 997),
    date '1950-01-01' + (g * 37) %% 20000, '', (3000000000 + g)::text, 'persona' || g || '@example.org',
    'Calle ' || (g %% 100) || ' # ' || (g %% 50), %(town)s, 'activo', current_date, 'roster', 'probe', current_date,
    'paper', 'Benchmark', '', '', '', '', false, false, now(), now()
FROM generate_series(1, %(rows)s) g
"""


def index_costs(rows: int) -> dict:
    """What inserting `rows` members into the registry costs the server, and the share of each
    index and trigger: EXPLAIN (ANALYZE, BUFFERS) of one INSERT … SELECT, then again with each
    index dropped inside a rolled-back transaction (the registry is never changed)."""
    import json as _json

    from django.db import connection, transaction

    from core.models import Territory

    town = Territory.objects.filter(kind=Territory.Kind.MUNICIPALITY, path__startswith="CO/05/").first().pk

    def explain(drop: str | None = None) -> dict:
        with transaction.atomic(), connection.cursor() as cursor:
            if drop:
                cursor.execute(drop)
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + INDEX_PROBE, {"town": town, "rows": rows})
            plan = cursor.fetchone()[0]
            plan = plan if isinstance(plan, list) else _json.loads(plan)
            transaction.set_rollback(True)
        top = plan[0]
        return {
            "ms": round(top["Execution Time"]),
            "triggers_ms": {t["Trigger Name"]: round(t["Time"]) for t in top.get("Triggers", [])},
            "wal_or_dirtied_blocks": top["Plan"].get("Shared Dirtied Blocks"),
        }

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, c.conname FROM pg_indexes i LEFT JOIN pg_constraint c "
            "ON c.conname = i.indexname AND c.conrelid = 'militancia_member'::regclass "
            "WHERE i.tablename = 'militancia_member' AND i.indexname <> 'militancia_member_pkey' ORDER BY 1"
        )
        indexes = cursor.fetchall()
    base = explain()
    explain()  # warm: the second plan of each pair is the one compared
    base = explain()
    costs = {"all_indexes_ms": base["ms"], "triggers_ms": base["triggers_ms"], "per_index_ms": {}}
    for name, constraint in indexes:
        drop = f'ALTER TABLE militancia_member DROP CONSTRAINT "{constraint}"' if constraint else f'DROP INDEX "{name}"'
        costs["per_index_ms"][name] = base["ms"] - explain(drop)["ms"]
    drop_all = "; ".join(
        f'ALTER TABLE militancia_member DROP CONSTRAINT "{c}"' if c else f'DROP INDEX "{n}"' for n, c in indexes
    )
    costs["no_secondary_index_ms"] = explain(drop_all)["ms"]
    costs["rows"] = rows
    return costs


def _variant(path: Path, rows: int, actor, runs: int, profile: bool) -> dict:
    """The median run (by wall time) of `runs` imports of one file, each undone afterwards."""
    results = []
    for i in range(runs):
        _cleanup()
        load = os.getloadavg()[0]
        result = run_pipeline(path, actor, profile=profile and i == 0)
        result["load_average"] = round(load, 2)
        results.append(result)
    _cleanup()
    ordered = sorted(results, key=lambda r: r["seconds"])
    median = ordered[len(ordered) // 2]
    figures = {
        "rows_per_s": round(rows / median["seconds"]),
        "all_rows_per_s": [round(rows / r["seconds"]) for r in results],
        "seconds": round(median["seconds"], 2),
        "steps_s": {k: v for k, v in median.items() if k.endswith("_s") and k not in ("cpu_s",)},
        "python_cpu_s": round(median["cpu_s"], 2),
        "load_average_at_start": median["load_average"],
        "summary": median["summary"],
        "kinds": {k: v for k, v in median["counts"].items() if v},
        "sql_time": median["sql"],
    }
    if "profile_tottime" in results[0]:
        figures["python_profile_tottime"] = results[0]["profile_tottime"]
    print(f"{path.name}: " + json.dumps(figures, default=str), file=sys.stderr, flush=True)  # a partial result
    return figures


def run() -> dict:
    use_own_database()
    registry = ensure_registry()
    rows = int(os.environ.get("ROSTER_BENCH_ROWS", 100_000))
    runs = int(os.environ.get("ROSTER_BENCH_RUNS", 1))
    profile = os.environ.get("ROSTER_BENCH_PROFILE") == "1"
    actor = _admin()
    _plain_model()
    _cleanup()  # a run cut short leaves its uploads: undo them first
    from militancia.models import Member

    new_path = write_xlsx(DATA / f"roster-{rows}-new.xlsx", rows, start=NEW_START)
    mixed_path = write_xlsx(
        DATA / f"roster-{rows}-existing30.xlsx", rows, start=MIXED_START, numbers=registry_numbers(rows)
    )
    figures = {
        "rows": rows,
        "columns": len(HEADER),
        "registry_members": Member.objects.count(),
        "registry_load": registry,
        "file_mb": round(new_path.stat().st_size / 2**20, 1),
        "runs_per_variant": runs,
        "new": _variant(new_path, rows, actor, runs, profile),
        "existing30": _variant(mixed_path, rows, actor, runs, profile),
    }
    if os.environ.get("ROSTER_BENCH_BASELINE", "1") != "0":
        _cleanup()
        load = os.getloadavg()[0]
        baseline = run_baseline(new_path)
        _cleanup()
        figures["baseline_import_export"] = {
            "what": "tablib .xlsx load + ModelResource(use_bulk, skip_diff, force_init_instance) into a plain 8-column table",
            "rows": baseline["rows"],
            "seconds": round(baseline["seconds"], 2),
            "load_s": baseline["load_s"],
            "rows_per_s": round(baseline["rows"] / baseline["seconds"]),
            "python_cpu_s": round(baseline["cpu_s"], 2),
            "load_average_at_start": round(load, 2),
            "totals": baseline["totals"],
        }
        figures["speedup_new_vs_baseline"] = round(
            figures["new"]["rows_per_s"] / figures["baseline_import_export"]["rows_per_s"], 2
        )
    if os.environ.get("ROSTER_BENCH_INDEXES") == "1":
        figures["insert_index_costs"] = index_costs(rows)
    if os.environ.get("ROSTER_BENCH_MILLION") == "1":
        figures["million"] = run_million()
    figures["load_average"] = [round(x, 2) for x in os.getloadavg()]
    figures["targets"] = TARGETS
    return figures


if __name__ == "__main__":
    from bench.common import setup_django

    setup_django()
    print(json.dumps(run(), indent=2, default=str))
