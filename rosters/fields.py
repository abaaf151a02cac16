"""The roster's columns (by their many real names) and the validation of one line.

This is the hot loop of the importer (a million lines): plain functions, no ORM, and each
line becomes one line of PostgreSQL COPY text for the staging table.
"""

from __future__ import annotations

import datetime
import json
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text import clean_text, looks_like_formula
from militancia.identity import (
    PERSON_VALUES,
    IdType,
    InvalidIdNumber,
    clean_person_name,
    fold,
    normalize_id_number,
    normalize_phone,
    search_name,
)

# Field → header synonyms (normalized by core.tabular.headers.normalize_header).
ROSTER_FIELDS: dict[str, list[str]] = {
    "id_type": ["tipo de documento", "tipo documento", "tipo doc", "tipo de identificacion", "tipo id", "tipo"],
    "id_number": [
        "cedula",
        "no de cedula",
        "no cedula",
        "numero de cedula",
        "nro de cedula",
        "n de cedula",
        "cedula de ciudadania",
        "c c",
        "cc",
        "documento",
        "no de documento",
        "numero de documento",
        "nro documento",
        "numero de identificacion",
        "no de identificacion",
        "identificacion",
        "documento de identidad",
    ],
    "first_names": ["nombres", "nombre", "primer y segundo nombre"],
    "last_names": ["apellidos", "apellido", "primer y segundo apellido"],
    "full_name": ["nombre completo", "nombres y apellidos", "nombre y apellidos", "nombres completos"],
    "phone": ["telefono", "celular", "telefono celular", "movil", "tel", "numero de celular", "whatsapp", "contacto"],
    "email": ["correo", "correo electronico", "email", "e mail", "mail"],
    "municipality": [
        "municipio",
        "ciudad",
        "municipio de residencia",
        "codigo municipio",
        "cod municipio",
        "divipola",
        "codigo divipola",
    ],
    "birth_date": ["fecha de nacimiento", "fecha nacimiento", "f nacimiento", "nacimiento", "fecha de nac"],
    "sex": ["sexo", "genero"],
    "address": ["direccion", "direccion de residencia", "domicilio"],
}

FIELD_LABELS = {
    "id_type": gettext_lazy("Document type"),
    "id_number": gettext_lazy("ID number"),
    "first_names": gettext_lazy("First names"),
    "last_names": gettext_lazy("Last names"),
    "full_name": gettext_lazy("Full name"),
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("E-mail"),
    "municipality": gettext_lazy("Municipality"),
    "birth_date": gettext_lazy("Birth date"),
    "sex": gettext_lazy("Sex"),
    "address": gettext_lazy("Address"),
}

# The staging table's columns, in the order of the COPY lines built below.
COPY_COLUMNS = (
    "upload_id",
    "line",
    "kind",
    "errors",
    "raw",
    "id_type",
    *PERSON_VALUES,
    "territory_id",
    "outcome",
    "member_id",
)

_ID_TYPES = {
    "cc": IdType.CC,
    "c c": IdType.CC,
    "cedula": IdType.CC,
    "cedula de ciudadania": IdType.CC,
    "ce": IdType.CE,
    "c e": IdType.CE,
    "cedula de extranjeria": IdType.CE,
    "ti": IdType.TI,
    "t i": IdType.TI,
    "tarjeta de identidad": IdType.TI,
    "pa": IdType.PA,
    "pasaporte": IdType.PA,
    "pp": IdType.PA,
    "pep": IdType.PEP,
    "ppt": IdType.PPT,
}
_SEXES = {
    "m": "M",
    "masculino": "M",
    "hombre": "M",
    "h": "M",
    "f": "F",
    "femenino": "F",
    "mujer": "F",
    "x": "X",
    "otro": "X",
    "no binario": "X",
    "o": "X",
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DATE_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_DATE_YMD = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def mapping_problems(mapping: dict[str, int], *, needs_municipality: bool) -> list[str]:
    """What the user must still map before validating (empty when the mapping is complete)."""
    problems = []
    if "id_number" not in mapping:
        problems.append(_("Choose the column with the ID number."))
    if "full_name" not in mapping and not ("first_names" in mapping and "last_names" in mapping):
        problems.append(_("Choose the first-names and last-names columns, or the full-name column."))
    if needs_municipality and "municipality" not in mapping:
        problems.append(_("The roster is for a department or the country: choose the municipality column."))
    columns = list(mapping.values())
    if len(columns) != len(set(columns)):
        problems.append(_("The same column is chosen for two fields."))
    return problems


def _fold_key(text) -> str:
    return _NON_ALNUM.sub(" ", fold(str(text))).strip()


class MunicipalityResolver:
    """Municipality names or DIVIPOLA codes → territory id, within the upload's territory."""

    def __init__(self, municipalities: list[tuple[int, str, str, str]], default: int | None):
        """`municipalities`: (id, code, name, department name) of every municipality in scope."""
        self.default = default
        self.by_code: dict[str, int] = {}
        self.by_name: dict[str, int | None] = {}
        for pk, code, name, department in municipalities:
            self.by_code[code] = pk
            key = _fold_key(name)
            # None marks a name shared by two municipalities in scope: ambiguous without the code.
            self.by_name[key] = None if key in self.by_name and self.by_name[key] != pk else pk
            department_key = _fold_key(department)
            for joined in (f"{key} {department_key}", f"{department_key} {key}"):
                self.by_name[joined] = pk
        self.cache: dict = {}

    def resolve(self, raw):
        """(territory id, error message or None)."""
        if raw is None or raw == "":
            if self.default is not None:
                return self.default, None
            return None, _("The municipality is empty.")
        cached = self.cache.get(raw)
        if cached is not None:
            return cached
        result = self._resolve(raw)
        if len(self.cache) < 20000:
            self.cache[raw] = result
        return result

    def _resolve(self, raw):
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        text = str(raw).strip()
        if text.isdigit():
            pk = self.by_code.get(text.zfill(5))
            if pk is not None:
                return pk, None
            return None, _("No municipality with code %(code)s in this roster's territory.") % {"code": text}
        key = _fold_key(text)
        if key in self.by_name:
            pk = self.by_name[key]
            if pk is None:
                return None, _("“%(name)s” is the name of several municipalities: use its DIVIPOLA code.") % {
                    "name": text
                }
            return pk, None
        return None, _("“%(name)s” is not a municipality of this roster's territory.") % {"name": text}


def parse_birth_date(raw, today: datetime.date) -> datetime.date | None:
    """Text ("15/03/1980", "1980-03-15") or an Excel serial number; ValueError with a message."""
    if raw is None or raw == "":
        return None
    value = None
    if isinstance(raw, bool):
        raise ValueError(_("Not a date."))
    if isinstance(raw, (int, float)):
        if 1 <= raw < 80000:
            value = _EXCEL_EPOCH + datetime.timedelta(days=int(raw))
    else:
        text = str(raw).strip()
        try:
            if match := _DATE_YMD.match(text):
                value = datetime.date(int(match[1]), int(match[2]), int(match[3]))
            elif match := _DATE_DMY.match(text):
                value = datetime.date(int(match[3]), int(match[2]), int(match[1]))
            elif text.replace(".", "", 1).isdigit():
                return parse_birth_date(float(text), today)
        except ValueError as exc:
            raise ValueError(_("“%(value)s” is not a valid date.") % {"value": text}) from exc
    if value is None:
        raise ValueError(_("“%(value)s” is not a date (use day/month/year).") % {"value": raw})
    if value > today or value.year < today.year - 120:
        raise ValueError(_("The birth date %(date)s is not plausible.") % {"date": value.strftime("%d/%m/%Y")})
    return value


def split_full_name(text: str) -> tuple[str, str]:
    """ "JOSÉ MARÍA PÉREZ GÓMEZ" → ("José María", "Pérez Gómez"): the last two words are surnames."""
    words = text.split()
    if len(words) <= 1:
        return text, ""
    if len(words) == 2:
        return words[0], words[1]
    return " ".join(words[:-2]), " ".join(words[-2:])


def _plain_cedula(raw) -> str | None:
    """The common cédula forms (a number cell, plain digits) without the general normalizer's
    work; None sends anything else to `normalize_id_number` (same result, just slower)."""
    if type(raw) is float and raw.is_integer() and raw > 0:
        text = str(int(raw))
    elif type(raw) is int and raw > 0:
        text = str(raw)
    elif type(raw) is str and raw.isascii() and raw.isdigit() and raw[0] != "0":
        text = raw
    else:
        return None
    return text if 3 <= len(text) <= 10 else None


def _plain_phone(raw) -> str | None:
    """A 7- or 10-digit Colombian number as a number cell or plain digits; None otherwise."""
    if type(raw) is float and raw.is_integer() and raw > 0:
        text = str(int(raw))
    elif type(raw) is str and raw.isascii() and raw.isdigit():
        text = raw
    else:
        return None
    if len(text) in (7, 10) and not text.startswith("00"):
        return "+57" + text
    return None


def _copy_text(value: str) -> str:
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class RowValidator:
    """Turns one line's cells into a COPY line of normalized values, or of errors per field."""

    def __init__(
        self, *, upload_id: int, mapping: dict[str, int], resolver: MunicipalityResolver, member_ids, today=None
    ):
        """`member_ids` yields ids drawn from the member sequence: a valid row carries the id its
        member will get if the import creates it (so the import needs no lookup to link them)."""
        self.member_ids = iter(member_ids)
        self.upload_id = str(upload_id)
        self.mapping = mapping
        self.resolver = resolver
        self.today = today or datetime.date.today()
        self.get = {field: mapping.get(field) for field in ROSTER_FIELDS}
        self.names: dict = {}
        self.dates: dict = {}

    def _name(self, raw) -> tuple[str, str]:
        """(clean name, folded name), memoized: first names and surnames repeat a lot."""
        hit = self.names.get(raw)
        if hit is None:
            clean = clean_person_name(raw)
            hit = (clean, fold(clean))
            if len(self.names) < 200_000:
                self.names[raw] = hit
        return hit

    def _birth(self, raw):
        """A date, None, or the error message; memoized (a roster has few distinct dates)."""
        try:
            return self.dates[raw]
        except KeyError:
            pass
        except TypeError:  # unhashable: cannot happen with spreadsheet cells, but stay safe
            raw = str(raw)
        try:
            value = parse_birth_date(raw, self.today)
        except ValueError as exc:
            value = str(exc)
        if len(self.dates) < 100_000:
            self.dates[raw] = value
        return value

    def _cell(self, cells, field):
        index = self.get[field]
        if index is None:
            return None
        try:
            return cells[index]
        except IndexError:  # calamine and CSV rows stop at their last non-empty cell
            return None

    def copy_line(self, line: int, cells: list) -> tuple[str, bool]:
        """(COPY text line, is_valid)."""
        errors = {}
        cell = self._cell

        id_type = IdType.CC
        raw_type = cell(cells, "id_type")
        if raw_type not in (None, ""):
            id_type = _ID_TYPES.get(_fold_key(raw_type))
            if id_type is None:
                errors["id_type"] = _("Unknown document type “%(value)s” (use CC, CE, TI, PA, PEP or PPT).") % {
                    "value": raw_type
                }
                id_type = IdType.CC
        raw_number = cell(cells, "id_number")
        id_number = _plain_cedula(raw_number) if id_type == IdType.CC else None
        if id_number is None:
            try:
                id_number = normalize_id_number(id_type, raw_number)
            except InvalidIdNumber as exc:
                errors["id_number"] = str(exc)
                id_number = ""

        if self.get["full_name"] is not None and self.get["first_names"] is None:
            first, last = split_full_name(clean_person_name(cell(cells, "full_name")))
            first_folded, last_folded = fold(first), fold(last)
        else:
            first, first_folded = self._name(cell(cells, "first_names"))
            last, last_folded = self._name(cell(cells, "last_names"))
        if looks_like_formula(first):
            errors["first_names"] = _("The first names look like a spreadsheet formula.")
        elif not first:
            errors["first_names"] = _("The first names are empty.")
        elif len(first) > 120:
            errors["first_names"] = _("The first names are too long (at most 120 characters).")
        if looks_like_formula(last):
            errors["last_names"] = _("The last names look like a spreadsheet formula.")
        elif not last:
            errors["last_names"] = _("The last names are empty.")
        elif len(last) > 120:
            errors["last_names"] = _("The last names are too long (at most 120 characters).")

        phone = ""
        raw_phone = cell(cells, "phone")
        if raw_phone not in (None, ""):
            phone = _plain_phone(raw_phone)
            if phone is None:
                try:
                    phone = normalize_phone(raw_phone)
                except ValueError as exc:
                    errors["phone"] = str(exc)
                    phone = ""

        email = _text(cell(cells, "email")).lower()
        if email and (len(email) > 254 or not _EMAIL.match(email)):
            errors["email"] = _("“%(value)s” is not a valid e-mail address.") % {"value": email}
            email = ""

        territory_id, problem = self.resolver.resolve(cell(cells, "municipality"))
        if problem:
            errors["municipality"] = problem

        birth = self._birth(cell(cells, "birth_date"))
        if isinstance(birth, str):
            errors["birth_date"] = birth
            birth = None

        sex = ""
        raw_sex = cell(cells, "sex")
        if raw_sex not in (None, ""):
            sex = _SEXES.get(_fold_key(raw_sex), "")
            if not sex:
                errors["sex"] = _("Unknown sex “%(value)s” (use M, F or X).") % {"value": raw_sex}

        address = " ".join(clean_text(_text(cell(cells, "address"))).split())[:250]
        if looks_like_formula(address):
            errors["address"] = _("The address looks like a spreadsheet formula.")

        if errors:
            raw = json.dumps([c if not isinstance(c, str) else c[:500] for c in cells], ensure_ascii=False)
            fields = (
                self.upload_id,
                str(line),
                "invalid",
                _copy_text(json.dumps(errors, ensure_ascii=False)),
                _copy_text(raw),
                id_type,
                _copy_text(id_number[:20]),
                _copy_text(first[:120]),
                _copy_text(last[:120]),
                "",
                birth.isoformat() if birth else "\\N",
                sex,
                phone,
                _copy_text(email[:254]),
                _copy_text(address),
                str(territory_id) if territory_id else "\\N",
                "",
                "\\N",
            )
            return "\t".join(fields) + "\n", False
        fields = (
            self.upload_id,
            str(line),
            "new",
            "\\N",
            "\\N",
            id_type,
            id_number,
            _copy_text(first),
            _copy_text(last),
            _copy_text(f"{first_folded} {last_folded}" if first_folded and last_folded else search_name(first, last)),
            birth.isoformat() if birth else "\\N",
            sex,
            phone,
            _copy_text(email),
            _copy_text(address),
            str(territory_id),
            "",
            str(next(self.member_ids)),
        )
        return "\t".join(fields) + "\n", True
