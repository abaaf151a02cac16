"""Excel exports: the poll-watcher list in the authority's format and the analysis table.

Every text cell passes core.tabular's `safe_cell` (formula injection: = + - @ tab CR get a quote).
"""

from __future__ import annotations

from core.tabular import workbook_bytes

AUTHORITY_HEADER = [
    "DEPARTAMENTO",
    "MUNICIPIO",
    "PUESTO DE VOTACIÓN",
    "CÓDIGO PUESTO",
    "MESA",
    "TIPO DOCUMENTO",
    "NÚMERO DOCUMENTO",
    "NOMBRES",
    "APELLIDOS",
    "TELÉFONO",
    "CORREO",
    "CALIDAD",
    "CREDENCIAL",
]


def authority_list_xlsx(assignments) -> bytes:
    rows = []
    for a in assignments:
        w, unit = a.watcher, a.unit
        place = unit.parent if unit.is_table else unit
        territory = unit.territory
        rows.append(
            [
                territory.parent.name if territory and territory.parent_id else "",
                territory.name if territory else "",
                place.name if place else "",
                place.code if place else "",
                unit.code if unit.is_table else "",
                w.id_type,
                w.id_number,
                w.first_names,
                w.last_names,
                w.phone,
                w.email,
                w.get_role_display(),
                w.credential_number,
            ]
        )
    return workbook_bytes("Testigos", AUTHORITY_HEADER, rows)
