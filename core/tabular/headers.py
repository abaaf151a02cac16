"""Finding the header row and mapping columns by the names people give them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalize_header(text) -> str:
    """ "  No. de Cédula " → "no de cedula": lowercase, no accents, punctuation as single spaces."""
    if text is None:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _NON_ALNUM.sub(" ", stripped).strip()


def map_columns(header: Sequence, fields: Mapping[str, Sequence[str]]) -> dict[str, int]:
    """{field: column index} for the header cells that name a field.

    `fields` maps each field to its synonyms (any spelling: they are normalized here). An exact
    match wins; otherwise a header that starts with a synonym followed by more words
    ("CÉDULA DE CIUDADANÍA" for "cédula"). Each column serves one field at most.
    """
    names = [normalize_header(cell) for cell in header]
    synonyms = {field: [normalize_header(s) for s in spellings] for field, spellings in fields.items()}
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for field, spellings in synonyms.items():
        for index, name in enumerate(names):
            if index not in used and name and name in spellings:
                mapping[field] = index
                used.add(index)
                break
    for field, spellings in synonyms.items():
        if field in mapping:
            continue
        for index, name in enumerate(names):
            if index not in used and name and any(name.startswith(s + " ") for s in spellings if s):
                mapping[field] = index
                used.add(index)
                break
    return mapping


def find_header_row(
    rows: Sequence[tuple[int, Sequence]], fields: Mapping[str, Sequence[str]], min_matches: int = 2
) -> tuple[int, int, dict[str, int]] | None:
    """(position in `rows`, line number, mapping) of the row naming the most fields.

    `rows` are (line, cells) pairs from the top of the sheet, so title rows above the header
    ("PLANILLA DE AFILIADOS - ANTIOQUIA") are skipped. None when no row names `min_matches` fields.
    """
    best = None
    for position, (line, cells) in enumerate(rows):
        mapping = map_columns(cells, fields)
        if len(mapping) >= min_matches and (best is None or len(mapping) > len(best[2])):
            best = (position, line, mapping)
    return best
