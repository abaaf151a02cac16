"""The electoral geography (catastro) import: COPY into staging, validate, upsert by code, rebuild paths.

Re-importing the same file changes nothing; a new file with new figures updates them
(registered voters, names, addresses) without creating anything twice.
"""

from __future__ import annotations

import os
import tempfile
from typing import TYPE_CHECKING

from django.core.files import File
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.audit import audit_record
from core.models import AuditEvent
from core.tabular import Limits, write_error_report
from core.tabular.mapping import ColumnField
from electoral.models import GeographyImport
from electoral.services import import_columns
from electoral.services.coverage import coverage_refresh_all_elections
from electoral.services.tabular_load import ImportSpec, columns_confirm, original_rows, staged_import_run

if TYPE_CHECKING:
    from core.models import User

GEO_FIELDS = {
    "code": ["codigo", "code", "cod", *import_columns.KEY_SYNONYMS, "id"],
    "name": ["nombre", "name", "descripcion", "nombre unidad", "nombre puesto", "nombre de la unidad"],
    "kind": ["tipo", "kind", "nivel", "type", "clase", "tipo de unidad"],
    "parent_code": ["codigo padre", "padre", "parent", "parent code", "cod padre", "pertenece a", "clave padre"],
    "territory_code": ["divipola", "codigo divipola", "territorio", "codigo territorio", "territory", "municipio dane"],
    "registered": [
        "inscritos",
        "n de inscritos",
        "no de inscritos",
        "nro de inscritos",
        "numero de inscritos",
        "total inscritos",
        "potencial electoral",
        "potencial",
        "registered voters",
        "registered",
        "electores",
        "lista nominal",
        "habilitados",
    ],
    "address": ["direccion", "address", "domicilio"],
    "priority": ["prioritario", "prioridad", "priority"],
    **import_columns.KEY_PART_SYNONYMS,
}
GEO_REQUIRED = (("code",),)
GEO_LABELS = {
    "code": gettext_lazy("Unit key (code)"),
    "name": gettext_lazy("Name"),
    "kind": gettext_lazy("Kind (mesa, puesto, zona…)"),
    "parent_code": gettext_lazy("Parent unit key"),
    "territory_code": gettext_lazy("Territory code (DIVIPOLA)"),
    "registered": gettext_lazy("Registered voters"),
    "address": gettext_lazy("Address"),
    "priority": gettext_lazy("Priority"),
    **{part.name: part.label for part in import_columns.KEY_PARTS},
}
GEO_HELP = {
    "code": gettext_lazy("Required, unless the file splits it into the columns below (department, municipality…)."),
    "name": gettext_lazy("Needed for new units; empty cells keep the stored name."),
    "kind": gettext_lazy("Needed for new units; empty cells keep the stored kind."),
    "registered": gettext_lazy(
        "If the file has no such column, the registered voters already stored are left as they are."
    ),
}


def geography_column_fields() -> list[ColumnField]:
    """The fields of the mapping page, in order; the key is required (or its parts)."""
    return [
        ColumnField(name=name, label=GEO_LABELS[name], help_text=GEO_HELP.get(name, ""))
        for name in GEO_FIELDS
        if name not in import_columns.KEY_PART_NAMES
    ] + import_columns.key_fields()


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
    SELECT g.*, k.kind AS kind_value, eu.id AS existing_id,
           CASE WHEN g.registered IS NULL THEN 0
                WHEN g.registered ~ '^\\s*[0-9]{{1,9}}\\s*$' THEN trim(g.registered)::integer END AS reg,
           row_number() OVER (PARTITION BY g.code ORDER BY g.line) AS n
    FROM geo_stage g
    LEFT JOIN geo_kinds k ON k.name = translate(lower(trim(g.kind)), 'áéíóúüñ', 'aeiouun')
    LEFT JOIN electoral_electoralunit eu ON eu.code = g.code
)
SELECT line, code, a FROM (
    SELECT line, 'no_code' AS code, '' AS a FROM s WHERE coalesce(s.code, '') = ''
    UNION ALL SELECT line, 'no_name', s.code FROM s WHERE s.name IS NULL AND s.existing_id IS NULL AND s.code <> ''
    UNION ALL SELECT line, 'no_kind', s.code FROM s WHERE s.kind IS NULL AND s.existing_id IS NULL AND s.code <> ''
    UNION ALL SELECT line, 'bad_kind', s.kind FROM s WHERE s.kind IS NOT NULL AND kind_value IS NULL
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
        "no_kind": _("The unit “%(v)s” is new: its kind is needed (mesa, puesto, zona, municipio…)."),
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


def _scope_sql(user: User) -> tuple[str, list]:
    if user is None or user.is_national:
        return "TRUE", []
    paths = [t.path + "%" for t in user.scope_territories]
    return " OR ".join(["t.path LIKE %s"] * len(paths)) or "FALSE", paths


def geography_columns_set(*, geo_import: GeographyImport, mapping: dict[str, int], actor: User) -> GeographyImport:
    """The user's column mapping (field → column index); the import then runs in the background."""
    from electoral.tasks import import_geography

    return columns_confirm(
        item=geo_import,
        mapping=mapping,
        actor=actor,
        spec=GEO_SPEC,
        task=import_geography,
        job_kind="electoral.geography_import",
    )


GEO_SPEC = ImportSpec(
    fields=GEO_FIELDS,
    required=GEO_REQUIRED,
    labels=GEO_LABELS,
    key_field="code",
    limits=GEO_LIMITS,
    stage="geo_stage",
)


class _Cycles(Exception):
    def __init__(self, codes: list[str]):
        super().__init__(codes)
        self.codes = codes


def geography_import_run(*, geo_import: GeographyImport, job_id: int | None = None) -> dict:
    user = geo_import.created_by

    def load(staged, columns: dict[str, int]) -> dict:
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
        notices = _notices(columns)
        try:
            with transaction.atomic():  # a savepoint: a cycle undoes everything written here
                counts = _write(columns)
                cycles = _rebuild_tree()
                if cycles:
                    raise _Cycles(cycles)
        except _Cycles as exc:
            # The report names the units.
            _report(geo_import, staged, [(0, "cycle", code) for code in exc.codes])
            return {"ok": False, "errors": len(exc.codes)}
        geo_import.status = GeographyImport.Status.DONE
        geo_import.created, geo_import.updated, geo_import.unchanged = counts
        geo_import.error_count, geo_import.error_message = 0, ""
        geo_import.notices = notices
        geo_import.save()
        audit_record(
            actor=user,
            action=AuditEvent.Action.IMPORT,
            obj=geo_import,
            source_ref=f"geography-{geo_import.pk}",
            message=_("Electoral geography: %(new)s new, %(updated)s updated, %(same)s unchanged")
            % {"new": counts[0], "updated": counts[1], "same": counts[2]},
        )
        return {"ok": True, "created": counts[0], "updated": counts[1], "unchanged": counts[2]}

    return staged_import_run(item=geo_import, spec=GEO_SPEC, job_id=job_id, load=load)


def _notices(columns: dict[str, int]) -> list[str]:
    """What the import leaves as it was, said before writing (the stage still holds the file)."""
    notices = []
    if "registered" not in columns:
        notices.append(
            _("The file has no column of registered voters: the registered voters already stored were not changed.")
        )
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM geo_stage g JOIN electoral_electoralunit u ON u.code = g.code "
                "WHERE g.registered IS NULL"
            )
            kept = cursor.fetchone()[0]
        if kept:
            notices.append(
                ngettext(
                    "%(n)s row has no registered voters: the stored figure was kept.",
                    "%(n)s rows have no registered voters: the stored figures were kept.",
                    kept,
                )
                % {"n": f"{kept:,}".replace(",", ".")}
            )
    return notices


def _write(columns: dict[str, int]) -> tuple[int, int, int]:
    """Upsert the staged units. A field without a column, or an empty cell, keeps what is stored:
    each row is merged with the unit it updates before the upsert (new units get 0 voters)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM geo_stage")
        total = cursor.fetchone()[0]
        cursor.execute(
            """
            WITH upserted AS (
                INSERT INTO electoral_electoralunit
                    (code, name, kind, path, depth, territory_id, registered_voters, address, is_priority, updated_at)
                SELECT g.code, left(coalesce(g.name, eu.name), 200), coalesce(k.kind, eu.kind), '', 0,
                       coalesce(t.id, eu.territory_id),
                       coalesce(trim(g.registered)::integer, eu.registered_voters, 0),
                       left(coalesce(g.address, eu.address, ''), 250),
                       CASE WHEN g.priority IS NULL THEN coalesce(eu.is_priority, FALSE)
                            ELSE lower(g.priority) IN ('si', 'sí', 'x', '1', 'true', 'yes', 'prioritario') END,
                       now()
                FROM geo_stage g
                LEFT JOIN geo_kinds k ON k.name = translate(lower(trim(g.kind)), 'áéíóúüñ', 'aeiouun')
                LEFT JOIN electoral_electoralunit eu ON eu.code = g.code
                LEFT JOIN core_territory t ON t.code = g.territory_code
                ON CONFLICT (code) DO UPDATE SET
                    name = EXCLUDED.name, kind = EXCLUDED.kind, territory_id = EXCLUDED.territory_id,
                    registered_voters = EXCLUDED.registered_voters, address = EXCLUDED.address,
                    is_priority = EXCLUDED.is_priority, updated_at = now()
                WHERE (electoral_electoralunit.name, electoral_electoralunit.kind, electoral_electoralunit.territory_id,
                       electoral_electoralunit.registered_voters, electoral_electoralunit.address,
                       electoral_electoralunit.is_priority)
                      IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.kind, EXCLUDED.territory_id, EXCLUDED.registered_voters,
                                        EXCLUDED.address, EXCLUDED.is_priority)
                RETURNING (xmax = 0) AS inserted
            )
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM upserted
            """
        )
        created, updated = cursor.fetchone()
        if "parent_code" in columns:
            cursor.execute(
                """
                UPDATE electoral_electoralunit u SET parent_id = p.id
                FROM geo_stage g JOIN electoral_electoralunit p ON p.code = g.parent_code
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
    originals = original_rows(staged=staged, lines=lines)
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
        # Rows, not problems: one row may break several rules (each has its line in the report).
        "n": len(lines),
        "line": line,
        "msg": _message(code, value),
    }
    geo_import.save()
