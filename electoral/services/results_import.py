"""The official results file: COPY into a staging table, set-based validation, one INSERT … ON CONFLICT.

A file of 120,000 tables × 20 options (2.4 M rows) loads in well under a minute. The whole
file is refused if any row is wrong (unknown table code, votes not a whole number, negative
votes, votes above the table's registered voters, the same option twice for a table, a table
whose votes add up to more than its registered voters, a table outside the user's scope):
the user gets an .xlsx listing each bad row with the reason, and nothing is written.
"""

from __future__ import annotations

import os
import tempfile
import time

from django.core.files import File
from django.db import connection, transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.jobs import job_progress
from core.models import AuditEvent
from core.tabular import Limits, write_error_report
from electoral.models import ResultImport
from electoral.services.results import summaries_refresh, table_results_recompute
from electoral.services.tabular_load import ImportRefused, discard, original_rows, stage_upload

RESULT_FIELDS = {
    "table_code": ["codigo mesa", "cod mesa", "mesa", "table", "table code", "codigo casilla", "casilla", "id mesa"],
    "option_code": [
        "codigo opcion",
        "opcion",
        "cod opcion",
        "codigo candidato",
        "cod candidato",
        "codigo partido",
        "option",
        "option code",
    ],
    "option_name": [
        "nombre opcion",
        "nombre candidato",
        "candidato",
        "nombre partido",
        "partido",
        "descripcion",
        "name",
    ],
    "votes": ["votos", "votes", "total votos", "numero de votos", "cantidad"],
}
RESULT_REQUIRED = ("table_code", "option_code", "votes")
RESULT_LABELS = {"table_code": "mesa", "option_code": "código de opción", "option_name": "opción", "votes": "votos"}
RESULT_LIMITS = Limits(max_bytes=400 * 1024 * 1024, max_rows=3_000_000, max_columns=60)
MAX_REPORTED_ERRORS = 50_000

# Names that official files use for the non-candidate lines of the ballot.
KIND_SQL = """
    CASE
        WHEN lower(coalesce(option_name, '') || ' ' || option_code) ~ 'no marcad' THEN 'unmarked'
        WHEN lower(coalesce(option_name, '') || ' ' || option_code) ~ 'nulo' THEN 'null'
        WHEN lower(coalesce(option_name, '') || ' ' || option_code) ~ 'blanco' THEN 'blank'
        ELSE 'party'
    END
"""


def _scope_sql(user) -> tuple[str, list]:
    if user is None or user.is_national:
        return "TRUE", []
    paths = [t.path for t in user.scope_territories]
    clause = " OR ".join(["ct.path LIKE %s"] * len(paths)) or "FALSE"
    return (
        f"u.territory_id IN (SELECT ct.id FROM core_territory ct WHERE {clause})",
        [p + "%" for p in paths],
    )


ERRORS_SQL = """
WITH r AS (
    SELECT s.line, s.table_code, s.option_code, s.votes AS raw, u.id AS table_id, u.registered_voters AS registered,
           ({scope}) AS in_scope,
           CASE WHEN s.votes ~ '^\\s*-?[0-9]{{1,9}}\\s*$' THEN trim(s.votes)::integer END AS votes
    FROM results_stage s
    LEFT JOIN electoral_electoralunit u ON u.code = s.table_code AND u.kind IN ('table', 'casilla') {root}
)
SELECT line, code, a, b FROM (
    SELECT line, 'no_table' AS code, coalesce(table_code, '') AS a, '' AS b FROM r WHERE coalesce(table_code, '') = ''
    UNION ALL
    SELECT line, 'unknown_table', table_code, '' FROM r WHERE table_code <> '' AND table_id IS NULL
    UNION ALL
    SELECT line, 'out_of_scope', table_code, '' FROM r WHERE table_id IS NOT NULL AND in_scope IS NOT TRUE
    UNION ALL
    SELECT line, 'no_option', '', '' FROM r WHERE coalesce(option_code, '') = ''
    UNION ALL
    SELECT line, 'not_number', coalesce(raw, ''), '' FROM r WHERE votes IS NULL
    UNION ALL
    SELECT line, 'negative', votes::text, '' FROM r WHERE votes < 0
    UNION ALL
    SELECT line, 'over_registered', votes::text, registered::text FROM r WHERE votes > registered
    UNION ALL
    SELECT line, 'duplicate', option_code, table_code FROM (
        SELECT line, option_code, table_code, row_number() OVER (PARTITION BY table_code, option_code ORDER BY line) AS n
        FROM r WHERE table_id IS NOT NULL AND option_code <> ''
    ) d WHERE n > 1
    UNION ALL
    SELECT min(line), 'table_total', table_code, sum(votes)::text || '/' || max(registered)::text
    FROM r WHERE table_id IS NOT NULL AND votes >= 0
    GROUP BY table_code HAVING sum(votes) > max(registered)
) e
ORDER BY line
LIMIT {limit}
"""


def _message(code: str, a: str, b: str) -> str:
    if code == "no_table":
        return _("The table code is empty.")
    if code == "unknown_table":
        return _("The table “%(code)s” does not exist in the electoral geography.") % {"code": a}
    if code == "out_of_scope":
        return _("The table “%(code)s” is outside your territorial scope.") % {"code": a}
    if code == "no_option":
        return _("The option (party or candidate) code is empty.")
    if code == "not_number":
        return _("The votes “%(value)s” are not a whole number.") % {"value": a}
    if code == "negative":
        return _("Negative votes (%(value)s).") % {"value": a}
    if code == "over_registered":
        return _("The votes (%(votes)s) exceed the table's registered voters (%(registered)s).") % {
            "votes": a,
            "registered": b,
        }
    if code == "duplicate":
        return _("The option “%(option)s” appears twice for table “%(table)s”.") % {"option": a, "table": b}
    if code == "table_total":
        votes, registered = b.split("/")
        return _(
            "The votes of table “%(table)s” add up to %(votes)s, more than its %(registered)s registered voters."
        ) % {"table": a, "votes": votes, "registered": registered}
    return code


def results_import_run(*, result_import: ResultImport, job_id: int | None = None) -> dict:
    """Validate and load one results file; everything or nothing."""
    started = time.monotonic()
    election = result_import.election
    user = result_import.created_by
    staged = None

    def progress(done: int) -> None:
        if job_id:
            job_progress(job_id, done=done, step=_("Reading rows: %(n)s") % {"n": f"{done:,}"})

    try:
        with transaction.atomic():
            staged = stage_upload(
                path=result_import.file.path,
                fields=RESULT_FIELDS,
                required=RESULT_REQUIRED,
                stage="results_stage",
                limits=RESULT_LIMITS,
                progress=progress,
                labels=RESULT_LABELS,
            )
            if job_id:
                job_progress(job_id, done=staged.rows, total=staged.rows, step=_("Validating"))
            scope, scope_params = _scope_sql(user)
            root = ""
            root_params: list = []
            if election.root_unit_id:
                root = "AND u.path LIKE %s"
                root_params = [election.root_unit.path + "%"]
            with connection.cursor() as cursor:
                cursor.execute(
                    ERRORS_SQL.format(scope=scope, root=root, limit=MAX_REPORTED_ERRORS + 1),
                    [*scope_params, *root_params],
                )
                errors = cursor.fetchall()
            if errors:
                _write_report(result_import, staged, errors)
                return {"ok": False, "errors": len(errors)}
            if job_id:
                job_progress(job_id, done=staged.rows, step=_("Writing the votes"))
            tables = _write(election.pk, root, root_params)
            if job_id:
                job_progress(job_id, done=staged.rows, step=_("Updating the totals"))
            summaries_refresh(election_id=election.pk)
            result_import.status = ResultImport.Status.DONE
            result_import.rows, result_import.tables = staged.rows, tables
            result_import.seconds = round(time.monotonic() - started, 2)
            result_import.error_count, result_import.error_message = 0, ""
            result_import.save()
            audit_record(
                actor=user,
                action=AuditEvent.Action.IMPORT,
                obj=election,
                source_ref=f"results-{result_import.pk}",
                message=f"Resultados: {staged.rows} filas, {tables} mesas",
            )
            return {"ok": True, "rows": staged.rows, "tables": tables, "seconds": result_import.seconds}
    except ImportRefused as exc:
        result_import.status = ResultImport.Status.FAILED
        result_import.error_message = str(exc)
        result_import.save(update_fields=["status", "error_message"])
        return {"ok": False, "error": str(exc)}
    finally:
        discard(staged)


def _write(election_id: int, root: str, root_params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO electoral_ballotoption (election_id, code, name, party, kind, is_own)
            SELECT DISTINCT ON (option_code) %s, option_code, left(coalesce(nullif(option_name, ''), option_code), 200),
                   '', {KIND_SQL}, FALSE
            FROM results_stage ORDER BY option_code, line
            ON CONFLICT (election_id, code) DO NOTHING
            """,
            [election_id],
        )
        cursor.execute("DROP TABLE IF EXISTS results_resolved")
        cursor.execute(
            f"""
            CREATE TEMP TABLE results_resolved ON COMMIT DROP AS
            SELECT u.id AS table_id, o.id AS option_id, trim(s.votes)::integer AS votes
            FROM results_stage s
            JOIN electoral_electoralunit u ON u.code = s.table_code AND u.kind IN ('table', 'casilla') {root}
            JOIN electoral_ballotoption o ON o.election_id = %s AND o.code = s.option_code
            """,
            [*root_params, election_id],
        )
        cursor.execute(
            """
            INSERT INTO electoral_tablevote (election_id, table_id, option_id, votes)
            SELECT %s, table_id, option_id, votes FROM results_resolved
            ON CONFLICT (election_id, table_id, option_id) DO UPDATE SET votes = EXCLUDED.votes
            WHERE electoral_tablevote.votes IS DISTINCT FROM EXCLUDED.votes
            """,
            [election_id],
        )
        cursor.execute("SELECT count(DISTINCT table_id) FROM results_resolved")
        tables = cursor.fetchone()[0]
    table_results_recompute(election_id=election_id, table_ids_sql="SELECT DISTINCT table_id FROM results_resolved")
    return tables


def _write_report(result_import: ResultImport, staged, errors: list) -> None:
    lines = {line for line, *_rest in errors}
    originals = original_rows(staged, lines)
    rows = ((line, originals.get(line, []), _message(code, a, b)) for line, code, a, b in errors[:MAX_REPORTED_ERRORS])
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as handle:
        path = handle.name
    try:
        write_error_report(path, header=staged.header, rows=rows)
        with open(path, "rb") as report:
            result_import.error_report.save(f"errores-resultados-{result_import.pk}.xlsx", File(report), save=False)
    finally:
        os.unlink(path)
    first = errors[0]
    result_import.status = ResultImport.Status.FAILED
    result_import.error_count = len(errors)
    more = "+" if len(errors) > MAX_REPORTED_ERRORS else ""
    result_import.error_message = _(
        "%(n)s%(more)s rows refused; nothing was imported. First: row %(line)s: %(msg)s"
    ) % {"n": min(len(errors), MAX_REPORTED_ERRORS), "more": more, "line": first[0], "msg": _message(*first[1:])}
    result_import.save()
