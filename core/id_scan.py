"""Reading a Colombian cédula: the PDF417 barcode on the back of the yellow cédula and the MRZ
(ICAO 9303, TD1) on the back of the digital cédula.

One parser for every input: what a USB/Bluetooth scanner types into the page (keyboard
emulation), the bytes the camera path decodes from a photo with zxing-cpp, and the MRZ lines
an MRZ reader types. Pure functions, no database; the caller maps the result onto its form.

The PDF417 payload (531 bytes, latin-1, reverse-engineered publicly; the Registraduría does
not publish it) is fixed-width, each field padded with NUL bytes:

    0–2     header: "02"/"03" cédula de ciudadanía, "I3" tarjeta de identidad
    2–10    AFIS code
    24–32   "PubDSK_1"
    40–48   fingerprint card number
    48–58   document number, zero-padded
    58–81   first surname        81–104  second surname
    104–127 first name           127–150 second name
    150     "0"   151  sex (M/F)   152–160 birth date YYYYMMDD
    160–166 birthplace code (pre-2011 DIVIPOLA)   166–169 blood type ("O+", "AB-")
    169–    fingerprint template (binary)

The tarjeta de identidad ("I3") carries the same fields one byte later from the first surname.
A scanner in keyboard mode cannot type a NUL: depending on its setting it sends each one as a
space (the layout survives), as Ctrl+@ (the page turns it back into NUL) or drops it. When the
NULs are gone the names run together and cannot be split: the number, birth date and sex are
still read and the result says the names must be typed.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from PIL import Image

PDF417_MARK = "PubDSK_"
PDF417_MARK_AT = 24
PDF417_MIN_LENGTH = 169

# Offsets of the cédula de ciudadanía; the tarjeta de identidad shifts the fields after the number by one.
_FIXED = {
    "id_number": (48, 58),
    "first_surname": (58, 81),
    "second_surname": (81, 104),
    "first_name": (104, 127),
    "second_name": (127, 150),
    "sex": (151, 152),
    "birth_date": (152, 160),
    "birthplace": (160, 166),
    "blood_type": (166, 169),
}
_HEADERS = {"02": "CC", "03": "CC", "I3": "TI"}
# The block after the names: "0", sex, birth date, birthplace code, blood type.
_TAIL = re.compile(r"^0?([MF])(\d{8})(\d{0,6})\W?((?:AB|A|B|O)[+-])?")
_BLOOD = re.compile(r"^(AB|A|B|O)[+-]$")
_NUL_RUNS = re.compile("\x00+")

MRZ_LINE = 30
_MRZ_VALUES = {**{str(d): d for d in range(10)}, **{chr(65 + i): 10 + i for i in range(26)}, "<": 0}
_MRZ_CHARS = re.compile(r"^[0-9A-Z<]{30}$")


class ScanError(ValueError):
    """What was read is not a cédula, or not read right; the message is for the operator."""


class BarcodeNotFound(ScanError):
    """The image holds no readable PDF417 (the camera keeps trying)."""


@dataclass(frozen=True)
class ScannedId:
    """The person's data as read from the document."""

    source: str  # "pdf417" or "mrz"
    id_type: str  # "CC" or "TI" (codes of militancia.identity.IdType)
    id_number: str
    first_surname: str = ""
    second_surname: str = ""
    first_name: str = ""
    second_name: str = ""
    birth_date: datetime.date | None = None
    sex: str = ""  # "M", "F" or "" (not stated)
    blood_type: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def first_names(self) -> str:
        return " ".join(part for part in (self.first_name, self.second_name) if part)

    @property
    def last_names(self) -> str:
        return " ".join(part for part in (self.first_surname, self.second_surname) if part)


def read_scan(payload: str | bytes) -> ScannedId:
    """Whatever a scanner or the camera produced: the PDF417 payload or the three MRZ lines."""
    text = payload.decode("latin-1") if isinstance(payload, bytes) else payload
    if PDF417_MARK in text:
        return parse_pdf417(text)
    compact = re.sub(r"\s+", "", text).upper()
    if "<" in compact and re.search(r"[ICA][A-Z<][A-Z]{3}", compact):
        return parse_mrz(text)
    raise ScanError(_("What was read is not the barcode of a cédula nor the MRZ of a digital cédula. Read it again."))


# --- PDF417 (yellow cédula) ----------------------------------------------------------------------


def _clean(value: str) -> str:
    return " ".join(value.replace("\x00", " ").split()).upper()


def _document_number(raw: str) -> str:
    digits = raw.strip().lstrip("0")
    if not digits.isdigit() or not 3 <= len(digits) <= 10:
        raise ScanError(_("The document number in the barcode is not valid. Read it again."))
    return digits


def _birth_date(raw: str, *, today: datetime.date | None = None) -> datetime.date:
    try:
        value = datetime.date(int(raw[0:4]), int(raw[4:6]), int(raw[6:8]))
    except ValueError:
        raise ScanError(_("The birth date in the barcode is not a date. Read it again.")) from None
    if value > (today or datetime.date.today()):
        raise ScanError(_("The birth date in the barcode is in the future. Read it again."))
    return value


def parse_pdf417(payload: str | bytes) -> ScannedId:
    """The fields of a cédula's PDF417 payload (full bytes, NULs as spaces, or NULs dropped)."""
    text = payload.decode("latin-1") if isinstance(payload, bytes) else payload
    mark = text.find(PDF417_MARK)
    if mark < 0:
        raise ScanError(_("The barcode is not the one on the back of a Colombian cédula."))
    # Fields are found from the mark: a keyboard scanner's first characters are sometimes lost
    # (or typed into the field before the page noticed the burst), and the header is not needed.
    base = mark - PDF417_MARK_AT
    if base < 0:
        text, base = " " * -base + text, 0
    id_type = _HEADERS.get(text[base : base + 2].upper(), "CC")
    text = text[base:]
    gap = text[PDF417_MARK_AT + 8 : PDF417_MARK_AT + 16]
    if len(gap) == 8 and not gap.strip("\x00 ") and len(text) >= PDF417_MIN_LENGTH + (id_type == "TI"):
        return _parse_fixed(text, id_type)
    return _parse_separated(text[PDF417_MARK_AT:], id_type)


def _parse_fixed(text: str, id_type: str) -> ScannedId:
    shift = 1 if id_type == "TI" else 0

    def get(name: str) -> str:
        start, end = _FIXED[name]
        if name != "id_number":
            start, end = start + shift, end + shift
        return text[start:end]

    sex = get("sex").upper()
    if sex not in ("M", "F"):
        raise ScanError(_("The barcode was not read whole (the sex is missing). Read it again."))
    blood = _clean(get("blood_type"))
    return ScannedId(
        source="pdf417",
        id_type=id_type,
        id_number=_document_number(get("id_number")),
        first_surname=_clean(get("first_surname")),
        second_surname=_clean(get("second_surname")),
        first_name=_clean(get("first_name")),
        second_name=_clean(get("second_name")),
        birth_date=_birth_date(get("birth_date")),
        sex=sex,
        blood_type=blood if _BLOOD.match(blood) else "",
    )


def _parse_separated(text: str, id_type: str) -> ScannedId:
    """NUL runs collapsed or dropped by the scanner: the fields are found by their order."""
    after = text[len(PDF417_MARK) + 1 :]  # past "PubDSK_1"
    if "\x00" not in after.strip("\x00"):
        return _parse_run_together(after, id_type)
    tokens = [token for token in _NUL_RUNS.split(after) if token]
    if tokens and len(tokens[0]) <= 8:  # the fingerprint card number alone
        tokens = tokens[1:]
    if not tokens or len(tokens[0]) < 18:
        raise ScanError(_("The barcode was not read whole (the document number is missing). Read it again."))
    number, surname = tokens[0][8:18], tokens[0][18:]
    names = [surname]
    tail = None
    for token in tokens[1:]:
        match = _TAIL.match(token)
        if match:
            tail = match
            break
        names.append(token)
    if tail is None:
        raise ScanError(_("The barcode was not read whole (the birth date is missing). Read it again."))
    names = [_clean(name) for name in names]
    warnings = ()
    if len(names) == 3:
        # Two surnames and one name, or one surname and two names: the usual case is the first.
        names.append("")
        warnings = (_("Check the names: the scanner did not keep the empty fields of the barcode."),)
    names += [""] * (4 - len(names))
    return ScannedId(
        source="pdf417",
        id_type=id_type,
        id_number=_document_number(number),
        first_surname=names[0],
        second_surname=names[1],
        first_name=names[2],
        second_name=" ".join(names[3:]).strip(),
        birth_date=_birth_date(tail.group(2)),
        sex=tail.group(1),
        blood_type=tail.group(4) or "",
        warnings=warnings,
    )


def _parse_run_together(after: str, id_type: str) -> ScannedId:
    match = re.match(r"^(\d{8})(\d{10})(\D+?)0([MF])(\d{8})", after)
    if match is None:
        raise ScanError(_("The barcode was not read whole. Read it again."))
    return ScannedId(
        source="pdf417",
        id_type=id_type,
        id_number=_document_number(match.group(2)),
        birth_date=_birth_date(match.group(5)),
        sex=match.group(4),
        warnings=(
            _(
                "The scanner dropped the separators of the barcode, so the names cannot be told apart: type them "
                "(or set the scanner to send NUL as a space)."
            ),
        ),
    )


# --- MRZ (digital cédula, ICAO 9303 TD1) ----------------------------------------------------------


def mrz_check_digit(value: str) -> str:
    """The ICAO 9303 check digit: weights 7, 3, 1 over digits, letters (A=10…Z=35) and filler (<=0)."""
    total = 0
    for position, char in enumerate(value):
        if char not in _MRZ_VALUES:
            raise ScanError(_("The MRZ has a character that is not allowed: read it again."))
        total += _MRZ_VALUES[char] * (7, 3, 1)[position % 3]
    return str(total % 10)


def _mrz_lines(text: str) -> list[str]:
    lines = [re.sub(r"\s+", "", line).upper() for line in text.replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if len(lines) == 1 and len(lines[0]) == 3 * MRZ_LINE:
        lines = [lines[0][i : i + MRZ_LINE] for i in range(0, 3 * MRZ_LINE, MRZ_LINE)]
    elif len(lines) == 3:
        # Characters typed just before the reader's burst stick to the first line: keep its last 30.
        lines[0] = lines[0][-MRZ_LINE:]
    if len(lines) != 3 or any(len(line) != MRZ_LINE for line in lines):
        raise ScanError(_("The MRZ of a digital cédula has three lines of 30 characters: read it again."))
    if not all(_MRZ_CHARS.match(line) for line in lines):
        raise ScanError(_("The MRZ has a character that is not allowed: read it again."))
    return lines


def _mrz_date(value: str, *, past: bool) -> datetime.date:
    year, month, day = int(value[0:2]), int(value[2:4]), int(value[4:6])
    today = datetime.date.today()
    century = 2000 if not past or 2000 + year <= today.year else 1900
    try:
        result = datetime.date(century + year, month, day)
    except ValueError:
        raise ScanError(_("The MRZ has a date that does not exist: read it again.")) from None
    if past and result > today:
        result = result.replace(year=result.year - 100)
    return result


def parse_mrz(text: str) -> ScannedId:
    """The fields of a Colombian digital cédula's MRZ, every check digit verified."""
    line1, line2, line3 = _mrz_lines(text)
    if line1[0] not in "ICA" or line1[2:5] != "COL":
        raise ScanError(_("The MRZ is not that of a Colombian cédula."))
    checks = (
        (line1[5:14], line1[14], _("the document number")),
        (line2[0:6], line2[6], _("the birth date")),
        (line2[8:14], line2[14], _("the expiry date")),
        (line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29], line2[29], _("the whole MRZ (composite digit)")),
    )
    for value, digit, label in checks:
        if not digit.isdigit() or mrz_check_digit(value) != digit:
            raise ScanError(
                _("The check digit of %(field)s does not match: the MRZ was misread. Read it again.") % {"field": label}
            )
    # The NUIP (the person's number, the one of the old cédula) is the optional data of line 2.
    number = line2[18:28].replace("<", "")
    if not number.isdigit():
        raise ScanError(_("The MRZ does not carry the person's number (NUIP): read it again."))
    sex = line2[7] if line2[7] in ("M", "F") else ""
    surnames, _sep, given = line3.rstrip("<").partition("<<")
    surname_parts = [part for part in surnames.split("<") if part]
    given_parts = [part for part in given.split("<") if part]
    warnings = ()
    if not line3.endswith("<"):
        warnings = (_("The names fill the MRZ line and may be cut short: check them against the cédula."),)
    return ScannedId(
        source="mrz",
        id_type="CC",
        id_number=_document_number(number),
        first_surname=surname_parts[0] if surname_parts else "",
        second_surname=" ".join(surname_parts[1:]),
        first_name=given_parts[0] if given_parts else "",
        second_name=" ".join(given_parts[1:]),
        birth_date=_mrz_date(line2[0:6], past=True),
        sex=sex,
        warnings=warnings,
    )


# --- Camera path: a photo or a video frame, decoded on the server --------------------------------


def decode_barcode_image(image: Image.Image) -> bytes:
    """The bytes of the PDF417 in a photo of the back of a cédula (zxing-cpp), or BarcodeNotFound.

    The caller opens the upload after checking it (core.uploads.check_upload: type by content,
    size, pixels).
    """
    import zxingcpp
    from PIL import ImageOps

    gray = ImageOps.exif_transpose(image).convert("L")
    for result in zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.PDF417):
        if result.valid and result.bytes:
            return bytes(result.bytes)
    raise BarcodeNotFound(_("No barcode was found in the image: hold the back of the cédula closer, flat and lit."))


# --- Camera path, digital cédula: the MRZ read by OCR (Tesseract) ----------------------------------

_MRZ_WHITELIST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
OCR_TIMEOUT_S = 8


def ocr_available() -> bool:
    """Tesseract (Debian's tesseract-ocr) is installed: the camera can read an MRZ."""
    import shutil

    return shutil.which("tesseract") is not None


def read_mrz_image(image: Image.Image) -> str:
    """The three MRZ lines in a photo of the back of a digital cédula, or BarcodeNotFound.

    Tesseract runs as a process on the laptop itself (no network), restricted to the MRZ's
    alphabet: first on the lower part of the card (where the MRZ is printed), then on the whole
    image. OCR misreads are not trusted: `parse_mrz` checks all four ICAO check digits, so a
    misread number or date is refused, never filled in; the names (no check digit covers them)
    carry a warning to compare them with the cédula.
    """
    from PIL import Image as PILImage
    from PIL import ImageOps

    if not ocr_available():
        raise BarcodeNotFound(_("No barcode was found in the image: hold the back of the cédula closer, flat and lit."))
    gray = ImageOps.exif_transpose(image).convert("L")
    if gray.width < 1000:  # a small frame: characters too small for the OCR
        scale = 1280 / gray.width
        gray = gray.resize((1280, max(1, round(gray.height * scale))), PILImage.Resampling.LANCZOS)
    gray = ImageOps.autocontrast(gray, cutoff=1)
    for region in (gray.crop((0, gray.height * 2 // 5, gray.width, gray.height)), gray):
        lines = _mrz_in(_tesseract(region))
        if lines:
            return "\n".join(lines)
    raise BarcodeNotFound(
        _("Neither the barcode nor the MRZ could be read in the image: hold the cédula closer, flat and lit.")
    )


def _tesseract(image: Image.Image) -> str:
    import subprocess

    out = io.BytesIO()
    image.save(out, "PNG")
    command = ["tesseract", "stdin", "stdout", "--psm", "6", "-l", "eng"]
    try:
        process = subprocess.run(
            [*command, "-c", f"tessedit_char_whitelist={_MRZ_WHITELIST}"],
            input=out.getvalue(),
            capture_output=True,
            timeout=OCR_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return process.stdout.decode("ascii", "ignore") if process.returncode == 0 else ""


_AS_LETTER = str.maketrans("012586", "OIZSBG")


def _mrz_in(text: str) -> list[str]:
    """The three lines of 30 that start with a document code and COL; the letters-only fields
    (code, issuing state, nationality) with OCR's digit-for-letter confusions undone."""
    lines = [re.sub(r"\s+", "", line).upper() for line in text.splitlines()]
    lines = [line for line in lines if len(line) == MRZ_LINE and _MRZ_CHARS.match(line)]
    for index in range(len(lines) - 2):
        line1, line2, line3 = lines[index : index + 3]
        line1 = line1[:5].translate(_AS_LETTER) + line1[5:]
        line2 = line2[:15] + line2[15:18].translate(_AS_LETTER) + line2[18:]
        if line1[0] in "ICA" and line1[2:5] == "COL":
            return [line1, line2, line3]
    return []
