"""The official results file: COPY into a staging table, set-based validation, one INSERT … ON CONFLICT.

A file of 120,000 tables × 20 options (2.4 M rows) loads in well under a minute: the rows are
folded into one TableResult per table (votes as JSON, totals by kind) by one INSERT … ON CONFLICT. The whole
file is refused if any row is wrong (unknown table code, votes not a whole number, negative
votes, votes above the table's registered voters, the same option twice for a table, a table
whose votes add up to more than its registered voters, a table outside the user's scope):
the user gets an .xlsx listing each bad row with the reason, and nothing is written.
"""

from __future__ import annotations

import os
import tempfile
import time
from typing import TYPE_CHECKING

from django.core.files import File
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit_record
from core.jobs import job_progress
from core.models import AuditEvent
from core.tabular import Limits, write_error_report
from core.tabular.mapping import ColumnField
from electoral.models import ResultImport
from electoral.services import import_columns
from electoral.services.results import summaries_refresh
from electoral.services.tabular_load import ImportSpec, columns_confirm, original_rows, staged_import_run

if TYPE_CHECKING:
    from core.models import User

RESULT_FIELDS = {
    "table_code": [
        "codigo mesa",
        "cod mesa",
        "table",
        "table code",
        "codigo casilla",
        "id mesa",
        *import_columns.KEY_SYNONYMS,
    ],
    "option_code": [
        "codigo opcion",
        "opcion",
        "cod opcion",
        "codigo candidato",
        "cod candidato",
        "codigo partido",
        "cod partido",
        "option",
        "option code",
    ],
    "option_name": [
        "nombre opcion",
        "nombre candidato",
        "candidato",
        "nombre partido",
        "partido",
        "partido o candidato",
        "descripcion",
        "name",
    ],
    # Not "total votos": INE files have TOTAL_VOTOS per casilla beside one column per party.
    "votes": ["votos", "votes", "numero de votos", "cantidad", "votacion"],
    **import_columns.KEY_PART_SYNONYMS,
}
# The table (its key, or the key's parts), the option (its code, or at least its name), the votes.
RESULT_REQUIRED = (("table_code",), ("option_code", "option_name", "party_columns"), ("votes", "party_columns"))
RESULT_LABELS = {
    "table_code": gettext_lazy("Table key (code)"),
    "option_code": gettext_lazy("Option code (party or candidate)"),
    "option_name": gettext_lazy("Option name (party or candidate)"),
    "votes": gettext_lazy("Votes"),
    "party_columns": gettext_lazy("One column per party or candidate"),
    **{part.name: part.label for part in import_columns.KEY_PARTS},
}
RESULT_HELP = {
    "table_code": gettext_lazy(
        "Required, unless the file splits it into the columns below (department, municipality…)."
    ),
    "option_code": gettext_lazy(
        "The code or the name of the option is required; without a code, the name is used. "
        "A file with one column per party (INE) needs neither: tick its columns below."
    ),
    "votes": gettext_lazy("Required, unless the file has one column per party (tick them below)."),
    "party_columns": gettext_lazy(
        "For files with one row per table or casilla and one column per party or candidate (INE): tick the "
        "columns with votes. Do not tick the registered voters or the totals (LISTA_NOMINAL, TOTAL_VOTOS)."
    ),
}


def result_column_fields() -> list[ColumnField]:
    party = ColumnField(
        name="party_columns",
        label=RESULT_LABELS["party_columns"],
        help_text=RESULT_HELP["party_columns"],
        multiple=True,
    )
    fields = [
        ColumnField(name=name, label=RESULT_LABELS[name], help_text=RESULT_HELP.get(name, ""))
        for name in RESULT_FIELDS
        if name not in import_columns.KEY_PART_NAMES
    ]
    return [*fields, party, *import_columns.key_fields()]


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


def _scope_sql(user: User) -> tuple[str, list]:
    if user is None or user.is_national:
        return "TRUE", []
    paths = [t.path for t in user.scope_territories]
    clause = " OR ".join(["ct.path LIKE %s"] * len(paths)) or "FALSE"
    return (
        f"u.territory_id IN (SELECT ct.id FROM core_territory ct WHERE {clause})",
        [p + "%" for p in paths],
    )


RESOLVE_SQL = """
CREATE TEMP TABLE results_resolved ON COMMIT DROP AS
SELECT s.line, s.table_code, coalesce(s.option_code, s.option_name) AS option_code, s.option_name,
       s.votes AS raw, u.id AS table_id, u.registered_voters AS registered, ({scope}) AS in_scope,
       ({root}) AS in_election,
       CASE WHEN s.votes ~ '^-?[0-9]{{1,9}}$' THEN s.votes::integer END AS votes
FROM results_stage s
LEFT JOIN electoral_electoralunit u ON u.code = s.table_code AND u.kind IN ('table', 'casilla')
"""

# Row-level problems in one scan (the first problem of each row), then duplicates and table totals:
# every bad row of the file at once. A table's total is blamed on the row that takes it over.
ERRORS_SQL = """
SELECT line, code, a, b FROM (
    SELECT line,
           CASE WHEN table_code IS NULL THEN 'no_table'
                WHEN table_id IS NULL THEN 'unknown_table'
                WHEN in_election IS NOT TRUE THEN 'outside_election'
                WHEN in_scope IS NOT TRUE THEN 'out_of_scope'
                WHEN option_code IS NULL THEN 'no_option'
                WHEN votes IS NULL THEN 'not_number'
                WHEN votes < 0 THEN 'negative'
                ELSE 'over_registered' END AS code,
           CASE WHEN table_id IS NULL OR in_scope IS NOT TRUE OR in_election IS NOT TRUE THEN coalesce(table_code, '')
                WHEN votes IS NULL THEN coalesce(raw, '')
                ELSE votes::text END AS a,
           coalesce(registered::text, '') AS b
    FROM results_resolved
    WHERE table_code IS NULL OR table_id IS NULL OR in_election IS NOT TRUE OR in_scope IS NOT TRUE
       OR option_code IS NULL
       OR votes IS NULL OR votes < 0 OR votes > registered
    UNION ALL
    SELECT min(line) FILTER (WHERE running > registered), 'table_total', max(table_code),
           sum(votes)::text || '/' || max(registered)::text
    FROM (
        -- The running totals (a sort by table and line) only for the tables over their total,
        -- found first by one hash aggregate: a good file sorts nothing.
        SELECT table_id, line, table_code, votes, registered,
               sum(votes) OVER (PARTITION BY table_id ORDER BY line) AS running
        FROM results_resolved
        WHERE votes >= 0 AND table_id IN (
            SELECT table_id FROM results_resolved WHERE table_id IS NOT NULL AND votes >= 0
            GROUP BY table_id HAVING sum(votes) > max(registered)
        )
    ) t
    GROUP BY table_id
) e
ORDER BY line
LIMIT {limit}
"""


# The same option twice for one table. Grouping 2.4 M rows by table and option costs seconds and
# half a gigabyte, so a good file never runs it: the write notices a table with fewer options
# than rows (DuplicateOptions), and only then is this asked for the lines.
DUPLICATES_SQL = """
SELECT max(line), 'duplicate', option_code, max(table_code) FROM results_resolved
WHERE table_id IS NOT NULL AND option_code IS NOT NULL
GROUP BY table_id, option_code HAVING count(*) > 1
ORDER BY 1
LIMIT {limit}
"""


class DuplicateOptions(Exception):
    """A table of the file names one option on two rows (found while writing, which is undone)."""


def _message(code: str, a: str, b: str, scope: str = "") -> str:
    if code == "no_table":
        return _("The table code is empty.")
    if code == "unknown_table":
        return _("The table “%(code)s” does not exist in the electoral geography.") % {"code": a}
    if code == "outside_election":
        return _("The table “%(code)s” exists, but it is outside this election's geography (%(scope)s).") % {
            "code": a,
            "scope": scope,
        }
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


RESULT_SPEC = ImportSpec(
    fields=RESULT_FIELDS,
    required=RESULT_REQUIRED,
    labels=RESULT_LABELS,
    key_field="table_code",
    limits=RESULT_LIMITS,
    stage="results_stage",
    wide_fields={"code": "option_code", "name": "option_name", "value": "votes"},
)


def results_import_run(*, result_import: ResultImport, job_id: int | None = None) -> dict:
    """Validate and load one results file; everything or nothing."""
    started = time.monotonic()
    phases: dict[str, float] = {}

    def lap(name: str) -> None:
        phases[name] = round(time.monotonic() - started - sum(phases.values()), 2)

    election = result_import.election
    user = result_import.created_by

    def load(staged, columns) -> dict:
        lap("read")
        scope, scope_params = _scope_sql(user)
        root, root_params = "TRUE", []
        if election.root_unit_id:
            root, root_params = "u.path LIKE %s", [election.root_unit.path + "%"]
        with connection.cursor() as cursor:
            # Big set-based statements: no JIT compile (1-2 s of overhead), hash tables in memory.
            cursor.execute("SET LOCAL jit = off")
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute("SET LOCAL hash_mem_multiplier = 4")  # one hash aggregate holds a JSON object per table
            cursor.execute("DROP TABLE IF EXISTS results_resolved")
            cursor.execute(RESOLVE_SQL.format(scope=scope, root=root), [*scope_params, *root_params])
            # Row and group estimates for the aggregates below (a sample: a fraction of a second).
            cursor.execute("ANALYZE results_resolved")
            cursor.execute(ERRORS_SQL.format(limit=MAX_REPORTED_ERRORS + 1))
            errors = cursor.fetchall()
        lap("validate")
        if not errors:
            if job_id:
                job_progress(job_id, done=staged.rows, step=_("Writing the votes"))
            try:
                with transaction.atomic():  # a savepoint: a duplicate found while writing undoes the write
                    tables = _write(election.pk)
            except DuplicateOptions:
                errors = _duplicates()
        elif len(errors) <= MAX_REPORTED_ERRORS:  # every bad row at once: the duplicates too
            errors = sorted(errors + _duplicates(), key=lambda error: error[0])[: MAX_REPORTED_ERRORS + 1]
        if errors:
            _write_report(result_import, staged, errors, scope=_election_scope(election))
            return {"ok": False, "errors": len(errors)}
        lap("write")
        if job_id:
            job_progress(job_id, done=staged.rows, step=_("Updating the totals"))
        summaries_refresh(election_id=election.pk, imported=True)
        lap("summaries")
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
            message=_("Results: %(rows)s rows, %(tables)s tables") % {"rows": staged.rows, "tables": tables},
        )
        return {"ok": True, "rows": staged.rows, "tables": tables, "seconds": result_import.seconds, "phases": phases}

    return staged_import_run(item=result_import, spec=RESULT_SPEC, job_id=job_id, load=load)


def _write(election_id: int) -> int:
    """New ballot options, then one TableResult row per table (votes folded into JSON, totals by kind).

    Returns the number of tables; raises DuplicateOptions (run it in a savepoint) when a table
    of the file names an option twice."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO electoral_ballotoption (election_id, code, name, party, kind, is_own)
            SELECT %s, option_code, left(coalesce(option_name, option_code), 200), '', {KIND_SQL}, FALSE
            FROM (
                -- Each option's first row: a hash aggregate and a scan, not a sort of every row by text.
                SELECT r.option_code, r.option_name
                FROM (SELECT min(line) AS line FROM results_resolved WHERE option_code IS NOT NULL
                      GROUP BY option_code) f
                JOIN results_resolved r ON r.line = f.line
            ) o
            ON CONFLICT (election_id, code) DO NOTHING
            """,
            [election_id],
        )
        # One aggregate per table, kept for the checks, the write and the summaries (results_tables).
        cursor.execute("DROP TABLE IF EXISTS results_tables")
        cursor.execute(
            """
            CREATE TEMP TABLE results_tables ON COMMIT DROP AS
            SELECT r.table_id, max(r.registered) AS registered,
                   coalesce(sum(r.votes) FILTER (WHERE o.kind IN ('party', 'candidate')), 0) AS valid,
                   coalesce(sum(r.votes) FILTER (WHERE o.kind = 'blank'), 0) AS blank,
                   coalesce(sum(r.votes) FILTER (WHERE o.kind = 'null'), 0) AS null_votes,
                   coalesce(sum(r.votes) FILTER (WHERE o.kind = 'unmarked'), 0) AS unmarked,
                   sum(r.votes) AS total,
                   coalesce(sum(r.votes) FILTER (WHERE o.is_own), 0) AS own_votes,
                   jsonb_object_agg(o.id::text, r.votes) AS votes,
                   count(*) AS rows
            FROM results_resolved r
            JOIN electoral_ballotoption o ON o.election_id = %s AND o.code = r.option_code
            GROUP BY r.table_id
            """,
            [election_id],
        )
        # An option named twice keeps one key in the table's JSON: fewer keys than rows.
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE rows > (SELECT count(*) FROM jsonb_object_keys(votes))) "
            "FROM results_tables"
        )
        tables, duplicated = cursor.fetchone()
        if duplicated:
            raise DuplicateOptions
        cursor.execute(
            """
            INSERT INTO electoral_tableresult
                (election_id, table_id, registered, valid, blank, null_votes, unmarked, total, own_votes, votes,
                 source, updated_at)
            SELECT %s, table_id, registered, valid, blank, null_votes, unmarked, total, own_votes, votes,
                   'import', now()
            FROM results_tables
            ON CONFLICT (election_id, table_id) DO UPDATE SET
                registered = EXCLUDED.registered, valid = EXCLUDED.valid, blank = EXCLUDED.blank,
                null_votes = EXCLUDED.null_votes, unmarked = EXCLUDED.unmarked, total = EXCLUDED.total,
                own_votes = EXCLUDED.own_votes, votes = EXCLUDED.votes, source = EXCLUDED.source,
                updated_at = EXCLUDED.updated_at
            WHERE (electoral_tableresult.votes, electoral_tableresult.registered, electoral_tableresult.source,
                   electoral_tableresult.valid, electoral_tableresult.blank, electoral_tableresult.null_votes,
                   electoral_tableresult.unmarked, electoral_tableresult.total, electoral_tableresult.own_votes)
                  IS DISTINCT FROM (EXCLUDED.votes, EXCLUDED.registered, EXCLUDED.source, EXCLUDED.valid,
                   EXCLUDED.blank, EXCLUDED.null_votes, EXCLUDED.unmarked, EXCLUDED.total, EXCLUDED.own_votes)
            """,
            [election_id],
        )
        return tables


def _duplicates() -> list:
    with connection.cursor() as cursor:
        cursor.execute(DUPLICATES_SQL.format(limit=MAX_REPORTED_ERRORS + 1))
        return cursor.fetchall()


def _election_scope(election) -> str:
    """How the refusal of a table outside the election names the election's geography."""
    root = election.root_unit
    if root is None:
        return ""
    return _("%(election)s covers %(unit)s, key %(code)s") % {
        "election": election.name,
        "unit": root.name,
        "code": root.code,
    }


def result_columns_set(*, result_import: ResultImport, mapping: dict[str, int], actor: User) -> ResultImport:
    """The user's column mapping (field → column index); the import then runs in the background."""
    from electoral.tasks import import_results

    return columns_confirm(
        item=result_import,
        mapping=mapping,
        actor=actor,
        spec=RESULT_SPEC,
        task=import_results,
        job_kind="electoral.results_import",
    )


def _write_report(result_import: ResultImport, staged, errors: list, scope: str = "") -> None:
    lines = {line for line, *_rest in errors}
    originals = original_rows(staged=staged, lines=lines)
    rows = (
        (line, originals.get(line, []), _message(code, a, b, scope))
        for line, code, a, b in errors[:MAX_REPORTED_ERRORS]
    )
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
    ) % {
        # Rows, not problems: one row may break several rules (each has its line in the report).
        "n": len(lines),
        "more": more,
        "line": first[0],
        "msg": _message(*first[1:], scope),
    }
    result_import.save()
