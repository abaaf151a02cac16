"""Identity documents and the normalization of what people type into forms and rosters.

Pure functions, no database: the roster importer calls them on millions of rows.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.cl import rut as cl_rut
from stdnum.mx import curp as mx_curp

from core.text import clean_text


class IdType(models.TextChoices):
    CC = "CC", _("Cédula de ciudadanía")
    CE = "CE", _("Cédula de extranjería")
    TI = "TI", _("Tarjeta de identidad")
    PA = "PA", _("Pasaporte")
    PEP = "PEP", _("Permiso especial de permanencia")
    PPT = "PPT", _("Permiso por protección temporal")
    # Other countries (the registry is extensible by country).
    RUT = "RUT", _("RUT (Chile)")
    CURP = "CURP", _("CURP (México)")


class InvalidIdNumber(ValueError):
    """The text cannot be a document number of that type; the message is for the user."""


# A person's identity and contact fields, in the order forms, exports and the API show them.
PERSON_FIELDS = ("id_type", "id_number", "first_names", "last_names", "birth_date", "sex", "phone", "email", "address")
# The same person's values as stored wherever a copy of them is kept (with the accent-free search
# name): what the data report lists and a suppression erases.
PERSON_VALUES = (
    "id_number",
    "first_names",
    "last_names",
    "search_name",
    "birth_date",
    "sex",
    "phone",
    "email",
    "address",
)
# The consent evidence and the biometric files a member's record carries (files and their notes).
CONSENT_AND_BIOMETRIC_FIELDS = ("consent_evidence", "consent_file", "photo", "signature", "fingerprint")

_NUMERIC_TYPES = {IdType.CC, IdType.TI, IdType.CE}
_ALNUM = re.compile(r"[^0-9A-Z]")
_FLOAT_TAIL = re.compile(r"\.0+$")


def normalize_id_number(id_type: str, raw) -> str:
    """The canonical form of a document number, or InvalidIdNumber.

    "1.020.304.050", "1020304050.0", " 1020304050 " and 1020304050 (a number cell in Excel)
    are the same cédula.
    """
    if raw is None:
        raise InvalidIdNumber(_("The ID number is empty."))
    if isinstance(raw, float):
        if not raw.is_integer():
            raise InvalidIdNumber(_("The ID number has decimals."))
        raw = int(raw)
    text = str(raw).strip().upper()
    if not text:
        raise InvalidIdNumber(_("The ID number is empty."))
    if id_type == IdType.CC or id_type == IdType.TI:
        text = _FLOAT_TAIL.sub("", text.replace(" ", ""))
        text = text.replace(".", "").replace(",", "").replace("-", "")
        if not text.isdigit():
            raise InvalidIdNumber(_("A cédula has only digits."))
        text = text.lstrip("0") or "0"
        if not 3 <= len(text) <= 10:
            raise InvalidIdNumber(_("A cédula has between 3 and 10 digits."))
        return text
    if id_type == IdType.CE:
        text = _ALNUM.sub("", _FLOAT_TAIL.sub("", text))
        if not 3 <= len(text) <= 12:
            raise InvalidIdNumber(_("A foreigner's ID has between 3 and 12 characters."))
        return text
    if id_type == IdType.RUT:
        try:
            return cl_rut.compact(cl_rut.validate(text))
        except Exception as exc:
            raise InvalidIdNumber(_("The RUT is not valid (check digit).")) from exc
    if id_type == IdType.CURP:
        try:
            return mx_curp.validate(text)
        except Exception as exc:
            raise InvalidIdNumber(_("The CURP is not valid.")) from exc
    text = _ALNUM.sub("", text)
    if not 3 <= len(text) <= 20:
        raise InvalidIdNumber(_("The document number has between 3 and 20 letters or digits."))
    return text


def fold(text: str | None) -> str:
    """Lowercase, without accents, single spaces: "  José   PÉREZ " → "jose perez"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def search_name(first_names: str, last_names: str) -> str:
    return fold(f"{first_names} {last_names}")


def clean_person_name(text: str | None) -> str:
    """Names as people write them, tidied: NFC without invisible characters (core.text), single
    spaces, Title Case when typed all in one case."""
    value = " ".join(clean_text(text).split())
    if value and (value.isupper() or value.islower()):
        value = " ".join(part.capitalize() for part in value.split(" "))
    return value


_PHONE_DIGITS = re.compile(r"\D")


def normalize_phone(raw, default_country_code: str = "57") -> str:
    """E.164-ish: "+57 300 123 4567", "3001234567", "300-123-4567" → "+573001234567"; "" when empty.

    Raises InvalidIdNumber's sibling ValueError with a user message when it cannot be a phone.
    """
    if raw is None or str(raw).strip() == "":
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    digits = _PHONE_DIGITS.sub("", text)
    if text.startswith("+"):
        number = digits
    elif digits.startswith("00"):
        number = digits[2:]
    elif len(digits) in (7, 10):
        number = default_country_code + digits
    else:
        number = digits
    if not 8 <= len(number) <= 15:
        raise ValueError(_("The phone number must have 7 or 10 digits (or start with + and the country code)."))
    return f"+{number}"
