"""The columns of the electoral imports: their names in real files, their labels, and the unit key.

Official files name things their own way: the Registraduría (Colombia) writes "Cod. Departamento",
"Cod. Municipio", "Zona", "Puesto", "Mesa", "Potencial electoral" or "N° de inscritos"; the INE
(Mexico) writes "ID_ESTADO", "ID_DISTRITO", "SECCION", "CASILLA", "LISTA_NOMINAL", "TOTAL_VOTOS".
Headers are compared after `core.tabular.normalize_header` (no accents, case or punctuation), so
"N° de inscritos" is "n de inscritos".

A unit is found by its key ("Clave", "Código"). Files that split the key over several columns
(department, municipality, zone, place, table) get it composed: numeric parts are zero-padded to
their usual width, department and municipality are written together (DIVIPOLA 05 + 001 = 05001)
and the parts are joined with "-": 05, 001, 1, 1, 1 → 05001-01-01-001.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.tabular.mapping import ColumnField, duplicate_columns


@dataclass(frozen=True)
class KeyPart:
    name: str
    label: str
    pad: int
    synonyms: tuple[str, ...]


KEY_PARTS = (
    KeyPart(
        "region_part",
        gettext_lazy("Department or state code"),
        2,
        (
            "cod departamento",
            "codigo departamento",
            "cod depto",
            "codigo depto",
            "cod dpto",
            "id departamento",
            "id estado",
            "cod estado",
            "codigo estado",
            "id entidad",
        ),
    ),
    KeyPart(
        "municipality_part",
        gettext_lazy("Municipality code"),
        3,
        ("cod municipio", "codigo municipio", "cod mpio", "id municipio", "cod muni"),
    ),
    KeyPart(
        "district_part", gettext_lazy("District"), 2, ("id distrito", "cod distrito", "codigo distrito", "distrito")
    ),
    KeyPart("zone_part", gettext_lazy("Zone"), 2, ("zona", "cod zona", "codigo zona")),
    KeyPart("section_part", gettext_lazy("Section"), 4, ("seccion", "id seccion", "cod seccion", "seccion electoral")),
    KeyPart("place_part", gettext_lazy("Polling place"), 2, ("puesto", "cod puesto", "codigo puesto")),
    KeyPart(
        "table_part",
        gettext_lazy("Table or casilla"),
        3,
        ("mesa", "num mesa", "numero mesa", "no mesa", "n mesa", "casilla", "id casilla", "numero casilla"),
    ),
)
KEY_PART_NAMES = tuple(part.name for part in KEY_PARTS)
KEY_PART_SYNONYMS = {part.name: list(part.synonyms) for part in KEY_PARTS}
KEY_SYNONYMS = ["clave", "clave unidad", "clave mesa", "clave casilla", "id unidad", "codigo unidad"]


def _padded(value: str, pad: int) -> str:
    return value.zfill(pad) if value.isdigit() and len(value) < pad else value


def compose_key(*, values: Mapping[str, str]) -> str:
    """The unit key from its parts (part name → cell text), as `key_sql` builds it in PostgreSQL."""
    parts = [part for part in KEY_PARTS if part.name in values]
    texts = {part.name: str(values[part.name] or "").strip() for part in parts}
    if not parts or any(not text for text in texts.values()):
        return ""
    if len(parts) == 1:
        return texts[parts[0].name]
    pieces = []
    for part in parts:
        text = _padded(texts[part.name], part.pad)
        if part.name == "municipality_part" and "region_part" in texts:
            pieces[-1] += text
        else:
            pieces.append(text)
    return "-".join(pieces)


def key_sql(*, columns: Mapping[str, int]) -> str | None:
    """The SQL expression (over the raw columns c0, c1, …) of the key composed from its parts."""
    parts = [part for part in KEY_PARTS if part.name in columns]
    if not parts:
        return None
    cells = {part.name: f"trim(c{int(columns[part.name])})" for part in parts}
    if len(parts) == 1:
        return f"nullif({cells[parts[0].name]}, '')"
    pieces: list[str] = []
    for part in parts:
        cell = cells[part.name]
        text = f"(CASE WHEN {cell} ~ '^[0-9]+$' AND length({cell}) < {part.pad} THEN lpad({cell}, {part.pad}, '0') ELSE {cell} END)"
        if part.name == "municipality_part" and "region_part" in cells:
            pieces[-1] += f" || {text}"
        else:
            pieces.append(text)
    empty = " OR ".join(f"{cell} = ''" for cell in cells.values())
    joined = " || '-' || ".join(pieces)
    return f"(CASE WHEN {empty} THEN NULL ELSE {joined} END)"


def example_key(*, columns: Mapping[str, int], row: Sequence) -> str:
    """The key the first data row gets with these columns (shown on the mapping page)."""
    values = {
        part.name: (row[columns[part.name]] if columns[part.name] < len(row) else "")
        for part in KEY_PARTS
        if part.name in columns
    }
    return compose_key(values=values)


def key_fields() -> list[ColumnField]:
    return [ColumnField(name=part.name, label=part.label) for part in KEY_PARTS]


def mapping_problems(
    *, mapping: Mapping[str, int], key_field: str, required: Sequence[tuple[str, ...]], labels: Mapping[str, str]
) -> list[str]:
    """What is missing before an import can run. `required` lists groups of alternatives: one of
    each group must have a column (the key may come from its own column or from its parts)."""
    problems = []
    for group in required:
        if any(name in mapping for name in group):
            continue
        if key_field in group and any(name in mapping for name in KEY_PART_NAMES):
            continue
        problems.append(_("Choose the column of: %(field)s.") % {"field": " / ".join(str(labels[n]) for n in group)})
    if duplicate_columns(mapping):
        problems.append(_("The same column is chosen for two fields."))
    return problems


def missing_columns_message(
    *, mapping: Mapping[str, int], key_field: str, required: Sequence[tuple[str, ...]], labels: Mapping[str, str]
) -> str:
    """The refusal for a file read without the mapping step (API, tests): which columns are missing."""
    names = [
        " / ".join(str(labels[n]) for n in group)
        for group in required
        if not any(name in mapping for name in group)
        and not (key_field in group and any(name in mapping for name in KEY_PART_NAMES))
    ]
    return _("Columns missing in the file: %(names)s.") % {"names": ", ".join(names)}
