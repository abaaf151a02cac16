"""Roster import end to end (read, validate, preview, confirm, import) of a 100,000-row .xlsx
with 8 columns, against a plain django-import-export ModelResource import of the same file in
the same run; and, with ROSTER_BENCH_MILLION=1, a 1,000,000-row file in a separate worker
process whose peak memory (and its reader child's) is measured.

Runs in its own database (`<bench db>_roster`). Runnable alone: `python -m bench.bench_roster`.
Environment: ROSTER_BENCH_ROWS (100000), ROSTER_BENCH_BASELINE=0 to skip the baseline,
ROSTER_BENCH_BASELINE_ROWS (10000: the baseline imports the file's first rows, row by row, at a rate
that does not depend on the size; set 100000 for the whole file), ROSTER_BENCH_MILLION=1 for the
memory run.
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
TARGETS = {"rows_per_s": 20000, "speedup": 20, "million_peak_mb": 1024}


def _column(index: int) -> str:
    return chr(65 + index)


def write_xlsx(path: Path, rows: int, *, start: int = 10_000_000) -> Path:
    """A real .xlsx (inline strings, a date style), streamed: a million rows in seconds."""
    if path.exists():
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
                    f'<row r="{r}"><c r="A{r}"><v>{start + i}</v></c>'
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


def _reset() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE militancia_rosterupload, militancia_member CASCADE")


def _admin():
    from core.roles import Role
    from core.tests.factories import ensure_territories, make_user

    ensure_territories()
    return make_user("bench-roster", Role.NATIONAL_ADMIN)


def run_pipeline(path: Path, actor) -> dict:
    """Upload → read + validate (preview) → confirm → import, as the worker runs it, timed."""
    from unittest import mock

    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.models import Territory
    from rosters import selectors, services
    from rosters.models import RosterUpload
    from rosters.tasks import roster_import_task, roster_process_task

    antioquia = Territory.objects.get(code="05", kind=Territory.Kind.DEPARTMENT)
    times = {}
    cpu_before = _cpu_seconds()
    start = time.perf_counter()
    with mock.patch("core.jobs.transaction.on_commit", lambda fn: None):  # no broker: we run the tasks here
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
    upload.refresh_from_db()
    total = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu_before
    return {"seconds": total, "cpu_s": cpu, "summary": upload.summary, **{k: round(v, 2) for k, v in times.items()}}


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the reader): Python's share of the
    work, which the other loads of a shared machine do not inflate (PostgreSQL's is not in it)."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_baseline(path: Path, rows: int | None = None) -> dict:
    """A plain django-import-export ModelResource import of the same file (its first `rows` rows:
    it goes row by row, so its rate does not depend on the size, and 100,000 rows take minutes)."""
    import tablib
    from django.utils import timezone
    from import_export import fields, resources, widgets

    from core.models import Territory
    from militancia.models import Member

    class TownWidget(widgets.ForeignKeyWidget):
        def get_queryset(self, value, row, *args, **kwargs):
            return Territory.objects.filter(kind="municipality", path__startswith="CO/05/")

    class MemberResource(resources.ModelResource):
        territory = fields.Field(attribute="territory", column_name="territory", widget=TownWidget(Territory, "name"))

        class Meta:
            model = Member
            import_id_fields = ["id_number"]
            fields = [
                "id_number",
                "first_names",
                "last_names",
                "phone",
                "email",
                "territory",
                "birth_date",
                "address",
                "joined_on",
            ]

        def before_import_row(self, row, **kwargs):
            row["joined_on"] = timezone.localdate()

    start = time.perf_counter()
    with open(path, "rb") as handle:
        dataset = tablib.Dataset().load(handle.read(), format="xlsx")
    headers = ["id_number", "first_names", "last_names", "phone", "email", "territory", "birth_date", "address"]
    if rows is not None and rows < len(dataset):
        dataset = tablib.Dataset(*dataset[:rows])
    dataset.headers = headers
    loaded = time.perf_counter() - start
    result = MemberResource().import_data(dataset, dry_run=False, raise_errors=False, use_transactions=True)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
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
bench_roster._reset()
figures = bench_roster.run_pipeline(Path(sys.argv[1]), bench_roster._admin())
figures["worker_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
figures["reader_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
print("MILLION " + json.dumps(figures, default=str))
"""


def run_million() -> dict:
    path = write_xlsx(DATA / "roster-1000000.xlsx", 1_000_000, start=50_000_000)
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
        "file_mb": round(path.stat().st_size / 2**20, 1),
    }


def run() -> dict:
    use_own_database()
    rows = int(os.environ.get("ROSTER_BENCH_ROWS", 100_000))
    path = write_xlsx(DATA / f"roster-{rows}.xlsx", rows)
    actor = _admin()
    _reset()
    pipeline = run_pipeline(path, actor)
    figures = {
        "rows": rows,
        "columns": len(HEADER),
        "file_mb": round(path.stat().st_size / 2**20, 1),
        "pipeline_s": round(pipeline["seconds"], 2),
        "pipeline_rows_per_s": round(rows / pipeline["seconds"]),
        "steps_s": {k: v for k, v in pipeline.items() if k.endswith("_s") and k != "cpu_s"},
        "python_cpu_s": round(pipeline["cpu_s"], 2),
        "created": pipeline["summary"]["created"],
        "load_average": round(os.getloadavg()[0], 2),
        "targets": TARGETS,
    }
    if os.environ.get("ROSTER_BENCH_BASELINE", "1") != "0":
        _reset()
        baseline = run_baseline(path, int(os.environ.get("ROSTER_BENCH_BASELINE_ROWS", 10_000)))
        baseline_rate = baseline["rows"] / baseline["seconds"]
        figures["baseline_rows"] = baseline["rows"]
        figures["baseline_import_export_s"] = round(baseline["seconds"], 1)
        figures["baseline_rows_per_s"] = round(baseline_rate)
        figures["baseline_totals"] = baseline["totals"]
        figures["speedup"] = round((rows / pipeline["seconds"]) / baseline_rate, 1)
    if os.environ.get("ROSTER_BENCH_MILLION") == "1":
        _reset()
        figures["million"] = run_million()
    _reset()
    return figures


if __name__ == "__main__":
    from bench.common import setup_django

    setup_django()
    print(json.dumps(run(), indent=2, default=str))
