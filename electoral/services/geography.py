"""The electoral geography (catastro) import: COPY into staging, validate, upsert by code, rebuild paths.

Re-importing the same file changes nothing; a new file with new figures updates them
(registered voters, names, addresses) without creating anything twice.
"""

from __future__ import annotations

import os
import tempfile

from django.core.files import File
from django.db import connection, transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.jobs import job_progress
from core.models import AuditEvent
from core.tabular import Limits, write_error_report
from electoral.models import GeographyImport
from electoral.services.coverage import coverage_refresh_all_elections
from electoral.services.tabular_load import ImportRefused, original_rows, stage_upload

GEO_FIELDS = {
    "code": ["codigo", "code", "cod", "codigo unidad", "id"],
    "name": ["nombre", "name", "descripcion", "nombre unidad"],
    "kind": ["tipo", "kind", "nivel", "type", "clase"],
    "parent_code": ["codigo padre", "padre", "parent", "parent code", "cod padre", "pertenece a"],
    "territory_code": ["divipola", "codigo divipola", "territorio", "codigo territorio", "territory", "municipio dane"],
    "registered": [
        "inscritos",
        "potencial",
        "registered voters",
        "registered",
        "electores",
        "lista nominal",
        "habilitados",
    ],
    "address": ["direccion", "address", "domicilio"],
    "priority": ["prioritario", "prioridad", "priority"],
}
GEO_REQUIRED = ("code", "name", "kind")
GEO_LABELS = {
    "code": "código",
    "name": "nombre",
    "kind": "tipo",
    "parent_code": "código padre",
    "territory_code": "código de territorio",
    "registered": "inscritos",
    "address": "dirección",
    "priority": "prioritario",
}
GEO_LIMITS = Limits(max_bytes=100 * 1024 * 1024, max_rows=1_000_000, max_columns=60)

# What people write in the "tipo" column → ElectoralUnit.Kind
KIND_SYNONYMS = {
    "pais": "country",
    "country": "country",
    "circunscripcion": "constituency",
    "circunscripcion senatorial": "constituency",
    "constituency": "constituency",
    "departamento": "department",
    "estado": "department",
    "region": "department",
    "department": "department",
    "distrito": "district",
    "district": "district",
    "municipio": "municipality",
    "comuna": "municipality",
    "municipality": "municipality",
    "zona": "zone",
    "zone": "zone",
    "seccion": "section",
    "section": "section",
    "puesto": "polling_place",
    "puesto de votacion": "polling_place",
    "local de votacion": "polling_place",
    "polling place": "polling_place",
    "polling_place": "polling_place",
    "mesa": "table",
    "table": "table",
    "casilla": "casilla",
}

ERRORS_SQL = """
WITH s AS (
    SELECT g.*, k.kind AS kind_value,
           CASE WHEN coalesce(g.registered, '') = '' THEN 0
                WHEN g.registered ~ '^\\s*[0-9]{{1,9}}\\s*$' THEN trim(g.registered)::integer END AS reg,
           row_number() OVER (PARTITION BY g.code ORDER BY g.line) AS n
    FROM geo_stage g LEFT JOIN geo_kinds k ON k.name = translate(lower(trim(g.kind)), 'áéíóúüñ', 'aeiouun')
)
SELECT line, code, a FROM (
    SELECT line, 'no_code' AS code, '' AS a FROM s WHERE coalesce(s.code, '') = ''
    UNION ALL SELECT line, 'no_name', s.code FROM s WHERE coalesce(s.name, '') = ''
    UNION ALL SELECT line, 'bad_kind', coalesce(s.kind, '') FROM s WHERE kind_value IS NULL
    UNION ALL SELECT line, 'duplicate', s.code FROM s WHERE n > 1 AND s.code <> ''
    UNION ALL SELECT line, 'self_parent', s.code FROM s WHERE s.parent_code = s.code
    UNION ALL SELECT line, 'bad_registered', coalesce(s.registered, '') FROM s WHERE reg IS NULL
    UNION ALL SELECT line, 'unknown_parent', s.parent_code FROM s
        WHERE coalesce(s.parent_code, '') <> ''
          AND NOT EXISTS (SELECT 1 FROM geo_stage p WHERE p.code = s.parent_code)
          AND NOT EXISTS (SELECT 1 FROM electoral_electoralunit u WHERE u.code = s.parent_code)
    UNION ALL SELECT line, 'unknown_territory', s.territory_code FROM s
        WHERE coalesce(s.territory_code, '') <> ''
          AND NOT EXISTS (SELECT 1 FROM core_territory t WHERE t.code = s.territory_code AND ({scope}))
) e ORDER BY line LIMIT 50001
"""


def _message(code: str, value: str) -> str:
    return {
        "no_code": _("The code is empty."),
        "no_name": _("The name of “%(v)s” is empty."),
        "bad_kind": _(
            "The kind “%(v)s” is not known (mesa, puesto, zona, municipio, departamento, circunscripción, distrito, sección, casilla)."
        ),
        "duplicate": _("The code “%(v)s” appears twice in the file."),
        "self_parent": _("The unit “%(v)s” cannot be its own parent."),
        "bad_registered": _("The registered voters “%(v)s” are not a whole number of zero or more."),
        "unknown_parent": _("The parent code “%(v)s” is neither in the file nor in the geography."),
        "unknown_territory": _("The territory code “%(v)s” does not exist or is outside your scope."),
        "cycle": _("The parent chain of “%(v)s” goes round in a circle."),
    }.get(code, code) % {"v": value}


def _scope_sql(user) -> tuple[str, list]:
    if user is None or user.is_national:
        return "TRUE", []
    paths = [t.path + "%" for t in user.scope_territories]
    return " OR ".join(["t.path LIKE %s"] * len(paths)) or "FALSE", paths


def geography_import_run(*, geo_import: GeographyImport, job_id: int | None = None) -> dict:
    user = geo_import.created_by
    staged = None

    def progress(done: int) -> None:
        if job_id:
            job_progress(job_id, done=done, step=_("Reading rows: %(n)s") % {"n": f"{done:,}"})

    try:
        with transaction.atomic():
            staged = stage_upload(
                path=geo_import.file.path,
                fields=GEO_FIELDS,
                required=GEO_REQUIRED,
                stage="geo_stage",
                limits=GEO_LIMITS,
                progress=progress,
                labels=GEO_LABELS,
            )
            # Which column of the file fed each field, shown on the import page.
            geo_import.mapping = {
                GEO_LABELS.get(name, name): str(staged.header[index]) if index < len(staged.header) else ""
                for name, index in staged.mapping.items()
            }
            if job_id:
                job_progress(job_id, done=staged.rows, total=staged.rows, step=_("Validating"))
            scope, params = _scope_sql(user)
            with connection.cursor() as cursor:
                cursor.execute("DROP TABLE IF EXISTS geo_kinds")
                cursor.execute("CREATE TEMP TABLE geo_kinds (name text, kind text) ON COMMIT DROP")
                cursor.executemany("INSERT INTO geo_kinds VALUES (%s, %s)", list(KIND_SYNONYMS.items()))
                cursor.execute(ERRORS_SQL.format(scope=scope), params)
                errors = cursor.fetchall()
            if errors:
                _report(geo_import, staged, errors)
                return {"ok": False, "errors": len(errors)}
            counts = _write(staged)
            cycles = _rebuild_tree()
            if cycles:
                # Undo everything written above; the report names the units.
                transaction.set_rollback(True)
        if cycles:
            with transaction.atomic():
                _report(geo_import, staged, [(0, "cycle", code) for code in cycles])
            return {"ok": False, "errors": len(cycles)}
        geo_import.status = GeographyImport.Status.DONE
        geo_import.created, geo_import.updated, geo_import.unchanged = counts
        geo_import.error_count, geo_import.error_message = 0, ""
        geo_import.save()
        audit_record(
            actor=user,
            action=AuditEvent.Action.IMPORT,
            obj=geo_import,
            source_ref=f"geography-{geo_import.pk}",
            message=f"Geografía electoral: {counts[0]} nuevas, {counts[1]} actualizadas, {counts[2]} sin cambios",
        )
        return {"ok": True, "created": counts[0], "updated": counts[1], "unchanged": counts[2]}
    except ImportRefused as exc:
        geo_import.status = GeographyImport.Status.FAILED
        geo_import.error_message = str(exc)
        geo_import.save(update_fields=["status", "error_message"])
        return {"ok": False, "error": str(exc)}


def _write(staged) -> tuple[int, int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM geo_stage")
        total = cursor.fetchone()[0]
        cursor.execute(
            """
            WITH upserted AS (
                INSERT INTO electoral_electoralunit
                    (code, name, kind, path, depth, territory_id, registered_voters, address, is_priority, updated_at)
                SELECT g.code, left(g.name, 200), k.kind, '', 0, t.id,
                       CASE WHEN coalesce(g.registered, '') = '' THEN 0 ELSE trim(g.registered)::integer END,
                       left(coalesce(g.address, ''), 250),
                       lower(coalesce(g.priority, '')) IN ('si', 'sí', 'x', '1', 'true', 'yes', 'prioritario'),
                       now()
                FROM geo_stage g
                JOIN geo_kinds k ON k.name = translate(lower(trim(g.kind)), 'áéíóúüñ', 'aeiouun')
                LEFT JOIN core_territory t ON t.code = g.territory_code
                ON CONFLICT (code) DO UPDATE SET
                    name = EXCLUDED.name, kind = EXCLUDED.kind,
                    territory_id = coalesce(EXCLUDED.territory_id, electoral_electoralunit.territory_id),
                    registered_voters = CASE WHEN EXCLUDED.kind IN ('table', 'casilla') OR EXCLUDED.registered_voters > 0
                         THEN EXCLUDED.registered_voters ELSE electoral_electoralunit.registered_voters END,
                    address = EXCLUDED.address,
                    is_priority = EXCLUDED.is_priority, updated_at = now()
                WHERE (electoral_electoralunit.name, electoral_electoralunit.kind, electoral_electoralunit.registered_voters,
                       electoral_electoralunit.address, electoral_electoralunit.is_priority)
                      IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind, CASE WHEN EXCLUDED.kind IN ('table', 'casilla') OR EXCLUDED.registered_voters > 0
                         THEN EXCLUDED.registered_voters ELSE electoral_electoralunit.registered_voters END,
                                        EXCLUDED.address, EXCLUDED.is_priority)
                   OR (EXCLUDED.territory_id IS NOT NULL
                       AND electoral_electoralunit.territory_id IS DISTINCT FROM EXCLUDED.territory_id)
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM upserted
            """
        )
        created, updated = cursor.fetchone()
        cursor.execute(
            """
            UPDATE electoral_electoralunit u SET parent_id = p.id
            FROM geo_stage g LEFT JOIN electoral_electoralunit p ON p.code = g.parent_code
            WHERE u.code = g.code AND u.parent_id IS DISTINCT FROM p.id
            """
        )
    return created, updated, total - created - updated


def geography_rebuild() -> list[str]:
    """Recompute paths, inherited territories, upper-level registered voters and table counts (whole tree)."""
    return _rebuild_tree()


def _rebuild_tree() -> list[str]:
    """Paths, depths, inherited territories and the registered voters of upper levels, for the whole tree.

    Returns the codes of units unreachable from a root (a parent cycle), which the caller refuses.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH RECURSIVE tree AS (
                SELECT id, lpad(id::text, 10, '0') || '/' AS path, 0 AS depth, territory_id
                FROM electoral_electoralunit WHERE parent_id IS NULL
                UNION ALL
                SELECT c.id, t.path || lpad(c.id::text, 10, '0') || '/', t.depth + 1,
                       coalesce(c.territory_id, t.territory_id)
                FROM electoral_electoralunit c JOIN tree t ON c.parent_id = t.id
                WHERE t.depth < 20
            )
            UPDATE electoral_electoralunit u
            SET path = tree.path, depth = tree.depth, territory_id = tree.territory_id
            FROM tree
            WHERE u.id = tree.id
              AND (u.path, u.depth, u.territory_id) IS DISTINCT FROM (tree.path, tree.depth, tree.territory_id)
            """
        )
        cursor.execute(
            """
            WITH RECURSIVE tree AS (
                SELECT id, 0 AS depth FROM electoral_electoralunit WHERE parent_id IS NULL
                UNION ALL
                SELECT c.id, t.depth + 1 FROM electoral_electoralunit c JOIN tree t ON c.parent_id = t.id WHERE t.depth < 20
            )
            SELECT code FROM electoral_electoralunit u WHERE NOT EXISTS (SELECT 1 FROM tree WHERE tree.id = u.id)
            ORDER BY code LIMIT 100
            """
        )
        cycles = [row[0] for row in cursor.fetchall()]
        if cycles:
            return cycles
        cursor.execute(
            """
            UPDATE electoral_electoralunit a SET registered_voters = x.registered
            FROM (
                SELECT left(t.path, 11 * (d + 1)) AS p, SUM(t.registered_voters) AS registered
                FROM electoral_electoralunit t CROSS JOIN LATERAL generate_series(0, t.depth - 1) AS d
                WHERE t.kind IN ('table', 'casilla')
                GROUP BY 1
            ) x
            WHERE a.path = x.p AND a.registered_voters IS DISTINCT FROM x.registered
            """
        )
        cursor.execute(
            """
            UPDATE electoral_electoralunit p SET table_count = coalesce(x.n, 0)
            FROM electoral_electoralunit p2
            LEFT JOIN (
                SELECT parent_id, count(*) AS n FROM electoral_electoralunit
                WHERE kind IN ('table', 'casilla') GROUP BY parent_id
            ) x ON x.parent_id = p2.id
            WHERE p.id = p2.id AND p.table_count IS DISTINCT FROM coalesce(x.n, 0)
            """
        )
    coverage_refresh_all_elections()
    return []


def _report(geo_import: GeographyImport, staged, errors: list) -> None:
    lines = {line for line, *_rest in errors}
    originals = original_rows(staged, lines)
    rows = ((line, originals.get(line, []), _message(code, value)) for line, code, value in errors[:50_000])
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as handle:
        path = handle.name
    try:
        write_error_report(path, header=staged.header, rows=rows)
        with open(path, "rb") as report:
            geo_import.error_report.save(f"errores-geografia-{geo_import.pk}.xlsx", File(report), save=False)
    finally:
        os.unlink(path)
    line, code, value = errors[0]
    geo_import.status = GeographyImport.Status.FAILED
    geo_import.error_count = len(errors)
    geo_import.error_message = _("%(n)s rows refused; nothing was imported. First: row %(line)s: %(msg)s") % {
        "n": len(errors),
        "line": line,
        "msg": _message(code, value),
    }
    geo_import.save()
